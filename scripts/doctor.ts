import { ConfigError, loadConfig } from '../src/config';
import { runDoctor } from '../src/doctor';
import { createLogger } from '../src/logging/logger';

/** `npm run doctor`: checks the configuration in the environment against the real services, read only. */
async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stdout.write(`✗ ${error.message}\n`);
    return 1;
  }
  // Adapter warnings would repeat what the checklist says; errors still reach stderr.
  const logger = createLogger({ level: 'error', destination: process.stderr });
  const report = await runDoctor(config, logger);
  process.stdout.write(`${report.text}\n`);
  return report.exitCode;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`doctor failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
