import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import sinon from 'sinon';
import { DirectoryUnavailableError } from '../../src/reset/errors';
import { ANNA_AAD_OBJECT_ID, startBot, type BotHarness } from '../support/botHarness';
import { ConnectorStub } from '../support/connectorStub';
import { visibleText, type TeamsUser } from '../support/teamsUser';

const CECILIA_AAD_OBJECT_ID = 'd856c0d2-b531-4919-97d3-da4a991d6664';
const SERVICE_DESK_TEAM = '19:servicedesk0123@thread.tacv2';
const OTHER_TEAM = '19:otherteam4567@thread.tacv2';
const NEW_PASSWORD = 'Varsol2025xyz';

/** Adds the bot to a team as Teams does: a `conversationUpdate` in the team's General channel. */
async function installInTeam(bot: BotHarness, teamId: string, name = 'Servicedesk'): Promise<void> {
  const channel = bot.user({ conversationId: teamId, conversationType: 'channel', userId: '29:admin' });
  const turn = await channel.send({
    type: 'conversationUpdate',
    membersAdded: [{ id: '28:reset-assistant', name: 'Reset Assistant' }],
    channelData: { team: { id: teamId, name }, tenant: { id: 'tenant-1' }, eventType: 'teamMemberAdded' },
  });
  assert.equal(turn.status, 200);
}

function cecilia(bot: BotHarness): TeamsUser {
  return bot.user({ aadObjectId: CECILIA_AAD_OBJECT_ID, userId: '29:cecilia', name: 'Cecilia Ceder' });
}

function anna(bot: BotHarness): TeamsUser {
  return bot.user({ aadObjectId: ANNA_AAD_OBJECT_ID, userId: '29:anna', name: 'Anna Svensson' });
}

/** The single case the requester opened. */
async function caseOf(bot: BotHarness, aadObjectId: string): Promise<string> {
  const cases = (await bot.app.cases.list()).filter((record) => record.requester.aadObjectId === aadObjectId);
  assert.equal(cases.length, 1);
  return cases[0]!.id;
}

function openUrlOf(activity: Partial<Activity> | undefined): string | undefined {
  const content = activity?.attachments?.[0]?.content as
    { actions?: { type: string; url?: string }[] } | undefined;
  return content?.actions?.find((action) => action.type === 'Action.OpenUrl')?.url;
}

describe('service-desk alerts over HTTP (real server, connector stub)', () => {
  let bot: BotHarness;

  afterEach(async () => {
    sinon.restore();
    await bot.stop();
  });

  describe('when the bot is in the service desk’s team and Cecilia, who has no phone, asks for her account', () => {
    beforeEach(async () => {
      bot = await startBot({ ALERT_TEAM_ID: SERVICE_DESK_TEAM });
      await installInTeam(bot, SERVICE_DESK_TEAM);
    });

    it('posts exactly one card in the team channel, linking to her case, and does not greet the channel', async () => {
      const user = cecilia(bot);
      await user.say('hej');
      const answer = await user.submit('account.own');
      await bot.app.alerts.flush();

      assert.match(answer.text, /inget mobilnummer registrerat/);
      const posts = bot.connector.calls.filter((call) => call.conversationId === SERVICE_DESK_TEAM);
      assert.equal(posts.length, 1);
      assert.equal(posts[0]?.method, 'POST');
      assert.equal(posts[0]?.activityId, undefined, 'a new post in the channel, not a reply');
      const caseId = await caseOf(bot, CECILIA_AAD_OBJECT_ID);
      assert.equal(openUrlOf(posts[0]?.activity), `${bot.botUrl}/helpdesk/cases/${caseId}`);
      const text = visibleText(posts[0].activity!);
      assert.match(text, /Larm: Inget mobilnummer registrerat/);
      assert.match(text, /cecilia\.ceder \(Cecilia Ceder\)/);
      assert.match(text, /Eget konto: \nJa/);
      assert.equal(posts[0]?.activity?.conversation?.id, SERVICE_DESK_TEAM);
    });

    it('posts once when the directory fails twice in the same case', async () => {
      sinon.stub(bot.app.directory, 'findByUsername').rejects(new DirectoryUnavailableError('LDAP timeout'));
      const user = anna(bot);
      await user.say('hej');
      const first = await user.say('bertil.berg');
      const second = await user.say('bertil.berg');
      await bot.app.alerts.flush();

      assert.match(first.text + second.text, /0142-36 6000/);
      const posts = bot.connector.sent(SERVICE_DESK_TEAM);
      assert.equal(posts.length, 1);
      assert.match(visibleText(posts[0]!), /Larm: Katalogen svarar inte/);
    });

    it('alerts when Anna asks about Bertil’s account', async () => {
      const user = anna(bot);
      await user.say('hej');
      await user.say('bertil.berg');
      await bot.app.alerts.flush();

      const posts = bot.connector.sent(SERVICE_DESK_TEAM);
      assert.equal(posts.length, 1);
      const text = visibleText(posts[0]!);
      assert.match(text, /Larm: Frågar om någon annans konto/);
      assert.match(text, /bertil\.berg \(Bertil Berg\)/);
      assert.match(text, /Frågat av: \nAnna Svensson/);
      assert.match(text, /Eget konto: \nNej/);
    });

    it('leaves no code or password in any connector call or log line', async () => {
      const user = anna(bot);
      await user.say('hej');
      await user.say('bertil.berg');
      await user.say('avbryt');
      await user.say('hej');
      await user.submit('account.own');
      const code = bot.sms.latestCode();
      await user.say(code);
      await user.submit('choice.newPassword');
      const done = await user.submit('password.submit', {
        newPassword: NEW_PASSWORD,
        repeatPassword: NEW_PASSWORD,
      });
      await bot.app.alerts.flush();

      assert.match(done.text, /lösenord är bytt/);
      assert.equal(bot.connector.sent(SERVICE_DESK_TEAM).length, 1, 'one alert: Bertil’s account');
      const sinks = [JSON.stringify(bot.connector.calls), ...bot.logs].join('\n');
      for (const secret of [code, NEW_PASSWORD, '+46701740605', '+46701740606']) {
        assert.ok(!sinks.includes(secret), `${secret} is in no sink`);
      }
    });
  });

  describe('when a second code for Anna’s account is asked for within the hour (limit 1)', () => {
    it('alerts that the account is blocked', async () => {
      bot = await startBot({ ALERT_TEAM_ID: SERVICE_DESK_TEAM, SMS_PER_ACCOUNT_PER_HOUR: '1' });
      await installInTeam(bot, SERVICE_DESK_TEAM);
      const user = anna(bot);
      await user.say('hej');
      await user.submit('account.own');
      await user.say('avbryt');
      await user.say('hej');
      const blocked = await user.submit('account.own');
      await bot.app.alerts.flush();

      assert.equal(bot.sms.received.length, 1);
      const posts = bot.connector.sent(SERVICE_DESK_TEAM);
      assert.equal(posts.length, 1, blocked.text);
      assert.match(visibleText(posts[0]!), /Larm: Kontot är spärrat för koder/);
    });
  });

  describe('when another team installs the bot and ALERT_TEAM_ID names the service desk’s', () => {
    it('learns nothing: the alert is only logged, in one info line', async () => {
      bot = await startBot({ ALERT_TEAM_ID: SERVICE_DESK_TEAM });
      await installInTeam(bot, OTHER_TEAM, 'Ekonomi');
      const user = cecilia(bot);
      await user.say('hej');
      await user.submit('account.own');
      await bot.app.alerts.flush();

      assert.deepEqual(
        bot.connector.calls.filter((call) => call.conversationId === OTHER_TEAM),
        [],
      );
      const lines = bot.logs.filter((line) => line.includes('no alert channel known'));
      assert.equal(lines.length, 1);
      assert.ok(!bot.logs.some((line) => /"level":50/.test(line)), 'no error logged');
    });
  });

  describe('when ALERT_CHANNEL_ID is configured', () => {
    const CONFIGURED = '19:configured0001@thread.tacv2';
    let teams: ConnectorStub;

    beforeEach(async () => {
      teams = new ConnectorStub();
      bot = await startBot({ ALERT_CHANNEL_ID: CONFIGURED, ALERT_SERVICE_URL: await teams.start() });
    });

    afterEach(() => teams.stop());

    it('posts there through ALERT_SERVICE_URL, even when another team installs the bot', async () => {
      await installInTeam(bot, OTHER_TEAM, 'Ekonomi');
      const user = cecilia(bot);
      await user.say('hej');
      await user.submit('account.own');
      await bot.app.alerts.flush();

      assert.equal(bot.connector.calls.filter((call) => call.conversationId === OTHER_TEAM).length, 0);
      assert.equal(teams.sent(CONFIGURED).length, 1);
      assert.equal(
        teams.calls[0]?.path,
        `/v3/conversations/${encodeURIComponent(CONFIGURED)}/activities`,
        'a new post',
      );
      assert.match(visibleText(teams.sent(CONFIGURED)[0]!), /Larm: Inget mobilnummer registrerat/);
    });

    it('when Teams refuses (bot removed from the team), Cecilia still gets her answer and one precise warning is logged', async () => {
      teams.failNextWith(403);
      const user = cecilia(bot);
      await user.say('hej');
      const answer = await user.submit('account.own');
      await bot.app.alerts.flush();

      assert.match(answer.text, /inget mobilnummer registrerat/);
      assert.deepEqual(teams.calls, [], 'no second attempt reached Teams');
      const warnings = bot.logs.filter((line) => line.includes('alert could not be posted to the channel'));
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!, /"channelId":"19:configured0001@thread.tacv2"/);
      assert.match(warnings[0]!, /"kind":"no-phone"/);
      assert.match(warnings[0]!, /"status":403/);
      assert.ok(!bot.logs.some((line) => line.includes('unhandled error in turn')));
    });
  });
});
