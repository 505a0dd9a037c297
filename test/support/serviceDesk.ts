import type { BotHarness } from './botHarness';
import { ANNA_AAD_OBJECT_ID } from './botHarness';

export const CECILIA_AAD_OBJECT_ID = 'd856c0d2-b531-4919-97d3-da4a991d6664';
export const NEW_PASSWORD = 'Kanelbulle42';

/** What the played cases used that must never show on a service-desk page, a CSV or a log. */
export interface PlayedCases {
  readonly codes: readonly string[];
  readonly passwords: readonly string[];
}

/**
 * A morning at the service desk: Anna sets a new password (with one wrong code first), Cecilia
 * (no phone) is turned away, Cecilia asks about Bertil's account (not hers) and leaves it open,
 * someone types an unknown username.
 */
export async function playCases(bot: BotHarness): Promise<PlayedCases> {
  const codes: string[] = [];
  const anna = bot.user({ aadObjectId: ANNA_AAD_OBJECT_ID, userId: '29:anna', name: 'Anna Svensson' });
  await anna.say('hej');
  await anna.submit('account.own');
  codes.push(bot.sms.latestCode());
  await anna.say(wrongCode(codes[0]!));
  await anna.say(codes[0]!);
  await anna.submit('choice.newPassword');
  // One she has had before: the directory refuses it (history), then the new one is taken.
  await anna.submit('password.submit', { newPassword: 'Sommar2024', repeatPassword: 'Sommar2024' });
  await anna.submit('password.submit', { newPassword: NEW_PASSWORD, repeatPassword: NEW_PASSWORD });
  await anna.submit('done.finish');

  // Cecilia twice: her own account first, then (in a new conversation) Bertil's.
  const ceciliaInTeams = { aadObjectId: CECILIA_AAD_OBJECT_ID, userId: '29:cecilia', name: 'Cecilia Ceder' };
  const cecilia = bot.user(ceciliaInTeams);
  await cecilia.say('hej');
  await cecilia.submit('account.own');

  const asking = bot.user(ceciliaInTeams);
  await asking.say('hej');
  await asking.say('bertil.berg');
  codes.push(bot.sms.latestCode());

  const stranger = bot.user({ userId: '29:stranger', name: 'Okänd Person' });
  await stranger.say('hej');
  await stranger.say('nobody.here');
  return { codes, passwords: [NEW_PASSWORD, 'Sommar2024'] };
}

function wrongCode(code: string): string {
  return code === '000000' ? '111111' : '000000';
}

/** A browser's view of /helpdesk over plain fetch: keeps cookies, does not follow redirects. */
export class HelpdeskClient {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly baseUrl: string) {}

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(path, { method: 'GET', headers });
  }

  async post(
    path: string,
    form: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    return this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form).toString(),
    });
  }

  /**
   * Signs in with a one-time link as printed on the terminal, as a browser does: opens it, then sends
   * the page's form (its script does that at once). Answers the first refusal, or the form's answer.
   */
  async signInWith(link: string): Promise<Response> {
    const page = await this.openLink(link);
    if (page.status !== 200) return page;
    const token = /name="token" value="([^"]+)"/.exec(await page.text())?.[1];
    if (token === undefined) throw new Error('the link page has no sign-in form');
    return this.post('/helpdesk/login/link/use', { token });
  }

  /** Only opens the link (what a link preview does). */
  async openLink(link: string): Promise<Response> {
    return this.get(new URL(link).pathname + new URL(link).search);
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  private async request(path: string, init: RequestInit): Promise<Response> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(new URL(path, this.baseUrl), {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) },
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      if (attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute)) || value === '') {
        this.cookies.delete(name);
      } else this.cookies.set(name, value);
    }
    return response;
  }
}
