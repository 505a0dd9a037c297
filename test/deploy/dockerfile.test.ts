import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const root = path.resolve(__dirname, '..', '..', '..');

interface Instruction {
  readonly keyword: string;
  readonly args: string;
  readonly line: number;
}

/** Dockerfile instructions with continuations joined and comments dropped (no Docker engine here). */
export function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending = '';
  let start = 0;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) return;
    if (pending === '') start = index + 1;
    if (line.startsWith('#')) return;
    pending += ` ${line.replace(/\\$/, '')}`;
    if (line.endsWith('\\')) return;
    const [, keyword = '', args = ''] = /^\s*(\S+)\s*(.*)$/.exec(pending) ?? [];
    instructions.push({ keyword: keyword.toUpperCase(), args: args.trim(), line: start });
    pending = '';
  });
  assert.equal(pending, '', 'the Dockerfile ends inside a continued line');
  return instructions;
}

function stages(
  instructions: readonly Instruction[],
): { name: string; image: string; body: Instruction[] }[] {
  const result: { name: string; image: string; body: Instruction[] }[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [image = '', as, name] = instruction.args.split(/\s+/);
      assert.ok(as === undefined || as.toUpperCase() === 'AS', `FROM on line ${instruction.line}`);
      result.push({ name: name ?? String(result.length), image, body: [] });
    } else {
      assert.ok(result.length > 0, `${instruction.keyword} before FROM on line ${instruction.line}`);
      result.at(-1)!.body.push(instruction);
    }
  }
  return result;
}

const KNOWN = new Set([
  'FROM', 'RUN', 'CMD', 'LABEL', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT', 'VOLUME', 'USER', 'WORKDIR',
  'ARG', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL',
]); // prettier-ignore
const SECRET_NAME = /SECRET|PASSWORD|TOKEN|KEY|CONNECTION_STRING|MicrosoftApp(Id|Password)|HEADERS/i;

describe('Dockerfile (static checks: no Docker engine here, the image was not built)', function () {
  const instructions = parseDockerfile(readFileSync(path.join(root, 'Dockerfile'), 'utf8'));
  const all = stages(instructions);
  const build = all[0]!;
  const runtime = all.at(-1)!;

  describe('when parsed', function () {
    it('has only known instructions and a build stage before the runtime stage', function () {
      for (const { keyword, line } of instructions)
        assert.ok(KNOWN.has(keyword), `${keyword} on line ${line}`);
      assert.deepEqual(
        all.map((stage) => [stage.name, stage.image]),
        [
          ['build', 'node:24-bookworm-slim'],
          ['runtime', 'node:24-bookworm-slim'],
        ],
      );
    });

    it('builds in the build stage and installs only production dependencies in the runtime stage', function () {
      const runs = (stage: typeof build) => stage.body.filter((i) => i.keyword === 'RUN').map((i) => i.args);
      assert.ok(runs(build).some((args) => /\bnpm ci\b/.test(args)));
      assert.ok(runs(build).some((args) => /\bnpm run build\b/.test(args)));
      assert.ok(runs(runtime).some((args) => /\bnpm ci --omit=dev\b/.test(args)));
      const copies = runtime.body.filter((i) => i.keyword === 'COPY').map((i) => i.args);
      assert.ok(
        copies.some((args) => args.startsWith('--from=build ')),
        'the compiled output comes from build',
      );
    });

    it('pins the rimraf the install script needs to the lockfile version', function () {
      const lock = z
        .object({ packages: z.record(z.object({ version: z.string().optional() }).passthrough()) })
        .parse(JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')));
      const version = lock.packages['node_modules/rimraf']?.version;
      assert.ok(version);
      assert.ok(runtime.body.some((i) => i.keyword === 'RUN' && i.args.includes(`rimraf@${version}`)));
    });

    it('runs as a non-root user from the last RUN on', function () {
      const users = runtime.body.filter((i) => i.keyword === 'USER');
      const user = users.at(-1);
      assert.ok(user, 'no USER in the runtime stage');
      assert.doesNotMatch(user.args, /^(root|0)(:|$)/);
      const lastRun = Math.max(...runtime.body.map((i, index) => (i.keyword === 'RUN' ? index : -1)));
      assert.ok(runtime.body.indexOf(user) > lastRun, 'USER comes before a RUN');
    });

    it('bakes in no secrets', function () {
      for (const { keyword, args, line } of instructions) {
        if (keyword === 'ENV' || keyword === 'ARG') {
          const names = [...args.matchAll(/(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)(?==|\s|$)/g)].map((m) => m[1]!);
          for (const name of names)
            assert.doesNotMatch(name, SECRET_NAME, `${keyword} ${name} on line ${line}`);
        }
        if (keyword === 'COPY' || keyword === 'ADD') assert.doesNotMatch(args, /\.env\b|\.pem\b|\.pfx\b/);
      }
    });

    it('has a HEALTHCHECK that asks /healthz with node', function () {
      const healthchecks = runtime.body.filter((i) => i.keyword === 'HEALTHCHECK');
      assert.equal(healthchecks.length, 1);
      assert.match(healthchecks[0]!.args, /CMD \["node", "-e", ".*\/healthz/);
    });

    it('starts the same entry point as package.json', function () {
      const main = z
        .object({ main: z.string() })
        .parse(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')));
      const cmd = runtime.body.filter((i) => i.keyword === 'CMD').at(-1);
      // No flag silences a warning: the process starts clean.
      assert.deepEqual(JSON.parse(cmd?.args ?? 'null'), ['node', main.main]);
    });
  });

  describe('when the build context is filtered by .dockerignore', function () {
    const ignored = readFileSync(path.join(root, '.dockerignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));

    it('keeps secrets, dependencies and local state out', function () {
      for (const entry of ['.env', '.env.*', 'node_modules', '.git', 'dist', '*.sqlite']) {
        assert.ok(ignored.includes(entry), entry);
      }
    });

    it('keeps everything the build copies, and it exists', function () {
      const sources = build.body
        .filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from'))
        .flatMap((i) => i.args.split(/\s+/).slice(0, -1));
      for (const source of sources) {
        assert.ok(existsSync(path.join(root, source)), `${source} does not exist`);
        assert.ok(!ignored.includes(source), `${source} is ignored`);
      }
    });
  });
});
