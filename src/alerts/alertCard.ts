import type { Attachment } from 'botbuilder';
import { CardFactory } from 'botbuilder';
import { heading, paragraph } from '../cards/elements';
import type { AdaptiveCard, CardElement, RichTextBlock } from '../cards/types';
import { serviceDeskWords } from '../language';
import type { Alert } from './caseAlerts';

/** Opens the case page in the browser; the only action an alert has. */
export interface OpenUrlAction {
  readonly type: 'Action.OpenUrl';
  readonly title: string;
  readonly url: string;
}

export type AlertCard = Omit<AdaptiveCard, 'actions'> & { readonly actions: readonly OpenUrlAction[] };

/** Built on first use: creating it loads ICU's time-zone data, which startup does not need. */
let stockholmTime: Intl.DateTimeFormat | undefined;

function formatStockholmTime(at: string): string {
  stockholmTime ??= new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Stockholm',
    dateStyle: 'short',
    timeStyle: 'short',
  });
  return stockholmTime.format(new Date(at));
}

/** The service desk's page for one case. */
export function caseUrl(publicUrl: string, caseId: string): string {
  return `${publicUrl}/helpdesk/cases/${encodeURIComponent(caseId)}`;
}

/**
 * What the service desk needs to act, and nothing secret: no code, no password, no phone number,
 * not even the text typed when no account matched (it may be a mistyped password).
 */
export function alertCard(alert: Alert, publicUrl: string): AlertCard {
  const w = serviceDeskWords.alerts;
  const { record } = alert;
  const kind = w.kinds[alert.kind];
  const account = record.account ? `${record.account.username} (${record.account.displayName})` : w.noAccount;
  const own = record.ownAccount === undefined ? w.unknown : record.ownAccount ? w.yes : w.no;
  const body: CardElement[] = [
    heading(w.heading(kind.title)),
    paragraph(kind.explanation),
    fact(w.account, account),
    fact(w.requester, record.requester.name?.trim() || w.unknownRequester),
    fact(w.ownAccount, own),
    fact(w.time, formatStockholmTime(alert.at)),
  ];
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    actions: [{ type: 'Action.OpenUrl', title: w.openCase, url: caseUrl(publicUrl, record.id) }],
  };
}

export function alertAttachment(alert: Alert, publicUrl: string): Attachment {
  return CardFactory.adaptiveCard(alertCard(alert, publicUrl));
}

/** A label and a value shown as typed: names are never read as Markdown. */
function fact(label: string, value: string): RichTextBlock {
  return {
    type: 'RichTextBlock',
    spacing: 'small',
    inlines: [
      { type: 'TextRun', text: `${label}: `, weight: 'bolder' },
      { type: 'TextRun', text: value },
    ],
  };
}
