import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** The files a fresh Node process loads when it requires the compiled production entry point. */
export function modulesLoadedByEntryPoint(): string[] {
  const entry = path.resolve(__dirname, '../../src/index.js');
  const loaded = execFileSync(
    process.execPath,
    [
      '--no-deprecation',
      '-e',
      `require(${JSON.stringify(entry)});
       process.stdout.write(JSON.stringify(Object.keys(require.cache)));`,
    ],
    { encoding: 'utf8' },
  );
  return JSON.parse(loaded) as string[];
}

/**
 * The files a fresh Node process has loaded once the app, built from `env` alone, has started and
 * handled nothing yet (what a lazy `import()` at startup adds shows here, not in the list above).
 */
export function modulesLoadedByStartedApp(env: Record<string, string>): string[] {
  const entry = path.resolve(__dirname, '../../src/index.js');
  const script = `
    const { createApp } = require(${JSON.stringify(entry)});
    const { loadConfig } = require(${JSON.stringify(path.resolve(__dirname, '../../src/config/index.js'))});
    (async () => {
      const app = await createApp(loadConfig(${JSON.stringify(env)}), { logDestination: { write() {} } });
      await app.start();
      // Exits without stopping: a stop would first flush what telemetry holds, to wherever it points.
      process.stdout.write(JSON.stringify(Object.keys(require.cache)), () => process.exit(0));
    })().catch((error) => { process.stderr.write(String(error && error.stack)); process.exit(1); });`;
  const loaded = execFileSync(process.execPath, ['--no-deprecation', '-e', script], {
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '' },
  });
  return JSON.parse(loaded) as string[];
}
