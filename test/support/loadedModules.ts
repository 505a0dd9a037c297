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
