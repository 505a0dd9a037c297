import assert from 'node:assert/strict';
import { noticeLogOf } from '../../src/helpdesk/noticeLog';
import type { AuditEvent } from '../../src/reset/audit';
import { startBot, type BotHarness } from '../support/botHarness';
import { HelpdeskClient } from '../support/serviceDesk';

const NOW = new Date('2026-12-07T12:00:00Z');
const hoursAgo = (hours: number, now = NOW) => new Date(now.getTime() - hours * 3_600_000).toISOString();

/** A week of notices: lockouts (one followed), a relock, change notices on a case, reminders, enrollment. */
function week(now = NOW): AuditEvent[] {
  return [
    {
      at: hoursAgo(1, now),
      caseId: 'notice:n1',
      type: 'notice-sent',
      account: 'anna.svensson',
      detail: 'lockout',
    },
    {
      at: hoursAgo(0.9, now),
      caseId: 'case-1',
      type: 'notice-followed',
      account: 'anna.svensson',
      detail: 'n1',
    },
    {
      at: hoursAgo(0.8, now),
      caseId: 'case-1',
      type: 'owner-notified',
      account: 'anna.svensson',
      detail: 'sms',
    },
    {
      at: hoursAgo(0.5, now),
      caseId: 'notice:n2',
      type: 'notice-sent',
      account: 'anna.svensson',
      detail: 'lockout relock',
    },
    {
      at: hoursAgo(30, now),
      caseId: 'notice:n3',
      type: 'notice-unreachable',
      account: 'bertil.berg',
      detail: 'lockout',
    },
    { at: hoursAgo(50, now), caseId: 'notice:n4', type: 'notice-sent', account: 'erik.ek', detail: 'expiry' },
    {
      at: hoursAgo(5, now),
      caseId: 'notice:n5',
      type: 'notice-sent',
      account: 'cecilia.ceder',
      detail: 'enrollment',
    },
    {
      at: hoursAgo(6, now),
      caseId: 'case-2',
      type: 'owner-not-reachable',
      account: 'david.dahl',
      detail: 'unlocked',
    },
    // Not notices.
    { at: hoursAgo(2, now), caseId: 'case-3', type: 'code-sent', account: 'erik.ek' },
  ];
}

describe('the notice log', () => {
  describe('when a week of audit events is read', () => {
    it('lists each notice newest first with whether it reached anyone and the case it led to or came from', () => {
      const { rows } = noticeLogOf(week(), NOW);

      assert.deepEqual(
        rows.map((row) => [row.kind, row.account, row.delivered, row.channel, row.ledToCase ?? row.fromCase]),
        [
          ['relock', 'anna.svensson', true, 'teams', undefined],
          ['change', 'anna.svensson', true, 'sms', 'case-1'],
          ['lockout', 'anna.svensson', true, 'teams', 'case-1'],
          ['enrollment', 'cecilia.ceder', true, 'teams', undefined],
          ['change', 'david.dahl', false, 'teams', 'case-2'],
          ['lockout', 'bertil.berg', false, 'teams', undefined],
          ['reminder', 'erik.ek', true, 'teams', undefined],
        ],
      );
    });

    it('counts each kind over the last day and the week, and how many led to a case', () => {
      const { counts } = noticeLogOf(week(), NOW);

      assert.deepEqual(counts, {
        lockout: { day: 1, week: 2, ledToCase: 1 },
        relock: { day: 1, week: 1, ledToCase: 0 },
        change: { day: 2, week: 2, ledToCase: 0 },
        reminder: { day: 0, week: 1, ledToCase: 0 },
        enrollment: { day: 1, week: 1, ledToCase: 0 },
      });
    });
  });
});

describe('the notices page at /helpdesk/notices', () => {
  let bot: BotHarness;
  let desk: HelpdeskClient;

  before(async () => {
    bot = await startBot({});
    for (const event of week(new Date())) await bot.app.audit.record(event);
    // Older than a week: not counted.
    await bot.app.audit.record({
      at: hoursAgo(24 * 8, new Date()),
      caseId: 'notice:old',
      type: 'notice-sent',
      account: 'gammal.person',
      detail: 'lockout',
    });
    desk = new HelpdeskClient(bot.botUrl);
    assert.equal((await desk.signInWith(bot.app.helpdeskSignInLink()!)).status, 303);
  });

  after(async () => {
    await bot.stop();
  });

  describe('when the service desk opens it', () => {
    it('shows the counts per kind and every notice with its case, in Swedish', async () => {
      const response = await desk.get('/helpdesk/notices');
      const body = await response.text();

      assert.equal(response.status, 200);
      assert.match(body, /<h1>Meddelanden från boten<\/h1>/);
      assert.match(
        body,
        /Låst konto<\/a><\/th>\s*<td class="number">1<\/td>\s*<td class="number">2<\/td>\s*<td class="number">1<\/td>/,
      );
      assert.match(body, /7 meddelanden, nyaste först/);
      assert.match(body, /href="\/helpdesk\/cases\/case-1">Ledde till ärende/);
      assert.match(body, /Nej, Teams/);
      assert.doesNotMatch(body, /gammal\.person/);
    });

    it('lists one kind when asked, and says it did not use an unknown one', async () => {
      const relocks = await (await desk.get('/helpdesk/notices?kind=relock')).text();
      assert.match(relocks, /1 meddelanden, nyaste först/);
      assert.doesNotMatch(relocks, /Okänt slag/);
      const unknown = await (await desk.get('/helpdesk/notices?kind=<script>')).text();
      assert.match(unknown, /7 meddelanden, nyaste först/);
      assert.match(unknown, /Okänt slag: filtret på slag användes inte\./);
      assert.doesNotMatch(unknown, /<script>/);
    });

    it('is linked from the case list', async () => {
      assert.match(await (await desk.get('/helpdesk/cases')).text(), /href="\/helpdesk\/notices"/);
    });
  });

  describe('when nobody has signed in', () => {
    it('answers with the sign-in page', async () => {
      const response = await new HelpdeskClient(bot.botUrl).get('/helpdesk/notices');
      assert.equal(response.status, 401);
      assert.doesNotMatch(await response.text(), /anna\.svensson/);
    });
  });
});
