/**
 * Times on the command line: ISO 8601 with an offset (`2026-12-08T08:00:00+08:00`,
 * `…Z`) is an instant; without one it is wall-clock time in the point's zone.
 * A date or time that does not exist (month 13, 30 February, 25:00) is an
 * error, never rolled over into another day.
 */
import { KerbsideError } from "../errors.js";
import { wallClockToUtcMs } from "../footage/time-zone.js";

const WALL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?/;
const WITH_OFFSET = /(?:Z|[+-]\d{2}:?\d{2})$/i;

type Fields = [number, number, number, number, number, number];

export function parseCliTime(text: string, timeZone: string, flag: string): number {
  const trimmed = text.trim();
  const m = WALL.exec(trimmed);
  const fields = m ? ([1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as Fields) : null;
  if (fields && exists(fields)) {
    const rest = trimmed.slice(m![0].length);
    if (rest === "") {
      const [year, month, day, hour, minute, second] = fields;
      return wallClockToUtcMs({ year, month, day, hour, minute, second }, timeZone);
    }
    const ms = Date.parse(trimmed);
    if (WITH_OFFSET.test(rest) && Number.isFinite(ms)) return ms;
  }
  throw new KerbsideError("KERB_ERR_CONFIG", `${flag} "${text}": expected an ISO time such as 2026-12-08T08:00:00+08:00 (without an offset: ${timeZone} wall-clock time)`);
}

/** Whether the calendar date and the time of day exist (no 30 February, no 24:30). */
function exists([year, month, day, hour, minute, second]: Fields): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  const sameDay = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return sameDay && hour <= 23 && minute <= 59 && second <= 59;
}
