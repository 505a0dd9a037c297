import type { RunningPlayground } from './demo/playground';

export interface DemoBannerInput {
  readonly botUrl: string;
  readonly playground?: RunningPlayground;
  /** Why the Playground did not start, when it was wanted. */
  readonly playgroundProblem?: string;
  /** A one-time sign-in link to the service desk's view. */
  readonly helpdeskLink?: string;
}

/** What someone who ran `npm start` with nothing configured needs to know, framed so it stands out. */
export function demoBanner({ botUrl, playground, playgroundProblem, helpdeskLink }: DemoBannerInput): string {
  const endpoint = `${botUrl}/api/messages`;
  const chat = playground
    ? [
        `  • Open ${playground.url} in a browser to chat with the bot`,
        `    as ${playground.user.name} (say "hej"; PLAYGROUND_LOCALE=en-US for English).`,
      ]
    : [
        `  • Agents Playground is not running${playgroundProblem ? ` (${playgroundProblem})` : ''}.`,
        '    Chat with the bot from another terminal instead:',
        `      npx -p @microsoft/m365agentsplayground agentsplayground -e ${endpoint} -c msteams`,
        `    or point Bot Framework Emulator at ${endpoint}.`,
      ];
  return [
    '',
    '════════════════════════════════════════════════════════════════════',
    '  Reset Assistant is running in DEMO MODE: not for real accounts.',
    '  • Accounts come from the demo directory file (try anna.svensson),',
    '    SMS codes are printed here in the terminal, requests are not',
    '    authenticated.',
    ...chat,
    ...(helpdeskLink !== undefined
      ? [
          "  • The service desk's view of every case (one-time sign-in link;",
          '    the sign-in page prints a new one here when needed):',
          `      ${helpdeskLink}`,
        ]
      : []),
    '  • Stop with Ctrl+C.',
    '════════════════════════════════════════════════════════════════════',
    '',
  ].join('\n');
}

/**
 * ALLOW_UNAUTHENTICATED_REQUESTS=true with real accounts or a real SMS provider: said on the terminal as
 * loudly as the demo, besides the warning in the log and the flag in `/readyz`.
 */
export function unauthenticatedBanner(): string {
  return [
    '',
    '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
    '  ALLOW_UNAUTHENTICATED_REQUESTS=true: requests are NOT authenticated',
    '  and no tenant is checked, but the directory or the SMS provider is',
    '  real. Anyone who reaches this port can act as any Teams user.',
    '  Set MicrosoftAppId and ALLOWED_TENANT_IDS before anyone else can.',
    '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
    '',
  ].join('\n');
}
