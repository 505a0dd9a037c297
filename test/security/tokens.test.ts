import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import type { Activity } from 'botbuilder';
import sinon from 'sinon';
import { ConfigError, loadConfig } from '../../src/config';
import { ANNA_AAD_OBJECT_ID, startBot, type BotHarness } from '../support/botHarness';
import { channelClaims, newSigningKey, OpenIdStub, signJwt } from '../support/openIdStub';
import type { TeamsUser } from '../support/teamsUser';

const APP_ID = '5d3c1a2b-7e8f-4a9b-8c0d-1e2f3a4b5c6d';
const TENANT_ID = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';
const MINUTE = 60;

interface Answer {
  readonly status: number;
  readonly text: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

describe('token validation (botbuilder JWT checks against a local OpenID configuration)', function () {
  this.timeout(60_000);

  let openId: OpenIdStub;
  let bot: BotHarness;
  let consoleError: sinon.SinonStub;
  let casesBefore = 0;

  before(async () => {
    // botbuilder prints every rejected token (and the public key) to console.error: keep the output readable.
    consoleError = sinon.stub(console, 'error');
    openId = new OpenIdStub();
    const metadataUrl = await openId.start();
    bot = await startBot({
      MicrosoftAppId: APP_ID,
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: TENANT_ID,
      MicrosoftAppPassword: 'app-password-never-used-offline',
      BotOpenIdMetadata: metadataUrl,
    });
  });

  after(async () => {
    consoleError.restore();
    await bot.stop();
    await openId.stop();
  });

  function anna(): TeamsUser {
    return bot.user({ aadObjectId: ANNA_AAD_OBJECT_ID, tenantId: TENANT_ID, deliveryMode: 'expectReplies' });
  }

  /** Posts a Teams greeting with `authorization` as the header value (none when undefined). */
  async function post(user: TeamsUser, authorization: string | undefined): Promise<Answer> {
    const activity: Partial<Activity> = user.activity({ type: 'message', text: 'hej' });
    const response = await fetch(new URL('/api/messages', bot.botUrl), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(authorization !== undefined ? { authorization } : {}),
      },
      body: JSON.stringify(activity),
    });
    return { status: response.status, text: await response.text() };
  }

  function serviceUrlOf(user: TeamsUser): string {
    return user.activity({}).serviceUrl!;
  }

  /** Nothing of a turn happened for this conversation: no transcript, no reply, no SMS, no case. */
  async function assertNoTurn(user: TeamsUser, answer: Answer): Promise<void> {
    assert.equal(answer.status, 401, answer.text);
    assert.doesNotMatch(answer.text, /at .*\.js|-----BEGIN|Available keys/);
    const transcript = await bot.app.transcripts.getTranscriptActivities('msteams', user.conversationId);
    assert.equal(transcript.items.length, 0, 'no activity of this conversation reached a turn');
    assert.equal(bot.connector.calls.length, 0, 'no connector call');
    assert.equal(bot.sms.received.length, 0, 'no SMS');
    assert.equal((await bot.app.cases.list()).length, casesBefore, 'no case');
  }

  describe('when the token is valid (signed with the published key, right issuer, audience and serviceUrl)', () => {
    it('answers 200 and the turn runs', async () => {
      const user = anna();
      const answer = await post(user, `Bearer ${openId.sign(channelClaims(APP_ID, serviceUrlOf(user)))}`);
      assert.equal(answer.status, 200, answer.text);
      const body = JSON.parse(answer.text) as { activities?: Partial<Activity>[] };
      assert.ok((body.activities ?? []).length > 0, 'the bot replied');
      const transcript = await bot.app.transcripts.getTranscriptActivities('msteams', user.conversationId);
      assert.ok(transcript.items.length > 0);
      assert.ok(openId.requests.includes('/v1/.well-known/keys'), 'keys came from the local JWKS');
    });

    it('validates quickly (median of 50 requests, printed for the report)', async function () {
      const user = anna();
      const claims = channelClaims(APP_ID, serviceUrlOf(user));
      const accepted: number[] = [];
      const refused: number[] = [];
      for (let i = 0; i < 50; i++) {
        let started = performance.now();
        const ok = await post(user, `Bearer ${openId.sign(claims)}`);
        accepted.push(performance.now() - started);
        assert.equal(ok.status, 200);
        started = performance.now();
        const bad = await post(user, `Bearer ${openId.sign({ ...claims, aud: 'someone-else' })}`);
        refused.push(performance.now() - started);
        assert.equal(bad.status, 401);
      }
      const figures = `valid token + turn ${median(accepted).toFixed(1)} ms, refused token ${median(refused).toFixed(1)} ms`;
      this.test!.title += ` [${figures}]`;
      assert.ok(median(refused) < 100, figures);
    });
  });

  describe('when the token is wrong', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const other = newSigningKey();
    const cases: [string, (user: TeamsUser) => string | undefined][] = [
      ['no Authorization header', () => undefined],
      ['an empty Bearer token', () => 'Bearer '],
      ['a token that is not a JWT', () => 'Bearer not.a.jwt'],
      ['another scheme', (user) => `Basic ${openId.sign(channelClaims(APP_ID, serviceUrlOf(user)))}`],
      [
        'expired (beyond the 5-minute clock tolerance)',
        (user) => {
          const claims = channelClaims(APP_ID, serviceUrlOf(user), now() - 2 * 3600);
          return `Bearer ${openId.sign({ ...claims, exp: now() - 10 * MINUTE })}`;
        },
      ],
      [
        'not yet valid (nbf 10 minutes ahead)',
        (user) =>
          `Bearer ${openId.sign({ ...channelClaims(APP_ID, serviceUrlOf(user)), nbf: now() + 10 * MINUTE })}`,
      ],
      [
        'for another bot (wrong audience)',
        (user) =>
          `Bearer ${openId.sign({ ...channelClaims(APP_ID, serviceUrlOf(user)), aud: '00000000-0000-0000-0000-000000000001' })}`,
      ],
      [
        'from another issuer',
        (user) =>
          `Bearer ${openId.sign({ ...channelClaims(APP_ID, serviceUrlOf(user)), iss: 'https://sts.windows.net/evil/' })}`,
      ],
      [
        'signed by another key under the published kid (bad signature)',
        (user) =>
          `Bearer ${openId.sign(channelClaims(APP_ID, serviceUrlOf(user)), { key: other.privateKey, kid: openId.key.kid })}`,
      ],
      [
        'signed by a key the JWKS does not list (unknown kid)',
        (user) =>
          `Bearer ${openId.sign(channelClaims(APP_ID, serviceUrlOf(user)), { key: other.privateKey, kid: other.kid })}`,
      ],
      [
        'for another serviceUrl (claim mismatch)',
        (user) =>
          `Bearer ${openId.sign({ ...channelClaims(APP_ID, serviceUrlOf(user)), serviceurl: 'https://smba.evil.example/' })}`,
      ],
      [
        'unsigned (alg none)',
        (user) => {
          const token = signJwt(
            { kid: openId.key.kid },
            channelClaims(APP_ID, serviceUrlOf(user)),
            other.privateKey,
          );
          const [, payload] = token.split('.');
          const header = Buffer.from(
            JSON.stringify({ alg: 'none', typ: 'JWT', kid: openId.key.kid }),
          ).toString('base64url');
          return `Bearer ${header}.${payload}.`;
        },
      ],
      [
        'HS256 keyed with the public key (algorithm confusion)',
        (user) => {
          const header = Buffer.from(
            JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: openId.key.kid }),
          ).toString('base64url');
          const payload = Buffer.from(JSON.stringify(channelClaims(APP_ID, serviceUrlOf(user)))).toString(
            'base64url',
          );
          const jwk = openId.key.jwk as { n: string; e: string };
          const mac = createHmac('sha256', `${jwk.n}.${jwk.e}`)
            .update(`${header}.${payload}`)
            .digest('base64url');
          return `Bearer ${header}.${payload}.${mac}`;
        },
      ],
    ];

    beforeEach(async () => {
      // A conversation that ran earlier must not mask one that runs now.
      bot.connector.calls.length = 0;
      bot.sms.received.length = 0;
      casesBefore = (await bot.app.cases.list()).length;
    });

    for (const [name, authorization] of cases) {
      it(`refuses a token ${name} with 401 and runs no turn`, async () => {
        const user = anna();
        await assertNoTurn(user, await post(user, authorization(user)));
      });
    }
  });

  describe('when botbuilder refuses a token (it prints the error, the key list, the stack to the console)', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const forgedBy = newSigningKey();
    const refusals: [string, (user: TeamsUser) => string][] = [
      [
        'expired',
        (user) => {
          const claims = channelClaims(APP_ID, serviceUrlOf(user), now() - 2 * 3600);
          return openId.sign({ ...claims, exp: now() - 10 * MINUTE });
        },
      ],
      [
        'forged (signed by another key under the published kid)',
        (user) =>
          openId.sign(channelClaims(APP_ID, serviceUrlOf(user)), {
            key: forgedBy.privateKey,
            kid: openId.key.kid,
          }),
      ],
    ];

    for (const [name, token] of refusals) {
      it(`writes nothing to the console for an ${name} token, and one log line without the token`, async () => {
        const user = anna();
        const jwt = token(user);
        const stdout = sinon.spy(process.stdout, 'write');
        const stderr = sinon.spy(process.stderr, 'write');
        const consoleBefore = consoleError.callCount;
        const logsBefore = bot.logs.length;
        let answer: Answer;
        try {
          answer = await post(user, `Bearer ${jwt}`);
        } finally {
          stdout.restore();
          stderr.restore();
        }
        assert.equal(answer.status, 401);
        assert.equal(stdout.callCount + stderr.callCount, 0, 'nothing written to stdout or stderr');
        assert.equal(consoleError.callCount, consoleBefore, 'console.error not called');
        const lines = bot.logs.slice(logsBefore).filter((line) => line.includes('botbuilder refused'));
        assert.equal(lines.length, 1, bot.logs.slice(logsBefore).join('\n'));
        const [line] = lines;
        assert.match(line!, /"status":401/);
        assert.match(line!, name === 'expired' ? /expired/ : /Invalid token|invalid signature/);
        const [header, payload, signature] = jwt.split('.');
        for (const part of [jwt, header!, payload!, signature!]) assert.ok(!line!.includes(part));
        assert.doesNotMatch(line!, /-----BEGIN|\bat .*\.js/);
        assert.doesNotMatch(answer.text, /expired|signature|token/i);
      });
    }
  });
});

describe('the BotOpenIdMetadata setting', () => {
  const bot = {
    MicrosoftAppId: APP_ID,
    MicrosoftAppType: 'SingleTenant',
    MicrosoftAppTenantId: TENANT_ID,
    MicrosoftAppPassword: 'x',
  };
  const problemsWith = (env: Record<string, string>): readonly string[] => {
    try {
      loadConfig(env);
      return [];
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      return error.problems;
    }
  };

  describe('when it is set', () => {
    it('is carried into the config as a URL, and refused when it is none or not https in production', () => {
      const url = 'http://127.0.0.1:1/v1/.well-known/openidconfiguration';
      assert.equal(loadConfig({ ...bot, BotOpenIdMetadata: url }).bot.openIdMetadataUrl, url);
      assert.equal(loadConfig(bot).bot.openIdMetadataUrl, undefined);
      assert.ok(problemsWith({ ...bot, BotOpenIdMetadata: 'keys' }).includes('BotOpenIdMetadata: not a URL'));
      const production = problemsWith({ ...bot, NODE_ENV: 'production', BotOpenIdMetadata: url });
      assert.ok(production.includes('BotOpenIdMetadata: must be an https:// URL'), production.join('\n'));
    });
  });
});
