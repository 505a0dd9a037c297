/** The service desk reads local Swedish time; everything is stored in UTC. */
export const TIME_ZONE = 'Europe/Stockholm';

/**
 * Built on first use, not at startup: the first `Intl.DateTimeFormat` with a time zone loads ICU's
 * zone data (≈ 20 ms), which nothing needs before the service desk opens a page.
 */
function lazily<T>(create: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= create());
}

const dateTime = lazily(
  () => new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE, dateStyle: 'short', timeStyle: 'medium' }),
);
const timeOnly = lazily(() => new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE, timeStyle: 'medium' }));
const parts = lazily(
  () =>
    new Intl.DateTimeFormat('en-US', {
      timeZone: TIME_ZONE,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }),
);

/** `2025-03-10 09:00:00` in Stockholm time. */
export function formatDateTime(iso: string): string {
  return dateTime().format(new Date(iso));
}

export function formatTime(iso: string): string {
  return timeOnly().format(new Date(iso));
}

/** `1 min 5 s`, `42 s`. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Midnight at the start of a Stockholm calendar day (`yyyy-mm-dd`), as a UTC ISO string. */
export function startOfStockholmDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const asUtc = Date.UTC(year, month - 1, date);
  // The offset at that moment (one or two hours); checked again in case the guess crossed a DST change.
  let instant = asUtc - offsetMs(asUtc);
  instant = asUtc - offsetMs(instant);
  return new Date(instant).toISOString();
}

/** The day after `yyyy-mm-dd`, for an inclusive "to" date. */
export function nextDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date + 1)).toISOString().slice(0, 10);
}

function offsetMs(instant: number): number {
  const values = Object.fromEntries(
    parts()
      .formatToParts(new Date(instant))
      .map((part) => [part.type, part.value]),
  ) as Record<string, string>;
  const local = Date.UTC(
    Number(values['year']),
    Number(values['month']) - 1,
    Number(values['day']),
    Number(values['hour']),
    Number(values['minute']),
    Number(values['second']),
  );
  return local - Math.floor(instant / 1000) * 1000;
}
