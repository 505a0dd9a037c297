import { readFileSync } from 'node:fs';
import path from 'node:path';
import { notFoundUnder } from '../http/restifyServer';
import { redirect, sendText } from '../http/responses';
import type { Logger } from '../reset/ports';
import { casesToCsv } from './csv';
import type { HelpdeskContext, HelpdeskRoutes } from './helpdeskContext';
import { notices } from './labels';
import { readListFilters } from './listFilters';
import { paramOf, searchParams, securityHeaders, sendAsset, sendPage } from './pageResponses';
import { HELPDESK_CSS } from './styles';
import { readCaseTranscript } from './transcriptView';
import { caseListPage } from './views/caseListPage';
import { casePage } from './views/casePage';
import { noticePage } from './views/layout';

const PAGE_SIZE = 100;
const CSV_LIMIT = 10_000;
const CASE_ID = /^[A-Za-z0-9-]{1,100}$/;

/** What the service desk reads once signed in: the case list, its CSV export and one case; their assets. */
export function registerCaseRoutes({ server, get }: HelpdeskRoutes, ctx: HelpdeskContext): void {
  const { deps, log, now, page, viewerOf } = ctx;
  const refreshSeconds = deps.refreshSeconds ?? 5;
  const script = readClientScript(log);

  get('/helpdesk', (_req, res) => {
    redirect(res, 302, '/helpdesk/cases');
  });

  get('/helpdesk/static/helpdesk.css', (_req, res) => {
    sendAsset(res, 'text/css; charset=utf-8', HELPDESK_CSS);
  });
  get('/helpdesk/static/helpdesk.js', (_req, res) => {
    sendAsset(res, 'text/javascript; charset=utf-8', script);
  });

  get(
    '/helpdesk/cases',
    page(async (req, res, session) => {
      const filters = readListFilters(searchParams(req), PAGE_SIZE + 1);
      const found = await deps.cases.list(filters.query);
      const view = {
        records: found.slice(0, PAGE_SIZE),
        more: found.length > PAGE_SIZE,
        filters,
        now: now(),
        refreshSeconds,
      };
      sendPage(res, 200, caseListPage(view, viewerOf(session)));
    }),
  );

  get(
    '/helpdesk/cases.csv',
    page(async (req, res, session) => {
      const filters = readListFilters(searchParams(req), CSV_LIMIT);
      const records = await deps.cases.list(filters.query);
      log.info({ user: session.user.id, count: records.length }, 'cases exported');
      const day = now().toISOString().slice(0, 10);
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="arenden-${day}.csv"`);
      securityHeaders(res);
      sendText(res, 200, casesToCsv(records));
    }),
  );

  get(
    '/helpdesk/cases/:id',
    page(async (req, res, session) => {
      const id = paramOf(req, 'id');
      const found = CASE_ID.test(id) ? await deps.cases.get(id) : undefined;
      if (!found) {
        sendPage(res, 404, noticePage(notices.caseMissing));
        return;
      }
      const record = found.value;
      const [events, chat] = await Promise.all([
        deps.audit.query({ caseId: record.id, limit: 500 }),
        readCaseTranscript(deps.transcripts, record),
      ]);
      log.info({ user: session.user.id, caseId: record.id }, 'case viewed');
      sendPage(
        res,
        200,
        casePage(
          {
            record,
            events,
            chat,
            now: now(),
            refreshSeconds,
            ...(deps.directoryKind !== undefined ? { directoryKind: deps.directoryKind } : {}),
          },
          viewerOf(session),
        ),
      );
    }),
  );

  // Anything else under /helpdesk gets a page, not JSON.
  notFoundUnder(server, '/helpdesk', (_req, res) => {
    sendPage(res, 404, noticePage(notices.pageMissing));
  });
}

function readClientScript(log: Logger): string {
  const file = path.join(__dirname, 'client', 'helpdesk.js');
  try {
    return readFileSync(file, 'utf8');
  } catch {
    log.warn(
      { file },
      'the service-desk page script is missing (run npm run build): pages work without live updates',
    );
    return '';
  }
}
