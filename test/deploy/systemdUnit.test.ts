import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { settingsSchema } from '../../src/config';

const root = path.resolve(__dirname, '..', '..', '..');
const unitPath = path.join(root, 'deploy', 'reset-assistant.service');
const envExamplePath = path.join(root, 'deploy', 'reset-assistant.env.example');

/** `Key=value` lines of one section; a key given twice keeps every value. */
function section(text: string, name: string): Map<string, string[]> {
  const entries = new Map<string, string[]>();
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      current = header[1]!;
      continue;
    }
    if (current !== name) continue;
    const [key = '', ...value] = line.split('=');
    entries.set(key, [...(entries.get(key) ?? []), value.join('=')]);
  }
  return entries;
}

describe('systemd unit example (deploy/reset-assistant.service)', function () {
  let text: string;
  let service: Map<string, string[]>;

  before(async function () {
    text = await readFile(unitPath, 'utf8');
    service = section(text, 'Service');
  });

  describe('when read', function () {
    it('runs the built bot as its own user with settings from an EnvironmentFile', function () {
      assert.deepEqual(service.get('User'), ['reset-assistant']);
      assert.match(service.get('EnvironmentFile')?.[0] ?? '', /^\/etc\/reset-assistant\/.+\.env$/);
      assert.match(service.get('ExecStart')?.[0] ?? '', /node dist\/src\/index\.js$/);
      assert.deepEqual(service.get('Environment'), ['NODE_ENV=production']);
    });

    it('is hardened', function () {
      const expected: Record<string, string> = {
        NoNewPrivileges: 'yes',
        ProtectSystem: 'strict',
        ProtectHome: 'yes',
        PrivateTmp: 'yes',
        PrivateDevices: 'yes',
        CapabilityBoundingSet: '',
        RestrictSUIDSGID: 'yes',
      };
      for (const [key, value] of Object.entries(expected)) assert.deepEqual(service.get(key), [value], key);
    });

    it('holds no secret', function () {
      assert.doesNotMatch(text, /(PASSWORD|SECRET|TOKEN|KEY)\s*=/i);
    });
  });

  describe('when checked by systemd-analyze verify', function () {
    it('reports no unknown or invalid setting', async function () {
      const dir = await mkdtemp(path.join(tmpdir(), 'unit-'));
      try {
        const copy = path.join(dir, 'reset-assistant.service');
        await copyFile(unitPath, copy);
        const result = await promisify(execFile)('systemd-analyze', ['verify', copy]).catch(
          (error: NodeJS.ErrnoException & { stderr?: string }) => {
            if (error.code === 'ENOENT') return undefined;
            return { stdout: '', stderr: error.stderr ?? String(error) };
          },
        );
        if (result === undefined) this.skip(); // no systemd on this machine
        // Users and paths of the target server do not exist here; the syntax must be right.
        const complaints = result.stderr
          .split('\n')
          .filter((line) => /Unknown|Invalid|Failed to parse|bad-setting/i.test(line));
        assert.deepEqual(complaints, []);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
});

describe('systemd environment example (deploy/reset-assistant.env.example)', function () {
  /** `KEY=value` lines, also those commented out (`# KEY=`) as optional suggestions. */
  let settings: { key: string; value: string; commented: boolean }[];

  before(async function () {
    const text = await readFile(envExamplePath, 'utf8');
    settings = [...text.matchAll(/^(#\s*)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/gm)].map((match) => ({
      key: match[2]!,
      value: match[3]!,
      commented: match[1] !== undefined,
    }));
  });

  describe('when read', function () {
    it('names only settings the config schema knows', function () {
      const known = new Set(Object.keys(settingsSchema.shape));
      assert.ok(settings.length > 0);
      assert.deepEqual(
        settings.filter(({ key }) => !known.has(key)).map(({ key }) => key),
        [],
      );
    });

    it('leaves every secret empty, to be filled in on the server', function () {
      for (const { key, value } of settings) {
        if (/SECRET|PASSWORD|HEADERS|CONNECTION_STRING/.test(key)) assert.equal(value, '', key);
      }
    });

    it("asks for what the service desk's view and alerts need in production", function () {
      const asked = new Set(settings.filter(({ commented }) => !commented).map(({ key }) => key));
      for (const key of [
        'PUBLIC_URL',
        'HELPDESK_CLIENT_ID',
        'HELPDESK_CLIENT_SECRET',
        'HELPDESK_SESSION_SECRET',
        'ALERT_TEAM_ID',
      ]) {
        assert.ok(asked.has(key), key);
      }
    });
  });
});
