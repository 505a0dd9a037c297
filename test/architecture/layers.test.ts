import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../../..');
const config = path.join(root, '.dependency-cruiser.cjs');
const depcruise = path.join(root, 'node_modules', '.bin', 'depcruise');

interface Violation {
  readonly rule: { readonly name: string };
  readonly from: string;
  readonly to: string;
}

/** The layer rule's verdict on a tree: each violation as `rule: from → to`. */
async function violationsIn(dir: string, ...folders: string[]): Promise<string[]> {
  const { stdout } = await run(depcruise, [...folders, '--config', config, '--output-type', 'json'], {
    cwd: dir,
    maxBuffer: 64 * 1024 * 1024,
  }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  const summary = (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary;
  return summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
}

/** A small tree laid out like ours, with the files given (path → source). */
function treeWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'layers-'));
  // Packages resolve as they do in the repository (the domain's no-package rule needs that).
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'commonjs', strict: true }, include: ['src/**/*.ts'] }),
  );
  for (const [file, source] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), source);
  }
  return dir;
}

describe('the layer rule (.dependency-cruiser.cjs, run by npm run lint)', function () {
  this.timeout(60_000);
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const tree = (files: Record<string, string>) => {
    const dir = treeWith(files);
    made.push(dir);
    return dir;
  };

  describe('when it reads our own code', () => {
    it('finds no violation', async () => {
      assert.deepEqual(await violationsIn(root, 'src', 'dev'), []);
    });
  });

  describe('when a file breaks a rule', () => {
    const cases: ReadonlyArray<{ rule: string; files: Record<string, string> }> = [
      {
        rule: 'domain-imports-only-itself',
        files: {
          'src/reset/probe.ts':
            "import { openStores } from '../storage/stores';\nexport const x = openStores;\n",
          'src/storage/stores.ts': 'export const openStores = 1;\n',
        },
      },
      {
        rule: 'config-is-the-bottom-layer',
        files: {
          'src/config/probe.ts': "import { send } from '../sms/sender';\nexport const x = send;\n",
          'src/sms/sender.ts': 'export const send = 1;\n',
        },
      },
      {
        rule: 'cards-do-not-import-dialogs',
        files: {
          'src/cards/probe.ts': "import { words } from '../dialogs/messages';\nexport const x = words;\n",
          'src/dialogs/messages.ts': 'export const words = 1;\n',
        },
      },
      {
        rule: 'adapters-meet-only-through-ports',
        files: {
          'src/graph/probe.ts': "import { bind } from '../ad/client';\nexport const x = bind;\n",
          'src/ad/client.ts': 'export const bind = 1;\n',
        },
      },
      {
        rule: 'only-the-entry-point-composes',
        files: {
          'src/dialogs/probe.ts': "import { send } from '../sms/sender';\nexport const x = send;\n",
          'src/sms/sender.ts': 'export const send = 1;\n',
        },
      },
      {
        rule: 'nothing-imports-the-entry-point',
        files: {
          'src/bot/probe.ts': "import { main } from '../index';\nexport const x = main;\n",
          'src/index.ts': 'export const main = 1;\n',
        },
      },
      {
        rule: 'production-code-imports-no-tooling',
        files: {
          'src/bot/probe.ts': "import { launch } from '../../dev/playground';\nexport const x = launch;\n",
          'dev/playground.ts': 'export const launch = 1;\n',
        },
      },
      {
        rule: 'no-cycles-between-files',
        files: {
          'src/bot/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
          'src/bot/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
        },
      },
    ];
    for (const { rule, files } of cases) {
      it(`fails with ${rule}`, async () => {
        const found = await violationsIn(tree(files), 'src');
        assert.ok(
          found.some((line) => line.startsWith(`${rule}:`)),
          `expected ${rule}, got: ${found.join('; ') || 'none'}`,
        );
      });
    }

    it('fails when the domain imports a package', async () => {
      const found = await violationsIn(
        tree({ 'src/reset/probe.ts': "import { z } from 'zod';\nexport const x = z;\n" }),
        'src',
      );
      assert.ok(
        found.some((line) => line.startsWith('domain-uses-no-package:')),
        found.join('; '),
      );
    });
  });
});

describe('source file length', () => {
  const limit = 300;
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return sources(full);
      return entry.name.endsWith('.ts') ? [full] : [];
    });

  it(`keeps every file in src/ under ${limit} lines, or says why in its header`, () => {
    const long = sources(path.join(root, 'src'))
      .map((file) => ({ file, text: readFileSync(file, 'utf8') }))
      .filter(({ text }) => text.split('\n').length > limit)
      // The reason is a comment near the top that starts with "Longer than".
      .filter(({ text }) => !/^(?:.*\n){0,15}\s*(?:\/\/|\*|\/\*\*?)\s*Longer than/m.test(text))
      .map(({ file }) => path.relative(root, file));
    assert.deepEqual(long, []);
  });
});
