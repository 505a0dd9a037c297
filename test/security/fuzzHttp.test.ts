import type { Activity } from 'botbuilder';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cardVerbs, submitSchema } from '../../src/cards/actions';
import { loadDemoDirectory, SAMPLE_DIRECTORY_PATH } from '../../src/demo/demoDirectory';
import type { AccountDirectory, AccountRef } from '../../src/reset/ports';
import { ANNA_AAD_OBJECT_ID, startBot, type BotHarness } from '../support/botHarness';
import { submitData, type TeamsUser } from '../support/teamsUser';
import { FUZZ_SEED, runs } from './fuzzSeed';

/** The demo directory, with every write recorded: a fuzzed request must never cause one. */
async function recordingDirectory(): Promise<{ directory: AccountDirectory; writes: string[] }> {
  const inner = await loadDemoDirectory(SAMPLE_DIRECTORY_PATH);
  const writes: string[] = [];
  const directory: AccountDirectory = {
    findByUsername: (username) => inner.findByUsername(username),
    findByAadObjectId: (id) => inner.findByAadObjectId(id),
    unlock: (ref: AccountRef) => {
      writes.push(`unlock ${ref.username}`);
      return inner.unlock(ref);
    },
    setPassword: (ref: AccountRef, password: string) => {
      writes.push(`setPassword ${ref.username}`);
      return inner.setPassword(ref, password);
    },
  };
  return { directory, writes };
}

interface Answer {
  readonly status: number;
  readonly text: string;
}

/** Everything a wrong-typed field could be. */
const junk = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.constantFrom('', ' ', '\u0000', '__proto__', 'constructor', 'x'.repeat(3000)),
);

describe(`the HTTP endpoint under property-based fuzzing (seed ${FUZZ_SEED})`, function () {
  // Thousands of generated cases on a shared 2-core machine: more than the project's default 20 s.
  this.timeout(120_000);

  let bot: BotHarness;
  let writes: string[];
  let serviceUrl: string;

  before(async () => {
    const recording = await recordingDirectory();
    writes = recording.writes;
    bot = await startBot({}, { directory: recording.directory });
    serviceUrl = bot.user().activity({}).serviceUrl!;
  });

  after(async () => {
    await bot.stop();
  });

  async function post(body: string | Uint8Array, contentType = 'application/json'): Promise<Answer> {
    const response = await fetch(new URL('/api/messages', bot.botUrl), {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    });
    return { status: response.status, text: await response.text() };
  }

  /** No 5xx, no internals in the body; a refused request changes nothing. */
  async function assertSafe(send: () => Promise<Answer>, invoke = false): Promise<Answer> {
    const casesBefore = (await bot.app.cases.list()).length;
    const smsBefore = bot.sms.received.length;
    const answer = await send();
    // botbuilder's ActivityHandler answers invokes it has no handler for with 501 (the bot uses none).
    const allowed = invoke && answer.status === 501;
    assert.ok(answer.status < 500 || allowed, `status ${answer.status}: ${answer.text.slice(0, 300)}`);
    assert.doesNotMatch(answer.text, /\bat .*\.js:\d+|node_modules|ZodError/);
    if (answer.status >= 400) {
      assert.equal((await bot.app.cases.list()).length, casesBefore, 'a refused request created a case');
    }
    assert.equal(bot.sms.received.length, smsBefore, 'no SMS');
    assert.deepEqual(writes, [], 'no directory write');
    return answer;
  }

  describe('when the body is arbitrary', () => {
    it('answers arbitrary JSON values without 5xx or state change', async () => {
      await fc.assert(
        fc.asyncProperty(fc.jsonValue(), async (value) => {
          const answer = await assertSafe(() => post(JSON.stringify(value) ?? 'null'));
          assert.ok(answer.status >= 400, 'a random JSON value is no activity');
        }),
        { seed: FUZZ_SEED, numRuns: runs(250) },
      );
    });

    it('answers arbitrary bytes, as JSON or any media type, without 5xx', async () => {
      const contentType = fc.constantFrom(
        'application/json',
        'application/json; charset=utf-16',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/octet-stream',
      );
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), contentType, async (bytes, type) => {
          await assertSafe(() => post(bytes, type));
        }),
        { seed: FUZZ_SEED, numRuns: runs(250) },
      );
    });
  });

  describe('when the body is activity-like with fields missing or of the wrong type', () => {
    it('answers without 5xx, and whatever it refuses changes nothing', async () => {
      const statuses = new Map<string, number>();
      // Mostly right where the schema looks (so many reach a turn), often wrong everywhere else.
      const usually = <T>(right: fc.Arbitrary<T>) =>
        fc.oneof({ arbitrary: right, weight: 12 }, { arbitrary: junk, weight: 1 });
      const sometimes = <T>(right: fc.Arbitrary<T>) => fc.oneof(right, junk);
      const id = (prefix: string) => fc.string({ minLength: 1, maxLength: 20 }).map((s) => prefix + s);
      const activity = fc.record(
        {
          type: usually(fc.constantFrom('message', 'conversationUpdate', 'invoke', 'event', 'typing')),
          id: usually(fc.uuid()),
          // Only this machine's connector stub or values that are no URL: replies never leave loopback.
          serviceUrl: fc.oneof(
            { arbitrary: fc.constant(serviceUrl), weight: 12 },
            fc.constant(`${serviceUrl}x/../`),
            fc.integer(),
            fc.constant('not a url'),
          ),
          channelId: usually(fc.constantFrom('msteams', 'webchat', 'emulator', 'directline')),
          from: usually(
            fc.record(
              { id: id('29:'), aadObjectId: sometimes(fc.constant(ANNA_AAD_OBJECT_ID)), name: junk },
              { requiredKeys: ['id'] },
            ),
          ),
          conversation: usually(
            fc.record(
              {
                id: id('a:fuzz-'),
                tenantId: sometimes(fc.constant('tenant-1')),
                conversationType: sometimes(fc.constantFrom('personal', 'groupChat', 'channel')),
                isGroup: junk,
              },
              { requiredKeys: ['id'] },
            ),
          ),
          recipient: usually(fc.record({ id: id('28:'), name: junk }, { requiredKeys: ['id'] })),
          text: fc.oneof(
            fc.constantFrom('hej', 'anna.svensson', 'avbryt', '123456', '<at>Bot</at> hjälp'),
            fc.string({ unit: 'binary', maxLength: 200 }),
            junk,
          ),
          value: junk,
          locale: usually(fc.constantFrom('sv-SE', 'en-US', 'xx', 'x'.repeat(21))),
          channelData: sometimes(fc.record({ tenant: sometimes(fc.record({ id: junk })) })),
          entities: sometimes(fc.array(fc.record({ type: junk, locale: junk }), { maxLength: 3 })),
          deliveryMode: sometimes(fc.constant('expectReplies')),
          replyToId: junk,
          membersAdded: sometimes(fc.array(fc.record({ id: junk }), { maxLength: 3 })),
          timestamp: junk,
          name: junk,
        },
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(activity, async (body) => {
          const answer = await assertSafe(() => post(JSON.stringify(body)), body.type === 'invoke');
          // For the report: which check refused it (the first field the schema named).
          const field = /Not a valid activity: ([\w.]*)/.exec(answer.text)?.[1];
          const key =
            answer.status === 400 && field !== undefined ? `400 ${field || 'body'}` : `${answer.status}`;
          statuses.set(key, (statuses.get(key) ?? 0) + 1);
        }),
        { seed: FUZZ_SEED, numRuns: runs(700) },
      );
      reportStatuses(statuses);
    });
  });

  describe('when a live conversation gets card submits that do not match its card', () => {
    /** Sends generated submits that are not a button of `card` (wrong verb, case, nonce or types). */
    async function fuzzCard(user: TeamsUser, card: Partial<Activity>, numRuns: number): Promise<void> {
      const onCard = new Set(cardVerbs.filter((verb) => submitData(card, verb) !== undefined));
      const real = submitData(card, [...onCard][0]!)!;
      const submit = fc.oneof(
        fc.record(
          {
            verb: fc.oneof(fc.constantFrom(...cardVerbs), junk),
            caseId: fc.oneof(fc.constant(real['caseId']), junk),
            nonce: fc.oneof(fc.constant(real['nonce']), junk),
            username: fc.oneof(fc.constantFrom('anna.svensson', 'cecilia.lind'), junk),
            code: fc.oneof(fc.constant(bot.sms.received.length > 0 ? bot.sms.latestCode() : '123456'), junk),
            newPassword: junk,
            repeatPassword: junk,
          },
          { requiredKeys: [] },
        ),
        junk,
      );
      const matchesCard = (value: unknown): boolean => {
        const parsed = submitSchema.safeParse(value);
        return (
          parsed.success &&
          parsed.data.caseId === real['caseId'] &&
          parsed.data.nonce === real['nonce'] &&
          onCard.has(parsed.data.verb)
        );
      };
      await fc.assert(
        fc.asyncProperty(
          submit,
          fc.option(fc.constant(card.id), { nil: undefined }),
          async (value, replyToId) => {
            fc.pre(!matchesCard(value) && value !== null);
            const answer = await assertSafe(async () => {
              const turn = await user.submitRaw(value, replyToId);
              return { status: turn.status, text: JSON.stringify(turn.body ?? '') };
            });
            assert.equal(answer.status, 200);
          },
        ),
        { seed: FUZZ_SEED, numRuns },
      );
    }

    it('answers 200 each time, sends no SMS, writes nothing, and the real buttons still work after', async () => {
      const anna = bot.user({ aadObjectId: ANNA_AAD_OBJECT_ID, deliveryMode: 'expectReplies' });
      const welcome = await anna.say('hej');
      const accountCard = welcome.replies.find((reply) => submitData(reply, 'account.own'));
      assert.ok(accountCard, 'the welcome card offers Anna her own account');
      await fuzzCard(anna, accountCard, runs(200));

      // The conversation survived: the newest card's real button sends the code, so the checks above
      // could have seen one. (Re-prompts issue new cards, so the first one is stale by now.)
      const sent = await anna.submit('account.own');
      assert.equal(bot.sms.received.length, 1, sent.text);
      const codeCard = sent.replies.find((reply) => submitData(reply, 'code.submit'));
      assert.ok(codeCard, 'the code card');

      // At the code step: forged submits (even carrying the right code) neither resend nor unlock.
      await fuzzCard(anna, codeCard, runs(100));
      assert.equal(bot.sms.received.length, 1);
      const choice = await anna.say(bot.sms.latestCode());
      assert.ok(
        choice.replies.some((reply) => submitData(reply, 'choice.unlock')),
        `the real code is still accepted: ${choice.text}`,
      );
      assert.deepEqual(writes, []);
    });
  });
});

function reportStatuses(statuses: Map<string, number>): void {
  const line = [...statuses.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, count]) => `${status}×${count}`);
  console.log(`      activity-like bodies answered: ${line.join(', ')}`);
}
