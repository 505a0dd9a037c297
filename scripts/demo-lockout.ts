/**
 * `npm run demo:lockout -- anna.svensson [http://localhost:3978]`: locks an account of the running demo
 * (`npm start` with nothing configured), as too many wrong passwords would. Within a minute
 * (LOCKOUT_WATCH_SECONDS) the bot tells the account's owner in Teams, if they have chatted with it.
 */
async function main(): Promise<void> {
  const [username = 'anna.svensson', base = 'http://localhost:3978'] = process.argv.slice(2);
  const response = await fetch(new URL(`/demo/lockout/${encodeURIComponent(username)}`, base), {
    method: 'POST',
  });
  if (response.status === 404) {
    process.stderr.write(
      `${username}: no such on-premises account in the demo directory, or the bot is not running the demo.\n`,
    );
    process.exitCode = 1;
    return;
  }
  process.stdout.write(`${username} is locked. The bot will tell its owner in Teams at its next look.\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Could not reach the demo bot: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
