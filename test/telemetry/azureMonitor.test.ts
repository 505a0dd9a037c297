import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ANNA_AAD_OBJECT_ID } from '../support/botHarness';
import { freePort, spawnBot, waitForOutput, type BotProcess } from '../support/botProcess';
import { ConnectorStub } from '../support/connectorStub';
import { IngestionStub, type Envelope } from '../support/ingestionStub';
import { SmsReceiver } from '../support/smsReceiver';
import { TeamsUser } from '../support/teamsUser';

const IKEY = '3f0e8a1c-5b2d-4e6f-9a7b-1c2d3e4f5a6b';
const HASH_SECRET = 'telemetry-test-secret-0123456789abcdef';
const NEW_PASSWORD = 'BlabarSkog47x';

function operationId(envelope: Envelope): string | undefined {
  return envelope.tags?.['ai.operation.id'];
}

function metricNames(stub: IngestionStub): Map<string, Record<string, unknown>[]> {
  const byName = new Map<string, Record<string, unknown>[]>();
  for (const envelope of stub.ofType('MetricData')) {
    const data = envelope.data?.baseData as
      { metrics?: { name: string; value: number }[]; properties?: Record<string, unknown> } | undefined;
    for (const metric of data?.metrics ?? [])
      byName.set(metric.name, [
        ...(byName.get(metric.name) ?? []),
        { value: metric.value, ...data?.properties },
      ]);
  }
  return byName;
}

describe('telemetry to Azure Monitor', () => {
  describe('when APPLICATIONINSIGHTS_CONNECTION_STRING names a local ingestion endpoint', () => {
    const ingestion = new IngestionStub();
    const sms = new SmsReceiver();
    const connector = new ConnectorStub();
    let bot: BotProcess | undefined;
    let code = '';
    let conversationId = '';
    let serviceUrl = '';
    const dir = mkdtempSync(path.join(tmpdir(), 'reset-telemetry-'));

    before(async function () {
      this.timeout(60_000);
      const [ingestionUrl, smsUrl, connectorUrl, port] = await Promise.all([
        ingestion.start(),
        sms.start(),
        connector.start(),
        freePort(),
      ]);
      const caFile = path.join(dir, 'ingestion-ca.pem');
      writeFileSync(caFile, ingestion.caPem);
      bot = spawnBot({
        NODE_EXTRA_CA_CERTS: caFile,
        PORT: String(port),
        HOST: '127.0.0.1',
        PLAYGROUND: 'false',
        STORAGE: 'memory',
        SMS_PROVIDER: 'webhook',
        SMS_WEBHOOK_URL: smsUrl,
        ALLOW_UNAUTHENTICATED_REQUESTS: 'true',
        CODE_HASH_SECRET: HASH_SECRET,
        UNIFORM_ANSWER_MIN_MS: '0',
        APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=${IKEY};IngestionEndpoint=${ingestionUrl}`,
        // Statsbeat (the SDK's own usage figures) would go to Microsoft's endpoint, not the stub.
        APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
        OTEL_SERVICE_NAME: 'reset-assistant',
      });
      await waitForOutput(bot, /"url":"http:\/\/127\.0\.0\.1:\d+"/);
      serviceUrl = connectorUrl;
      const anna = new TeamsUser({
        botUrl: `http://127.0.0.1:${port}`,
        serviceUrl,
        connector,
        aadObjectId: ANNA_AAD_OBJECT_ID,
      });
      conversationId = anna.conversationId;
      await anna.say('hej');
      await anna.submit('account.own');
      code = sms.latestCode();
      await anna.say(code);
      await anna.submit('choice.newPassword');
      const done = await anna.submit('password.submit', {
        newPassword: NEW_PASSWORD,
        repeatPassword: NEW_PASSWORD,
      });
      assert.match(done.text, /lösenord är bytt/);
      // SIGTERM: the app stops, and telemetry's shutdown sends what it holds (spans and the metrics).
      bot.child.kill('SIGTERM');
      await once(bot.child, 'exit');
    });

    after(async () => {
      if (bot && bot.child.exitCode === null) bot.child.kill('SIGKILL');
      await Promise.all([ingestion.stop(), sms.stop(), connector.stop()]);
      rmSync(dir, { recursive: true, force: true });
    });

    it('posts to the Breeze track endpoint with the configured key', () => {
      assert.ok(
        ingestion.paths.some((path) => /^POST \/v2(\.1)?\/track$/.test(path)),
        ingestion.paths.join(', '),
      );
      assert.ok(ingestion.envelopes.length > 0);
      assert.ok(ingestion.envelopes.every((envelope) => envelope.iKey === IKEY));
      const roles = new Set(ingestion.envelopes.map((envelope) => envelope.tags?.['ai.cloud.role']));
      assert.deepEqual([...roles], ['reset-assistant'], 'OTEL_SERVICE_NAME names the role');
    });

    it('sends one request per turn, each with its dependency calls in the same operation', () => {
      const turns = ingestion
        .ofType('RequestData')
        .filter((envelope) => envelope.data?.baseData?.['name'] === 'turn');
      assert.equal(turns.length, 5, 'five turns in the conversation');
      const dependencies = ingestion.ofType('RemoteDependencyData');
      const names = new Set(dependencies.map((envelope) => String(envelope.data?.baseData?.['name'])));
      for (const expected of [
        'directory findByAadObjectId',
        'directory setPassword',
        'sms send',
        'storage case.saveWithEvents',
        'storage state.read',
        'storage record.get',
        'connector reply',
        'connector update',
      ])
        assert.ok(names.has(expected), `${expected} in ${[...names].join(', ')}`);
      const turnOperations = new Set(turns.map(operationId));
      const inTurns = dependencies.filter((envelope) => turnOperations.has(operationId(envelope)));
      assert.ok(
        inTurns.some((envelope) => envelope.data?.baseData?.['name'] === 'sms send'),
        'the SMS is part of a turn’s trace',
      );
      const caseIds = new Set(
        turns.map(
          (envelope) =>
            (envelope.data?.baseData?.['properties'] as Record<string, string> | undefined)?.[
              'reset.case_id'
            ],
        ),
      );
      caseIds.delete(undefined);
      assert.equal(caseIds.size, 1, 'the turns name the one case');
    });

    it('sends the metrics: cases by outcome, SMS sent, turn latency', () => {
      const metrics = metricNames(ingestion);
      const cases = metrics.get('reset.cases') ?? [];
      assert.deepEqual(
        cases.map((point) => [point['reset.outcome'], point['value']]),
        [['password-set', 1]],
      );
      assert.equal(
        metrics.get('reset.sms.sent')?.reduce((sum, point) => sum + Number(point['value']), 0),
        2,
        'the code and the owner’s change notice',
      );
      assert.ok(metrics.has('reset.turn.duration'), [...metrics.keys()].join(', '));
    });

    it('sends no secret, phone number, username or Teams identity', () => {
      const posted = ingestion.bodies.join('\n');
      assert.ok(code.length === 6);
      for (const secret of [
        code,
        NEW_PASSWORD,
        HASH_SECRET,
        '+46701740605',
        '701740605',
        'anna.svensson',
        ANNA_AAD_OBJECT_ID,
        conversationId,
        serviceUrl,
      ])
        assert.ok(!posted.includes(secret), `${secret} was posted`);
    });
  });
});
