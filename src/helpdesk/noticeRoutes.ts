import type { HelpdeskContext, HelpdeskRoutes } from './helpdeskContext';
import { NOTICE_LOG_KINDS, readNoticeLog, type NoticeLogKind } from './noticeLog';
import { searchParams, sendPage } from './pageResponses';
import { noticeListPage } from './views/noticeListPage';

const SHOWN = 500;

/** `/helpdesk/notices`: the bot's notices of the last seven days, counted per kind and listed. */
export function registerNoticeRoutes({ get }: HelpdeskRoutes, ctx: HelpdeskContext): void {
  const { deps, log, now, page, viewerOf } = ctx;
  get(
    '/helpdesk/notices',
    page(async (req, res, session) => {
      const wanted = searchParams(req).get('kind') ?? '';
      const kind = NOTICE_LOG_KINDS.find((known): known is NoticeLogKind => known === wanted);
      const at = now();
      const noticeLog = await readNoticeLog(deps.audit, at);
      log.info({ user: session.user.id, count: noticeLog.rows.length }, 'notices viewed');
      sendPage(
        res,
        200,
        noticeListPage(
          {
            log: noticeLog,
            ...(kind ? { kind } : {}),
            ...(wanted !== '' && !kind ? { unknownKind: true } : {}),
            limit: SHOWN,
            now: at,
          },
          viewerOf(session),
        ),
      );
    }),
  );
}
