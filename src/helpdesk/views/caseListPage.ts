import type { CaseRecord } from '../../reset/case';
import { html, type SafeHtml } from '../html';
import { outcomeLabels, outcomeOf, platformLabel, toneOf } from '../labels';
import { filterQueryString, type ListFilters } from '../listFilters';
import { formatDateTime, formatDuration, formatTime } from '../stockholmTime';
import { typedNameShown } from '../typedName';
import { layout, type Viewer } from './layout';

export interface CaseListView {
  readonly records: readonly CaseRecord[];
  readonly filters: ListFilters;
  /** A full page: there may be older cases. */
  readonly more: boolean;
  readonly now: Date;
  readonly refreshSeconds: number;
}

export function caseListPage(view: CaseListView, viewer: Viewer): SafeHtml {
  const { form } = view.filters;
  const filtered = Object.entries(form).some(([key, value]) => key !== 'before' && value !== '');
  const live = form.before === '';
  return layout(
    'Ärenden',
    html`<div class="page-head">
        <h1>Ärenden</h1>
        <a href="/helpdesk/notices">Meddelanden från boten</a>
      </div>
      <form class="filters" method="get" action="/helpdesk/cases" role="search" aria-label="Filtrera ärenden">
        <label
          >Utfall
          <select name="outcome">
            <option value="">Alla</option>
            ${Object.entries(outcomeLabels).map(
              ([value, label]) =>
                html`<option value="${value}" ${value === form.outcome ? html` selected` : ''}>
                  ${label}
                </option>`,
            )}
          </select>
        </label>
        <label>Från <input type="date" name="from" value="${form.from}" /></label>
        <label>Till <input type="date" name="to" value="${form.to}" /></label>
        <label
          >Konto
          <input
            type="text"
            name="account"
            value="${form.account}"
            autocomplete="off"
            spellcheck="false"
            placeholder="t.ex. anna.svensson"
        /></label>
        <label
          >Sök
          <input
            type="search"
            name="q"
            value="${form.q}"
            autocomplete="off"
            placeholder="namn eller ärende-id"
        /></label>
        <div class="filter-actions">
          <button type="submit">Filtrera</button>
          ${filtered ? html`<a href="/helpdesk/cases">Rensa filter</a>` : ''}
          <a href="/helpdesk/cases.csv${filterQueryString(form)}" download>Exportera CSV</a>
        </div>
      </form>
      ${view.filters.problems.map((problem) => html`<p class="notice" role="alert">${problem}</p>`)}
      <div id="case-list" ${live ? html`data-live="${view.refreshSeconds}"` : ''}>${caseTable(view)}</div>`,
    viewer,
  );
}

function caseTable(view: CaseListView): SafeHtml {
  const { records, filters } = view;
  const status =
    records.length === 0
      ? 'Inga ärenden matchar.'
      : `${records.length}${view.more ? '+' : ''} ärenden, nyaste först.`;
  const updated = `Uppdaterad ${formatTime(view.now.toISOString())}`;
  return html`<p class="status" role="status" aria-live="polite">
      ${status}
      ${filters.form.before === '' ? html`<span class="updated">${updated} · uppdateras automatiskt</span>` : ''}
    </p>
    ${
      records.length > 0
        ? html`<table class="cases">
            <caption class="visually-hidden">
              Ärenden, nyaste först
            </caption>
            <thead>
              <tr>
                <th scope="col">Startat</th>
                <th scope="col">Konto</th>
                <th scope="col">Begärt av</th>
                <th scope="col">Utfall</th>
                <th scope="col">Tid</th>
                <th scope="col">Plattform</th>
              </tr>
            </thead>
            <tbody>
              ${records.map((record) => caseRow(record, view.now))}
            </tbody>
          </table>`
        : ''
    }
    ${
      view.more
        ? html`<p class="more">
            <a
              href="/helpdesk/cases${filterQueryString(filters.form, {
                before: records[records.length - 1]?.createdAt ?? '',
              })}"
              >Visa äldre ärenden</a
            >
          </p>`
        : ''
    }
    ${filters.form.before !== '' ? html`<p class="more"><a href="/helpdesk/cases${filterQueryString(filters.form)}">Till de nyaste</a></p>` : ''}`;
}

function caseRow(record: CaseRecord, now: Date): SafeHtml {
  const outcome = outcomeOf(record);
  const link = `/helpdesk/cases/${encodeURIComponent(record.id)}`;
  const account = record.account;
  const end = record.finishedAt ?? (record.outcome === undefined ? now.toISOString() : record.updatedAt);
  return html`<tr>
    <td data-label="Startat"><a href="${link}">${formatDateTime(record.createdAt)}</a></td>
    <td data-label="Konto">
      ${
        account
          ? html`<strong>${account.username}</strong><br /><span class="sub">${account.displayName}</span>`
          : typedNameShown(record) !== undefined
            ? html`<span class="sub">${typedNameShown(record)}</span>`
            : html`<span class="sub">inget angivet</span>`
      }
    </td>
    <td data-label="Begärt av">
      ${record.requester.name ?? 'okänd'}${
        record.ownAccount === false && account
          ? html`<br /><span class="flag">Annan person än kontoägaren</span>`
          : ''
      }
    </td>
    <td data-label="Utfall"><span class="badge ${toneOf(outcome)}">${outcomeLabels[outcome]}</span></td>
    <td data-label="Tid">${formatDuration(Date.parse(end) - Date.parse(record.createdAt))}</td>
    <td data-label="Plattform">${record.platform !== undefined ? platformLabel(record.platform) : '–'}</td>
  </tr>`;
}
