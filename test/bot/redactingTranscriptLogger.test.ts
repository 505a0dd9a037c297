import assert from 'node:assert/strict';
import { MemoryTranscriptStore, type Activity } from 'botbuilder';
import {
  REDACTED,
  RedactingTranscriptLogger,
  redactActivity,
  redactText,
} from '../../src/bot/redactingTranscriptLogger';

const message = (changes: Partial<Activity>): Activity =>
  ({
    type: 'message',
    id: 'a1',
    channelId: 'msteams',
    conversation: { id: 'c1' },
    from: { id: '29:anna' },
    recipient: { id: '28:bot' },
    timestamp: new Date('2025-03-10T08:00:00Z'),
    ...changes,
  }) as Activity;

describe('RedactingTranscriptLogger', () => {
  describe('when a user types a code or a password into the chat', () => {
    for (const [typed, kept] of [
      ['123456', REDACTED],
      ['min kod är 123 456', `min kod är ${REDACTED}`],
      ['123-456', REDACTED],
      ['Kanelbulle42', REDACTED],
      ['S0mmar!2024', REDACTED],
      ['anna.svensson', 'anna.svensson'],
      ['anna.svensson@kommun.se', 'anna.svensson@kommun.se'],
      ['Sommar!!', REDACTED],
      ['Sommar.Sol', REDACTED],
      ['Anna.Svensson@kommun.se', 'Anna.Svensson@kommun.se'],
      ['anna_svensson', 'anna_svensson'],
      ['anna.svensson2', REDACTED],
      ['hej', 'hej'],
      ['+46701740605', '+46701740605'],
    ] as const) {
      it(`keeps "${typed}" as "${kept}"`, () => {
        assert.equal(redactText(typed), kept);
      });
    }
  });

  describe('when a card is submitted', () => {
    it('masks the secret inputs and password-like values, keeps which button was pressed', () => {
      const submitted = redactActivity(
        message({
          value: {
            verb: 'password.submit',
            caseId: 'case-1',
            nonce: 'n1',
            newPassword: 'Kanelbulle42',
            repeatPassword: 'Kanelbulle42',
          },
        }),
      );

      assert.deepEqual(submitted.value, {
        verb: 'password.submit',
        caseId: 'case-1',
        nonce: 'n1',
        newPassword: REDACTED,
        repeatPassword: REDACTED,
      });
      assert.equal(
        (
          redactActivity(message({ value: { verb: 'code.submit', code: '123456' } })).value as {
            code: string;
          }
        ).code,
        REDACTED,
      );
    });

    it('does not trust a verb it does not know', () => {
      const forged = redactActivity(message({ value: { verb: 'Kanelbulle42' } }));
      assert.deepEqual(forged.value, { verb: REDACTED });
    });
  });

  describe('when a submit nests values', () => {
    it('masks a code or password inside lists and objects too', () => {
      const logged = redactActivity(
        message({ value: { verb: 'code.submit', extra: ['123456', { deep: ['Sommar.Sol2025'] }], n: 7 } }),
      );

      assert.deepEqual(logged.value, {
        verb: 'code.submit',
        extra: [REDACTED, { deep: [REDACTED] }],
        n: 7,
      });
    });
  });

  describe('when the activity is logged', () => {
    it('writes the redacted copy and leaves the bot’s own object untouched', async () => {
      const store = new MemoryTranscriptStore();
      const original = message({ text: '123456', value: { verb: 'code.submit', code: '654321' } });

      await new RedactingTranscriptLogger(store).logActivity(original);

      assert.equal(original.text, '123456');
      assert.equal((original.value as { code: string }).code, '654321');
      const [logged] = (await store.getTranscriptActivities('msteams', 'c1')).items;
      assert.equal(logged?.text, REDACTED);
      assert.equal(JSON.stringify(logged).includes('654321'), false);
    });
  });
});
