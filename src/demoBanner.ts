export interface DemoBannerInput {
  readonly botUrl: string;
  /** How to chat with the bot, from what runs next to it (`npm start`: the Agents Playground's URL). */
  readonly chatLines?: readonly string[];
  /** Why there is no chat client (the Playground did not start, or this entry point starts none). */
  readonly chatProblem?: string;
  /** A one-time sign-in link to the service desk's view. */
  readonly helpdeskLink?: string;
}

/** What someone who ran `npm start` with nothing configured needs to know, framed so it stands out. */
export function demoBanner({ botUrl, chatLines, chatProblem, helpdeskLink }: DemoBannerInput): string {
  const endpoint = `${botUrl}/api/messages`;
  const chat = chatLines ?? [
    `  • ${chatProblem ?? 'This entry point starts no chat client (`npm start` adds the Agents Playground)'}.`,
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
