import type { Activity } from 'botbuilder';
import { noticeCard } from '../cards/noticeCard';
import { wordsFor } from '../language';
import type { Notice } from '../reset/notices/ports';

export interface NoticeRendering {
  readonly servicedeskPhone: string;
  /** Where times are told; the municipality's own. */
  readonly timeZone?: string;
}

/** A notice as the message the person reads, in the language of their last message to the bot. */
export function noticeActivity(
  notice: Notice,
  locale: string | undefined,
  options: NoticeRendering,
): Partial<Activity> {
  const m = wordsFor(locale).proactive;
  const time = (at: Date) =>
    new Intl.DateTimeFormat('sv-SE', {
      timeZone: options.timeZone ?? 'Europe/Stockholm',
      hour: '2-digit',
      minute: '2-digit',
    }).format(at);
  switch (notice.kind) {
    case 'change': {
      const lines = [
        m.changedByOther(notice.change, notice.username, time(notice.at)),
        m.notYou(options.servicedeskPhone),
      ];
      return { type: 'message', summary: lines[0], attachments: [noticeCard({ lines })] };
    }
    case 'expiry': {
      const parts = new Intl.DateTimeFormat('en-GB', {
        timeZone: options.timeZone ?? 'Europe/Stockholm',
        day: 'numeric',
        month: 'numeric',
      }).formatToParts(notice.expiresAt);
      const day = parts.find((part) => part.type === 'day')?.value ?? '';
      const month = m.months[Number(parts.find((part) => part.type === 'month')?.value ?? 1) - 1] ?? '';
      const lines = [m.expiresIn(notice.daysLeft, `${day} ${month}`), ...(notice.first ? [m.howToStop] : [])];
      const button = { title: m.changePasswordNow, noticeId: notice.noticeId, newPassword: true };
      return { type: 'message', summary: lines[0], attachments: [noticeCard({ lines, button })] };
    }
    case 'enrollment': {
      const lines = [
        m.noMobile(notice.username),
        ...(notice.url !== undefined ? [m.registerAt] : []),
        m.registerWithServiceDesk(options.servicedeskPhone),
        m.howToStopEnrollment,
      ];
      const link = notice.url !== undefined ? { title: m.registerButton, url: notice.url } : undefined;
      return {
        type: 'message',
        summary: lines[0],
        attachments: [noticeCard({ lines, ...(link ? { link } : {}) })],
      };
    }
    case 'lockout': {
      const lines = [
        m.lockedOut(notice.username, time(notice.lockedAt)),
        ...(notice.relock ? [m.relockWhy] : []),
        ...(notice.failedFrom && notice.failedFrom.length > 0
          ? [m.failedSignInsFrom(notice.failedFrom.join('; '))]
          : []),
      ];
      return {
        type: 'message',
        summary: lines[0],
        attachments: [
          noticeCard({
            lines,
            ...(notice.noticeId !== undefined
              ? { button: { title: m.unlockNow, noticeId: notice.noticeId } }
              : {}),
          }),
        ],
      };
    }
  }
}
