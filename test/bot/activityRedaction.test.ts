import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { REDACTED, redactActivity, redactBotActivity, redactText } from '../../src/bot/activityRedaction';
import { Masker } from '../../src/bot/redactionRules';
import { normaliseCodeInput } from '../../src/reset/code';

/** Every character the code parser accepts between digits, found by asking the parser itself. */
function separatorsTheParserAccepts(): string[] {
  const found: string[] = [];
  for (let point = 0; point <= 0xffff; point++) {
    if (point >= 0xd800 && point <= 0xdfff) continue;
    const char = String.fromCharCode(point);
    if (normaliseCodeInput(`123${char}456`) !== undefined) found.push(char);
  }
  return found;
}

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

describe('activity redaction (the transcript middleware’s rules)', () => {
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
      ['+46701740605', REDACTED],
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

  describe('when a code is typed in any form the code parser accepts', () => {
    const separators = separatorsTheParserAccepts();

    it('finds the separators by asking the parser (spaces and dashes today)', () => {
      assert.ok(separators.includes(' ') && separators.includes('-') && separators.includes('\t'));
    });

    it('masks every one of them, alone or in a sentence, so parser and redaction cannot drift', () => {
      const kept: string[] = [];
      for (const sep of separators) {
        for (const form of [
          `78${sep}64${sep}96`,
          `1${sep}2${sep}3${sep}4${sep}5${sep}6`,
          `123${sep}${sep}456`,
        ]) {
          assert.ok(normaliseCodeInput(form) !== undefined);
          for (const typed of [form, `min kod är ${form} tack`]) {
            if (/\d/.test(redactText(typed))) kept.push(JSON.stringify(typed));
          }
        }
      }
      assert.deepEqual(kept, []);
    });

    for (const typed of ['78 64 96', '12-34-56', '12 - 34 - 56', 'koden: 1 2 3 4 5 6.']) {
      it(`masks "${typed}" at every step`, () => {
        assert.doesNotMatch(redactText(typed), /\d/);
      });
    }
  });

  describe('when a code is awaited and the user types digits that are no code', () => {
    for (const typed of ['4945111', '38098', '49 45 11 1', '4-9', 'koden är 4945 tror jag', 'kod7']) {
      it(`masks every digit of "${typed}", whatever the length`, () => {
        const kept = redactText(typed, 'code');
        assert.doesNotMatch(kept, /\d/);
        assert.match(kept, /\[dolt\]/);
      });
    }

    it('keeps digits elsewhere that are no code (the service desk reads them)', () => {
      assert.equal(redactText('jag har väntat 38098 sekunder'), 'jag har väntat 38098 sekunder');
    });
  });

  describe('when a phone number or a personal identity number is typed, at any step', () => {
    for (const [typed, kept] of [
      ['min mobil är 070-123 45 67', `min mobil är ${REDACTED}`],
      ['ring +46 70 123 45 67 tack', `ring ${REDACTED} tack`],
      ['19800101-1234', REDACTED],
      ['den 8 december klockan 08 12', 'den 8 december klockan 08 12'],
    ] as const) {
      it(`keeps "${typed}" as "${kept}": no full number is kept`, () => {
        assert.equal(redactText(typed), kept);
        assert.equal(redactText(typed, 'password'), kept);
      });
    }

    it('leaves the service desk’s number in the bot’s own answers', () => {
      const masker = new Masker();
      masker.text('min mobil är 070-123 45 67');
      assert.equal(masker.echo('Ring servicedesken på 0142-36 6000.'), 'Ring servicedesken på 0142-36 6000.');
    });
  });

  describe('when the password card is open and a password stands inside a sentence', () => {
    for (const [typed, kept] of [
      ['nya lösenordet: Blomma2025x', `nya lösenordet: ${REDACTED}`],
      ['jag vill ha Sommar.Sol, tack', `jag vill ha ${REDACTED} tack`],
      ['vad ska jag skriva?', 'vad ska jag skriva?'],
    ] as const) {
      it(`keeps "${typed}" as "${kept}"`, () => {
        assert.equal(redactText(typed, 'password'), kept);
      });
    }
  });

  describe('when a name is typed at the account step', () => {
    const atAccountStep = (text: string, matchedUsername?: string) =>
      redactActivity(message({ text }), {
        awaited: 'account',
        ...(matchedUsername !== undefined ? { matchedUsername } : {}),
      }).text;

    it('masks a name that matched no account, even one without digits or symbols', () => {
      assert.equal(atAccountStep('Kanelbulle2025'), REDACTED);
      assert.equal(atAccountStep('kanelbulle'), REDACTED);
      assert.equal(atAccountStep('anna.svensson', 'bertil.berg'), REDACTED);
    });

    it('keeps a name that matched an account, as typed, even one that looks like a password', () => {
      assert.equal(atAccountStep(' Anna.Svensson2 ', 'anna.svensson2'), ' Anna.Svensson2 ');
    });

    it('keeps the commands, which are no names', () => {
      assert.equal(atAccountStep('hjälp'), 'hjälp');
      assert.equal(atAccountStep('Avbryt'), 'Avbryt');
    });

    it('masks the name typed into the card the same way', () => {
      const submitted = redactActivity(
        message({ value: { verb: 'account.submit', caseId: 'c', nonce: 'n', username: 'kanelbulle' } }),
        { awaited: 'account' },
      );
      assert.deepEqual(submitted.value, {
        verb: 'account.submit',
        caseId: 'c',
        nonce: 'n',
        username: REDACTED,
      });
    });
  });

  describe('when the bot answers in the same turn', () => {
    const summaryCard = (line: string): Activity =>
      message({
        from: { id: '28:bot', name: 'Reset Assistant', role: 'bot' },
        attachments: [
          {
            contentType: 'application/vnd.microsoft.card.adaptive',
            content: {
              type: 'AdaptiveCard',
              $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
              version: '1.5',
              body: [{ type: 'TextBlock', text: line }],
              actions: [
                { type: 'Action.Submit', title: 'Avbryt', data: { verb: 'cancel', caseId: 'case-123456' } },
              ],
            },
          },
        ],
      });

    it('masks on its cards what was masked in the user’s message, and leaves the card’s structure', () => {
      const masker = new Masker();
      redactActivity(message({ text: 'Kanelbulle2025' }), { awaited: 'account' }, masker);

      const answer = redactBotActivity(summaryCard('Användarnamn: Kanelbulle2025'), masker);

      const content = answer.attachments?.[0]?.content as { body: { text: string }[]; actions: unknown[] };
      assert.equal(content.body[0]?.text, `Användarnamn: ${REDACTED}`);
      assert.deepEqual(content.actions, [
        { type: 'Action.Submit', title: 'Avbryt', data: { verb: 'cancel', caseId: 'case-123456' } },
      ]);
    });

    it('keeps a name that matched an account on its cards', () => {
      const masker = new Masker();
      redactActivity(
        message({ text: 'anna.svensson' }),
        { awaited: 'account', matchedUsername: 'anna.svensson' },
        masker,
      );

      const answer = redactBotActivity(summaryCard('Användarnamn: anna.svensson'), masker);

      assert.match(JSON.stringify(answer), /Användarnamn: anna\.svensson/);
    });

    it('keeps the card’s own ids of a code press out of the secrets, so its next card reads as sent', () => {
      const masker = new Masker();
      const press = redactActivity(
        message({
          value: {
            verb: 'code.submit',
            caseId: '6f1c2b9e-3d4a-4c1b-9a7e-2f5d8c0b1a01',
            nonce: '0b2d4f61-8a9c-4e3f-b1d2-7c6e5a4f3b21',
            code: '123456',
          },
        }),
        { awaited: 'code' },
        masker,
      );
      assert.equal((press.value as { code: string }).code, REDACTED);
      assert.equal((press.value as { caseId: string }).caseId, '6f1c2b9e-3d4a-4c1b-9a7e-2f5d8c0b1a01');

      const answer = redactBotActivity(
        summaryCard('Koden stämmer inte. Du har 2 försök kvar. Koden gäller i 10 minuter, slutar på ••05.'),
        masker,
      );
      assert.match(
        JSON.stringify(answer),
        /Du har 2 försök kvar\. Koden gäller i 10 minuter, slutar på ••05\./,
      );
      assert.deepEqual([...masker.secrets], ['123456']);
    });

    it('masks a code on its cards even when the user’s message held none', () => {
      const answer = redactBotActivity(summaryCard('Koden 12 34 56 gick inte'), new Masker());
      assert.doesNotMatch(JSON.stringify(answer.attachments), /12 34 56/);
    });
  });
});
