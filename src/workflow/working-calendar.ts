/**
 * Deadline arithmetic in working time, pure: a time limit counted in working
 * hours (or working days, each worth one day's working hours) runs only
 * inside the calendar's daily windows, on working days. A working day is a
 * weekday not on the holiday list, or a date on the make-up list (调休: the
 * weekend days the State Council declares working days around a holiday).
 * Dates are local dates in the deployment's time zone.
 */
import { KerbsideError } from "../errors.js";
import { wallClockAt, wallClockToUtcMs } from "../time/time-zone.js";
import { parseHhmm } from "../rules/schedule.js";
import type { TimeLimit, WorkingCalendar } from "../config/schema-workflow.js";

const MINUTE_MS = 60_000;
/** A calendar with no working time would loop for ever: stop after ten years. */
const MAX_DAYS = 3660;

interface LocalDate {
  year: number;
  month: number;
  day: number;
}

function isoDate(d: LocalDate): string {
  return `${String(d.year).padStart(4, "0")}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
}

function nextDate(d: LocalDate): LocalDate {
  const next = new Date(Date.UTC(d.year, d.month - 1, d.day + 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}

export function isWorkingDay(date: LocalDate, calendar: WorkingCalendar): boolean {
  const iso = isoDate(date);
  if (calendar.workdays.includes(iso)) return true;
  if (calendar.holidays.includes(iso)) return false;
  const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return !calendar.weekends.includes(weekday);
}

/** Working minutes in one working day. */
export function dailyWorkingMinutes(calendar: WorkingCalendar): number {
  return calendar.hours.reduce((sum, w) => sum + Math.max(0, parseHhmm(w.end) - parseHhmm(w.start)), 0);
}

/** The day's working windows as instants, in order. */
function windowsOn(date: LocalDate, calendar: WorkingCalendar, timeZone: string): [number, number][] {
  const at = (hhmm: string): number => {
    const minutes = parseHhmm(hhmm);
    return wallClockToUtcMs({ ...date, hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0 }, timeZone);
  };
  return calendar.hours
    .map((w): [number, number] => [at(w.start), at(w.end)])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
}

/** The instant `minutes` working minutes after `startMs`. */
export function addWorkingMinutes(startMs: number, minutes: number, calendar: WorkingCalendar, timeZone: string): number {
  let remainingMs = Math.max(0, minutes) * MINUTE_MS;
  if (remainingMs === 0) return startMs;
  const wall = wallClockAt(startMs, timeZone);
  let date: LocalDate = { year: wall.year, month: wall.month, day: wall.day };
  for (let i = 0; i < MAX_DAYS; i++, date = nextDate(date)) {
    if (!isWorkingDay(date, calendar)) continue;
    for (const [windowStart, windowEnd] of windowsOn(date, calendar, timeZone)) {
      const from = Math.max(startMs, windowStart);
      if (from >= windowEnd) continue;
      if (remainingMs <= windowEnd - from) return from + remainingMs;
      remainingMs -= windowEnd - from;
    }
  }
  throw new KerbsideError("KERB_ERR_CONFIG", "workflow.calendar: no working time in the next ten years (every day a weekend or holiday?)");
}

/** The deadline of a time limit that starts at `startMs`. */
export function deadlineAfter(startMs: number, limit: TimeLimit, calendar: WorkingCalendar, timeZone: string): number {
  if ("hours" in limit) return startMs + limit.hours * 60 * MINUTE_MS;
  const minutes = "workingHours" in limit ? limit.workingHours * 60 : limit.workingDays * dailyWorkingMinutes(calendar);
  return addWorkingMinutes(startMs, minutes, calendar, timeZone);
}
