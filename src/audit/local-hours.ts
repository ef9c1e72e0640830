/**
 * Local calendar days and hours of a window in the deployment's time zone,
 * as UTC intervals: the buckets of the heatmap and the time slots. At a DST
 * change a skipped hour is an empty bucket and a repeated one is two hours
 * long (wallClockToUtcMs reads the first occurrence).
 */
import type { Interval } from "../footage/types.js";
import { wallClockAt, wallClockToUtcMs } from "../time/time-zone.js";

export interface LocalDay {
  /** YYYY-MM-DD, local. */
  date: string;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** hours[h] = [h:00, h+1:00) local, as UTC ms. */
  hours: Interval[];
}

const pad = (n: number, w = 2): string => String(n).padStart(w, "0");

/** Every local day the window touches, in order. */
export function localDays(window: Interval, timeZone: string): LocalDay[] {
  const first = wallClockAt(window.fromMs, timeZone);
  const days: LocalDay[] = [];
  let date = new Date(Date.UTC(first.year, first.month - 1, first.day));
  for (;;) {
    const day = localDay(date, timeZone);
    if ((day.hours[0] as Interval).fromMs >= window.toMs) break;
    days.push(day);
    date = new Date(date.getTime() + 86_400_000);
  }
  return days;
}

function localDay(date: Date, timeZone: string): LocalDay {
  const [year, month, day] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
  const next = new Date(date.getTime() + 86_400_000);
  const at = (hour: number): number =>
    hour < 24
      ? wallClockToUtcMs({ year, month, day, hour, minute: 0, second: 0 }, timeZone)
      : wallClockToUtcMs({ year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate(), hour: 0, minute: 0, second: 0 }, timeZone);
  const hours = Array.from({ length: 24 }, (_, h) => ({ fromMs: at(h), toMs: Math.max(at(h), at(h + 1)) }));
  return { date: `${pad(year, 4)}-${pad(month)}-${pad(day)}`, weekday: date.getUTCDay(), hours };
}

/** The local day a date string names, as a UTC interval [00:00, next 00:00). */
export function dayInterval(date: string, timeZone: string): Interval {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const start = wallClockToUtcMs({ year, month, day, hour: 0, minute: 0, second: 0 }, timeZone);
  const next = new Date(Date.UTC(year, month - 1, day + 1));
  const end = wallClockToUtcMs({ year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate(), hour: 0, minute: 0, second: 0 }, timeZone);
  return { fromMs: start, toMs: end };
}

/** YYYY-MM-DD of the instant in the zone. */
export function localDate(ms: number, timeZone: string): string {
  const w = wallClockAt(ms, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}
