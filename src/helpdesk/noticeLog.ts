import type { AuditEvent } from '../reset/audit';
import type { ReadableAuditLog } from '../reset/auditTrail';

/** What the bot said first, as the service desk counts it. */
export type NoticeLogKind = 'lockout' | 'relock' | 'change' | 'reminder' | 'enrollment';

export const NOTICE_LOG_KINDS: readonly NoticeLogKind[] = [
  'lockout',
  'relock',
  'change',
  'reminder',
  'enrollment',
];

/** One notice: kind, time, account, whether it reached the person, and the case it led to or came from. */
export interface NoticeRow {
  readonly kind: NoticeLogKind;
  readonly at: string;
  readonly account?: string;
  readonly delivered: boolean;
  /** `teams` or `sms` (the change notice goes by SMS and, to an owner someone else acted for, in Teams). */
  readonly channel: 'teams' | 'sms';
  /** A case started from the notice's button. */
  readonly ledToCase?: string;
  /** The case whose change the notice told of (change notices). */
  readonly fromCase?: string;
}

export interface NoticeCounts {
  readonly day: number;
  readonly week: number;
  /** Of the week's: how many led to a case. */
  readonly ledToCase: number;
}

export interface NoticeLog {
  /** Newest first. */
  readonly rows: readonly NoticeRow[];
  readonly counts: Readonly<Record<NoticeLogKind, NoticeCounts>>;
  /** A day had more events than were read: the counts are at least these. */
  readonly incomplete: boolean;
}

const DAY = 24 * 60 * 60_000;
/** Audit events read per day of the week; a day over it makes the view say its counts are a floor. */
const EVENTS_PER_DAY = 20_000;

/** The bot's own notices (audit `notice-sent`/`notice-unreachable`, `detail` their kind). */
const OWN_KINDS: Readonly<Record<string, NoticeLogKind | undefined>> = {
  lockout: 'lockout',
  'lockout relock': 'relock',
  expiry: 'reminder',
  enrollment: 'enrollment',
};

/**
 * The notices of the last seven days from the audit trail: the bot's own (case id `notice:<id>`), the
 * change notices written on their cases, and which notice a case was started from (`notice-followed`).
 */
export function noticeLogOf(events: readonly AuditEvent[], now: Date): Omit<NoticeLog, 'incomplete'> {
  const followed = new Map<string, string>();
  for (const event of events)
    if (event.type === 'notice-followed' && event.detail !== undefined && !followed.has(event.detail))
      followed.set(event.detail, event.caseId);
  const rows = events.flatMap((event) => rowOf(event, followed)).sort((a, b) => b.at.localeCompare(a.at));
  const dayAgo = new Date(now.getTime() - DAY).toISOString();
  const counts = Object.fromEntries(
    NOTICE_LOG_KINDS.map((kind) => {
      const ofKind = rows.filter((row) => row.kind === kind);
      return [
        kind,
        {
          day: ofKind.filter((row) => row.at >= dayAgo).length,
          week: ofKind.length,
          ledToCase: ofKind.filter((row) => row.ledToCase !== undefined).length,
        },
      ];
    }),
  ) as Record<NoticeLogKind, NoticeCounts>;
  return { rows, counts };
}

function rowOf(event: AuditEvent, followed: ReadonlyMap<string, string>): NoticeRow[] {
  const account = event.account !== undefined ? { account: event.account } : {};
  switch (event.type) {
    case 'notice-sent':
    case 'notice-unreachable': {
      const kind = OWN_KINDS[event.detail ?? ''];
      if (kind === undefined) return [];
      const led = followed.get(event.caseId.replace(/^notice:/, ''));
      return [
        {
          kind,
          at: event.at,
          ...account,
          delivered: event.type === 'notice-sent',
          channel: 'teams',
          ...(led !== undefined ? { ledToCase: led } : {}),
        },
      ];
    }
    case 'owner-notified':
    case 'owner-not-notified':
    case 'owner-told':
    case 'owner-not-reachable':
      return [
        {
          kind: 'change',
          at: event.at,
          ...account,
          delivered: event.type === 'owner-notified' || event.type === 'owner-told',
          channel: event.type === 'owner-told' || event.type === 'owner-not-reachable' ? 'teams' : 'sms',
          fromCase: event.caseId,
        },
      ];
    default:
      return [];
  }
}

/** Reads the last seven days a day at a time (the trail answers oldest first, up to a limit). */
export async function readNoticeLog(audit: ReadableAuditLog, now: Date): Promise<NoticeLog> {
  const windows = Array.from({ length: 7 }, (_, i) => ({
    since: new Date(now.getTime() - (i + 1) * DAY).toISOString(),
    until: new Date(now.getTime() - i * DAY + (i === 0 ? 1 : 0)).toISOString(),
  }));
  const days = await Promise.all(windows.map((window) => audit.query({ ...window, limit: EVENTS_PER_DAY })));
  return {
    ...noticeLogOf(days.flat(), now),
    incomplete: days.some((day) => day.length >= EVENTS_PER_DAY),
  };
}
