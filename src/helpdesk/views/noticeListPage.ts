import { html, type SafeHtml } from '../html';
import { noticeChannelLabels, noticeKindLabels } from '../labels';
import { NOTICE_LOG_KINDS, type NoticeLog, type NoticeLogKind, type NoticeRow } from '../noticeLog';
import { formatDateTime, formatTime } from '../stockholmTime';
import { layout, type Viewer } from './layout';

export interface NoticeListView {
  readonly log: NoticeLog;
  /** Only this kind is listed (the counts show every kind). */
  readonly kind?: NoticeLogKind;
  /** A `kind` asked for that is none of ours: said, and every kind listed (as the case list's filters). */
  readonly unknownKind?: boolean;
  /** Rows shown at most. */
  readonly limit: number;
  readonly now: Date;
}

/** `/helpdesk/notices`: what the bot said first in the last seven days, counted per kind, then listed. */
export function noticeListPage(view: NoticeListView, viewer: Viewer): SafeHtml {
  const listed = view.log.rows.filter((row) => view.kind === undefined || row.kind === view.kind);
  const shown = listed.slice(0, view.limit);
  return layout(
    'Meddelanden från boten',
    html`<p class="back"><a href="/helpdesk/cases">← Alla ärenden</a></p>
      <h1>Meddelanden från boten</h1>
      <p class="hint">
        Det boten har skickat på eget initiativ de senaste 7 dagarna: om låsta konton, ändringar till
        kontoägaren, påminnelser och registrering av mobilnummer.
      </p>
      ${
        view.log.incomplete
          ? html`<p class="notice" role="alert">
              Fler händelser än som kunde läsas: siffrorna är minst dessa.
            </p>`
          : ''
      }
      ${countTable(view)}
      <h2>Alla meddelanden</h2>
      ${
        view.unknownKind === true
          ? html`<p class="notice" role="alert">Okänt slag: filtret på slag användes inte.</p>`
          : ''
      }
      <form class="filters compact" method="get" action="/helpdesk/notices" aria-label="Filtrera meddelanden">
        <label
          >Slag
          <select name="kind">
            <option value="">Alla</option>
            ${NOTICE_LOG_KINDS.map(
              (kind) =>
                html`<option value="${kind}" ${kind === view.kind ? html` selected` : ''}>
                  ${noticeKindLabels[kind]}
                </option>`,
            )}
          </select>
        </label>
        <div class="filter-actions">
          <button type="submit">Filtrera</button>
          ${view.kind !== undefined ? html`<a href="/helpdesk/notices">Rensa filter</a>` : ''}
        </div>
      </form>
      <p class="status" role="status">
        ${
          listed.length === 0
            ? 'Inga meddelanden de senaste 7 dagarna.'
            : `${listed.length} meddelanden, nyaste först${listed.length > shown.length ? ` (de ${shown.length} senaste visas)` : ''}.`
        }
        <span class="updated">Uppdaterad ${formatTime(view.now.toISOString())}</span>
      </p>
      ${shown.length > 0 ? noticeTable(shown) : ''}`,
    viewer,
  );
}

function countTable(view: NoticeListView): SafeHtml {
  // Its own table class: a small grid of numbers stays a table on a phone (case rows become cards).
  return html`<table class="counts">
    <caption class="visually-hidden">
      Antal meddelanden per slag
    </caption>
    <thead>
      <tr>
        <th scope="col">Slag</th>
        <th scope="col" class="number">24&nbsp;h</th>
        <th scope="col" class="number">7&nbsp;dagar</th>
        <th scope="col" class="number">Ledde till ärende</th>
      </tr>
    </thead>
    <tbody>
      ${NOTICE_LOG_KINDS.map((kind) => {
        const counts = view.log.counts[kind];
        return html`<tr>
          <th scope="row"><a href="/helpdesk/notices?kind=${kind}">${noticeKindLabels[kind]}</a></th>
          <td class="number">${counts.day}</td>
          <td class="number">${counts.week}</td>
          <td class="number">${kind === 'change' ? '–' : counts.ledToCase}</td>
        </tr>`;
      })}
    </tbody>
  </table>`;
}

function noticeTable(rows: readonly NoticeRow[]): SafeHtml {
  return html`<table class="cases">
    <caption class="visually-hidden">
      Meddelanden, nyaste först
    </caption>
    <thead>
      <tr>
        <th scope="col">Tid</th>
        <th scope="col">Slag</th>
        <th scope="col">Konto</th>
        <th scope="col">Nådde fram</th>
        <th scope="col">Ärende</th>
      </tr>
    </thead>
    <tbody>
      ${rows.map(noticeRow)}
    </tbody>
  </table>`;
}

function noticeRow(row: NoticeRow): SafeHtml {
  return html`<tr>
    <td data-label="Tid">${formatDateTime(row.at)}</td>
    <td data-label="Slag">${noticeKindLabels[row.kind]}</td>
    <td data-label="Konto">${row.account !== undefined ? html`<strong>${row.account}</strong>` : '–'}</td>
    <td data-label="Nådde fram">
      <span class="badge ${row.delivered ? 'success' : 'warning'}"
        >${row.delivered ? 'Ja' : 'Nej'}, ${noticeChannelLabels[row.channel]}</span
      >
    </td>
    <td data-label="Ärende">${caseCell(row)}</td>
  </tr>`;
}

function caseCell(row: NoticeRow): SafeHtml | string {
  if (row.ledToCase !== undefined)
    return html`<a href="/helpdesk/cases/${encodeURIComponent(row.ledToCase)}">Ledde till ärende</a>`;
  if (row.fromCase !== undefined)
    return html`<a href="/helpdesk/cases/${encodeURIComponent(row.fromCase)}">Från ärendet</a>`;
  return html`<span class="sub">Inget ärende</span>`;
}
