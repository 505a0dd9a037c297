import assert from 'node:assert/strict';
import { alertAttachment, alertCard, caseUrl } from '../../src/alerts/alertCard';
import type { AlertKind } from '../../src/alerts/alertKinds';
import type { Alert } from '../../src/alerts/caseAlerts';
import type { CaseRecord } from '../../src/reset/case';
import { visibleText } from '../support/teamsUser';
import { parseCard } from '../cards/adaptiveCards';

const PUBLIC_URL = 'https://reset.kommun.example';
const kinds: AlertKind[] = [
  'no-phone',
  'blocked',
  'not-own-account',
  'directory-error',
  'sms-failed',
  'sms-budget',
];

const record: CaseRecord = {
  id: 'case 7/f3a',
  conversationId: 'a:conversation',
  createdAt: '2025-07-01T10:00:00.000Z',
  updatedAt: '2025-07-01T10:02:00.000Z',
  requester: { userId: '29:anna', aadObjectId: 'aad-anna', name: 'Anna Svensson' },
  locale: 'sv',
  requestedUsername: 'bertil.berg',
  account: {
    id: 'id-bertil',
    username: 'bertil.berg',
    displayName: 'Bertil Berg',
    upn: 'bertil.berg@kommun.example',
    source: 'on-premises',
    phoneLast2: '06',
  },
  ownAccount: false,
  code: { hash: 'keyed-hash-value', issuedAt: '', expiresAt: '', wrongAttempts: 0, consumed: false },
  codesSent: 1,
  steps: [{ step: 'started', at: '2025-07-01T10:00:00.000Z' }],
};

function alertOf(kind: AlertKind, changes: Partial<CaseRecord> = {}): Alert {
  return { kind, at: '2025-07-01T10:02:00.000Z', record: { ...record, ...changes } };
}

describe('the alert card', () => {
  for (const kind of kinds) {
    describe(`when the alert is ${kind}`, () => {
      it('parses as an Adaptive Card 1.5 without problems', () => {
        const attachment = alertAttachment(alertOf(kind), PUBLIC_URL);
        assert.equal(attachment.contentType, 'application/vnd.microsoft.card.adaptive');
        const { card, problems } = parseCard(attachment.content);
        assert.deepEqual(problems, []);
        assert.equal(card.version?.toString(), '1.5');
      });
    });
  }

  describe('when Anna asked about Bertil’s account', () => {
    const card = alertCard(alertOf('not-own-account'), PUBLIC_URL);
    const text = visibleText({ attachments: [{ contentType: 'x', content: card }] });

    it('says what happened, whose account, who asked, whether it was their own and when (Swedish time)', () => {
      assert.match(text, /Larm: Frågar om någon annans konto/);
      assert.match(text, /Konto: \nbertil\.berg \(Bertil Berg\)/);
      assert.match(text, /Frågat av: \nAnna Svensson/);
      assert.match(text, /Eget konto: \nNej/);
      assert.match(text, /Tid: \n2025-07-01 12:02/, 'CEST is UTC+2');
    });

    it('links to the case page with one Öppna ärendet button', () => {
      assert.deepEqual(card.actions, [
        {
          type: 'Action.OpenUrl',
          title: 'Öppna ärendet',
          url: `${PUBLIC_URL}/helpdesk/cases/case%207%2Ff3a`,
        },
      ]);
      assert.equal(caseUrl(PUBLIC_URL, 'abc'), `${PUBLIC_URL}/helpdesk/cases/abc`);
    });

    it('holds no code hash, phone digits or ids', () => {
      const json = JSON.stringify(card);
      for (const secret of ['keyed-hash-value', '06', 'aad-anna', 'id-bertil', '+46']) {
        assert.ok(!json.includes(secret), `${secret} is not on the card`);
      }
    });
  });

  describe('when no account matched the name typed', () => {
    it('says so without repeating what was typed (it may be a password)', () => {
      const { account: _account, ...withoutAccount } = record;
      const card = alertCard(
        {
          kind: 'not-own-account',
          at: record.updatedAt,
          record: { ...withoutAccount, requestedUsername: 'Sommar2024x' },
        },
        PUBLIC_URL,
      );
      const json = JSON.stringify(card);
      assert.match(json, /Inget konto hittades för namnet/);
      assert.ok(!json.includes('Sommar2024x'));
    });
  });

  describe('when a name holds Markdown', () => {
    it('shows it as typed (text runs, not Markdown)', () => {
      const card = alertCard(
        alertOf('no-phone', { requester: { userId: '29:x', name: '**Chef** [x](https://evil)' } }),
        PUBLIC_URL,
      );
      const runs = card.body.filter((element) => element.type === 'RichTextBlock');
      assert.ok(runs.some((block) => block.inlines.some((run) => run.text === '**Chef** [x](https://evil)')));
    });
  });
});
