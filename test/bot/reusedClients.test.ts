import assert from 'node:assert/strict';
import {
  AuthenticationConstants,
  ClaimsIdentity,
  ConnectorFactory,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';
import { ReusedClients } from '../../src/bot/reusedClients';
import { startBot, type BotHarness } from '../support/botHarness';
import { ConnectorStub } from '../support/connectorStub';

/** Counts what botbuilder's own factory would have built; each client is a distinct object. */
class CountingFactory extends ConnectorFactory {
  readonly created: string[] = [];
  failNext = false;

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    this.created.push(`${audience ?? ''} ${serviceUrl}`);
    if (this.failNext) {
      this.failNext = false;
      return Promise.reject(new Error('no credentials'));
    }
    return Promise.resolve({ serviceUrl, audience } as unknown as ConnectorClient);
  }
}

function identity(appId: string): ClaimsIdentity {
  return new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: appId }], true);
}

const TEAMS_EMEA = 'https://smba.trafficmanager.net/emea/';
const TEAMS_AMER = 'https://smba.trafficmanager.net/amer/';
const AUDIENCE = 'https://api.botframework.com';

describe('ReusedClients (outbound clients kept across turns)', () => {
  describe('when turns ask for connector clients', () => {
    it('builds one per bot, audience and service URL and hands it out again', async () => {
      const clients = new ReusedClients();
      const inner = new CountingFactory();

      const first = await clients.connectorFactory(inner, identity('bot-a')).create(TEAMS_EMEA, AUDIENCE);
      const again = await clients.connectorFactory(inner, identity('bot-a')).create(TEAMS_EMEA, AUDIENCE);
      const otherUrl = await clients.connectorFactory(inner, identity('bot-a')).create(TEAMS_AMER, AUDIENCE);
      const otherAudience = await clients.connectorFactory(inner, identity('bot-a')).create(TEAMS_EMEA, 'x');
      const otherBot = await clients.connectorFactory(inner, identity('bot-b')).create(TEAMS_EMEA, AUDIENCE);

      assert.equal(again, first);
      assert.equal(new Set([first, otherUrl, otherAudience, otherBot]).size, 4);
      assert.equal(inner.created.length, 4);
    });
  });

  describe('when creating a client fails', () => {
    it('does not keep it: the next turn tries again', async () => {
      const clients = new ReusedClients();
      const inner = new CountingFactory();
      inner.failNext = true;
      const factory = clients.connectorFactory(inner, identity('bot-a'));

      await assert.rejects(factory.create(TEAMS_EMEA, AUDIENCE), /no credentials/);
      const client = await factory.create(TEAMS_EMEA, AUDIENCE);

      assert.ok(client);
      assert.equal(inner.created.length, 2);
      assert.equal(clients.size, 1);
    });
  });

  describe('when more service URLs come than it keeps', () => {
    it('drops the least recently used', async () => {
      const clients = new ReusedClients(2);
      const inner = new CountingFactory();
      const factory = clients.connectorFactory(inner, identity('bot-a'));

      await factory.create('https://one.example/', AUDIENCE);
      await factory.create('https://two.example/', AUDIENCE);
      await factory.create('https://one.example/', AUDIENCE); // used again: two is now the oldest
      await factory.create('https://three.example/', AUDIENCE);
      await factory.create('https://one.example/', AUDIENCE);
      await factory.create('https://two.example/', AUDIENCE);

      assert.equal(clients.size, 2);
      assert.deepEqual(
        inner.created.map((entry) => entry.split(' ')[1]),
        ['https://one.example/', 'https://two.example/', 'https://three.example/', 'https://two.example/'],
      );
    });
  });

  describe('when turns ask for user-token clients', () => {
    it('keeps one per bot', async () => {
      const clients = new ReusedClients();
      let built = 0;
      const create = () => Promise.resolve({ n: ++built } as unknown as UserTokenClient);

      const a1 = await clients.userTokenClient(identity('bot-a'), create);
      const a2 = await clients.userTokenClient(identity('bot-a'), create);
      const b = await clients.userTokenClient(identity('bot-b'), create);

      assert.equal(a2, a1);
      assert.notEqual(b, a1);
      assert.equal(built, 2);
    });
  });

  describe('when the running bot talks in two conversations at two service URLs', function () {
    this.timeout(30_000);
    let bot: BotHarness;
    const second = new ConnectorStub();

    before(async () => {
      bot = await startBot();
    });

    after(async () => {
      await bot.stop();
      await second.stop();
    });

    it('answers each at its own service URL, turn after turn', async () => {
      const secondUrl = await second.start();
      const anna = bot.user();
      const bertil = bot.user({
        serviceUrl: secondUrl,
        connector: second,
        userId: '29:user-2',
        name: 'Bertil',
      });

      for (let round = 0; round < 2; round++) {
        await anna.say('hej');
        await bertil.say('hej');
      }

      assert.ok(bot.connector.calls.length >= 2);
      assert.ok(second.calls.length >= 2);
      assert.ok(bot.connector.calls.every((call) => call.conversationId === anna.conversationId));
      assert.ok(second.calls.every((call) => call.conversationId === bertil.conversationId));
    });
  });
});
