import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config';
import { createSmsSender } from '../../src/sms';
import { SmsSendError } from '../../src/reset/errors';
import { MobileNumberGuard } from '../../src/sms/phoneNumber';
import { SmsReceiver } from '../support/smsReceiver';
import { codeMessage, phone } from './smsTestMessage';

/** A real SMS provider without bot credentials is refused unless the test says so (SECURITY.md). */
const UNAUTHENTICATED = { ALLOW_UNAUTHENTICATED_REQUESTS: 'true' };

describe('createSmsSender', () => {
  const receiver = new SmsReceiver();
  let url: string;

  before(async () => {
    url = await receiver.start();
  });

  after(async () => {
    await receiver.stop();
  });

  describe('when SMS_PROVIDER=webhook', () => {
    it('sends mobile numbers in allowed countries and refuses a landline before the gateway sees it', async () => {
      const config = loadConfig({ ...UNAUTHENTICATED, SMS_PROVIDER: 'webhook', SMS_WEBHOOK_URL: url });
      const sms = await createSmsSender(config.sms, config.smsRules);
      const message = codeMessage('case-1');

      await sms.send(message);
      await assert.rejects(
        sms.send({ ...message, to: phone('+46812345678') }),
        (error: unknown) =>
          error instanceof SmsSendError && !error.recoverable && /not allowed/.test(error.message),
      );

      assert.deepEqual(
        receiver.received.map((sms) => sms.to),
        ['+46701740605'],
      );
    });
  });

  describe('when SMS_PROVIDER=acs', () => {
    it('builds a guarded sender from a connection string or from an endpoint with a managed identity', async () => {
      const base = { SMS_PROVIDER: 'acs', SMS_FROM: 'Kommunen' };
      for (const env of [
        { ACS_CONNECTION_STRING: 'endpoint=https://kommun.communication.azure.com/;accesskey=a2V5' },
        { ACS_ENDPOINT: 'https://kommun.communication.azure.com' },
        {
          ACS_ENDPOINT: 'https://kommun.communication.azure.com',
          ACS_MANAGED_IDENTITY_CLIENT_ID: '00000000-0000-0000-0000-000000000001',
        },
      ]) {
        const config = loadConfig({ ...UNAUTHENTICATED, ...base, ...env });
        const sms = await createSmsSender(config.sms, config.smsRules);
        assert.ok(sms instanceof MobileNumberGuard, JSON.stringify(env));
        // The guard answers before the provider is asked: a landline never reaches ACS.
        await assert.rejects(
          sms.send({ ...codeMessage('case-1'), to: phone('+46812345678') }),
          (error: unknown) => error instanceof SmsSendError && /not allowed/.test(error.message),
        );
      }
    });
  });
});
