/**
 * `npm start`: the app as `node dist/src/index.js` runs it, plus Microsoft 365 Agents Playground next
 * to it when PLAYGROUND says so (the all-defaults demo, or PLAYGROUND=true). The Playground is a dev
 * dependency, so it lives here and not in `src/`, which is all a production image holds.
 */
import { main, type StartCompanion } from '../src/index';
import { startPlayground } from './playground/playground';

/** The Playground for the banner; a failure to start it is a banner line, never a stop of the bot. */
export function playgroundCompanion(options: { readonly cliPath?: string } = {}): StartCompanion {
  return async (app, running) => {
    const settings = app.config.playground;
    if (!settings.enabled) return undefined;
    const { playground, problem } = await startPlayground({
      botEndpoint: `http://127.0.0.1:${running.port}/api/messages`,
      port: settings.port,
      locale: settings.locale,
      headless: settings.headless,
      logger: app.logger,
      ...(options.cliPath !== undefined ? { cliPath: options.cliPath } : {}),
    });
    if (!playground)
      return {
        problem: `Agents Playground is not running (${problem ?? 'no reason given'})`,
        stop: () => Promise.resolve(),
      };
    return {
      chatLines: [
        `  • Open ${playground.url} in a browser to chat with the bot`,
        `    as ${playground.user.name} (say "hej"; PLAYGROUND_LOCALE=en-US for English).`,
      ],
      stop: () => playground.stop(),
    };
  };
}

if (require.main === module) {
  main(playgroundCompanion()).catch((error: unknown) => {
    process.stderr.write(
      `Reset Assistant could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
}
