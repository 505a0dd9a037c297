import type { AuditEvent } from '../../reset/audit';
import type { CaseRecord } from '../../reset/case';
import { serviceDeskWords } from '../../language';
import { html, type SafeHtml } from '../html';
import {
  cardUpdatedLabel,
  choiceLabels,
  directoryLabels,
  eventDetail,
  eventLabel,
  outcomeLabels,
  outcomeOf,
  platformLabel,
  toneOf,
} from '../labels';
import { formatDateTime, formatDuration, formatTime } from '../stockholmTime';
import type { ChatEntry } from '../transcriptView';
import { typedNameShown } from '../typedName';
import { layout, type Viewer } from './layout';

export interface CaseView {
  readonly record: CaseRecord;
  readonly events: readonly AuditEvent[];
  readonly chat: readonly ChatEntry[];
  readonly now: Date;
  readonly refreshSeconds: number;
  /** The configured directory: the demo's sample accounts are not labelled as a real directory. */
  readonly directoryKind?: string;
}

export function casePage(view: CaseView, viewer: Viewer): SafeHtml {
  const { record } = view;
  const outcome = outcomeOf(record);
  const subject =
    record.account?.username ??
    (typedNameShown(record) !== undefined ? 'okänt konto' : 'inget konto angivet');
  return layout(
    `Ärende ${subject}`,
    html`<p class="back"><a href="/helpdesk/cases">← Alla ärenden</a></p>
      <div id="case" ${record.outcome === undefined ? html`data-live="${view.refreshSeconds}"` : ''}>
        <h1>Ärende: ${subject} <span class="badge ${toneOf(outcome)}">${outcomeLabels[outcome]}</span></h1>
        ${
          record.ownAccount === false && record.account !== undefined
            ? html`<p class="notice warning">
                Den som frågade (${record.requester.name ?? 'okänd'}) är inte kontots ägare.
              </p>`
            : ''
        }
        ${summary(view)}
        <div class="columns">
          <section aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">Händelser</h2>
            ${timeline(view)}
          </section>
          <section aria-labelledby="chat-heading">
            <h2 id="chat-heading">Konversation</h2>
            <p class="hint">Koder och lösenord är dolda ([dolt]); kort visas som text.</p>
            ${chat(view.chat)}
          </section>
        </div>
      </div>`,
    viewer,
  );
}

function summary(view: CaseView): SafeHtml {
  const { record, now } = view;
  const end = record.finishedAt ?? (record.outcome === undefined ? now.toISOString() : record.updatedAt);
  const rows: [string, string | SafeHtml][] = [
    ['Konto', record.account ? `${record.account.username} (${record.account.upn})` : '–'],
    ['Namn', record.account?.displayName ?? '–'],
    [
      'Katalog',
      record.account ? directoryLabels[view.directoryKind === 'demo' ? 'demo' : record.account.source] : '–',
    ],
    ['Angivet användarnamn', typedNameShown(record) ?? '–'],
    ['Begärt av', record.requester.name ?? 'okänd'],
    ['Eget konto', record.ownAccount === undefined ? '–' : record.ownAccount ? 'Ja' : 'Nej'],
    [
      'Mobilnummer',
      record.account?.phoneLast2 !== undefined ? `slutar på ${record.account.phoneLast2}` : '–',
    ],
    ['SMS skickade', String(record.codesSent)],
    ['Val', record.choice !== undefined ? choiceLabels[record.choice] : '–'],
    ['Startat', formatDateTime(record.createdAt)],
    ['Avslutat', record.finishedAt !== undefined ? formatDateTime(record.finishedAt) : 'pågår'],
    ['Tid', formatDuration(Date.parse(end) - Date.parse(record.createdAt))],
    ['Plattform', record.platform !== undefined ? platformLabel(record.platform) : '–'],
    ['Språk', record.locale],
    ['Ärende-id', html`<code>${record.id}</code>`],
  ];
  if (record.approval !== undefined) rows.push(approvalRow(record.approval));
  if (record.outcomeDetail !== undefined) rows.push(['Detalj', record.outcomeDetail]);
  return html`<dl class="summary">
    ${rows.map(
      ([term, value]) =>
        html`<div>
          <dt>${term}</dt>
          <dd>${value}</dd>
        </div>`,
    )}
  </dl>`;
}

/** Who vouched (the manager's confirmation), or whom the case asked and how it ended. */
function approvalRow(approval: NonNullable<CaseRecord['approval']>): [string, string] {
  const a = serviceDeskWords.approval;
  const who = `${approval.approver.displayName} (${approval.approver.username})`;
  if (approval.status === 'approved')
    return [
      a.serviceDeskConfirmedBy,
      `${who}, ${formatDateTime(approval.decidedAt ?? approval.requestedAt)}`,
    ];
  const how = { pending: 'väntar på svar', refused: 'bekräftade inte', expired: 'svarade inte i tid' }[
    approval.status
  ];
  return [a.serviceDeskAskedOf, `${who}: ${how}`];
}

/** The audit trail when it is there (it has the details); the case's own steps otherwise. */
function timeline({ record, events }: CaseView): SafeHtml {
  const items =
    events.length > 0
      ? events.map((event) => ({ at: event.at, label: eventLabel(event), detail: eventDetail(event) }))
      : record.steps.map((step) => ({
          at: step.at,
          label: eventLabel({ type: step.step }),
          detail: undefined,
        }));
  return html`<ol class="timeline">
    ${items.map(
      (item) =>
        html`<li>
          <time datetime="${item.at}">${formatTime(item.at)}</time> <span>${item.label}</span>${
            item.detail !== undefined ? html`<span class="sub"> – ${item.detail}</span>` : ''
          }
        </li>`,
    )}
  </ol>`;
}

function chat(entries: readonly ChatEntry[]): SafeHtml {
  if (entries.length === 0) {
    return html`<p>Ingen konversation sparad (den kan vara gallrad efter lagringstiden).</p>`;
  }
  return html`<ol class="chat">
    ${entries.map(
      (entry) =>
        html`<li class="bubble from-${entry.from} ${entry.kind}">
          <p class="meta">
            <span class="speaker">${entry.from === 'bot' ? 'Boten' : (entry.name ?? 'Användaren')}</span>
            <time datetime="${entry.at}">${formatTime(entry.at)}</time>${
              entry.kind === 'update' ? html` <span class="sub">${cardUpdatedLabel}</span>` : ''
            }
          </p>
          ${entry.lines.map((line) => html`<p>${line}</p>`)}
        </li>`,
    )}
  </ol>`;
}
