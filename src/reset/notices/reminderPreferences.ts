import { ConflictError } from '../errors';
import type { Clock, RecordStore } from '../ports';

export interface ReminderPreference {
  readonly stopped: boolean;
  readonly at: string;
}

/**
 * "stopp" / "start": whether a person gets reminders and enrollment messages. Lockout and change notices
 * are security notices and go out whatever this says.
 */
export class ReminderPreferences {
  constructor(
    private readonly store: RecordStore<ReminderPreference>,
    private readonly clock: Clock,
  ) {}

  async set(person: string, stopped: boolean): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = await this.store.get(person);
      try {
        await this.store.put(person, { stopped, at: this.clock.now().toISOString() }, current?.etag);
        return;
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
      }
    }
  }

  async wantsReminders(person: string): Promise<boolean> {
    return (await this.store.get(person))?.value.stopped !== true;
  }
}

/** Office hours for reminders (`NOTICE_HOURS`): whole hours, weekdays only unless always. */
export interface NoticeHours {
  /** `00-24`: any hour, any day. */
  readonly always: boolean;
  readonly fromHour: number;
  /** Exclusive: `17` ends at 16:59. */
  readonly toHour: number;
  readonly timeZone: string;
}

const WEEKDAYS = new Set(['Mon', 'Tue', 'Wed', 'Thu', 'Fri']);

/** Whether a reminder may be sent at `at` (lockout and change notices ignore this). */
export function isWithinNoticeHours(at: Date, hours: NoticeHours): boolean {
  if (hours.always) return true;
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: hours.timeZone,
    weekday: 'short',
    hour: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const weekday = parts.find((part) => part.type === 'weekday')?.value ?? '';
  const hour = Number(parts.find((part) => part.type === 'hour')?.value ?? NaN);
  return WEEKDAYS.has(weekday) && hour >= hours.fromHour && hour < hours.toHour;
}
