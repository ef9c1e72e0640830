/**
 * Times on the command line: ISO 8601 with an offset (`2026-12-08T08:00:00+08:00`,
 * `…Z`) is an instant; without one it is wall-clock time in the point's zone.
 * A date or time that does not exist (month 13, 30 February, 25:00) is an
 * error, never rolled over into another day.
 */
import { KerbsideError } from "../errors.js";
import { wallClockExists, wallClockToUtcMs, type WallClock } from "./time-zone.js";

const WALL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?/;
const WITH_OFFSET = /(?:Z|[+-]\d{2}:?\d{2})$/i;

export function parseCliTime(text: string, timeZone: string, flag: string): number {
  const trimmed = text.trim();
  const m = WALL.exec(trimmed);
  const wall = m ? wallClock(m) : null;
  if (wall && wallClockExists(wall)) {
    const rest = trimmed.slice(m![0].length);
    if (rest === "") return wallClockToUtcMs(wall, timeZone);
    const ms = Date.parse(trimmed);
    if (WITH_OFFSET.test(rest) && Number.isFinite(ms)) return ms;
  }
  throw new KerbsideError("KERB_ERR_CONFIG", `${flag} "${text}": expected an ISO time such as 2026-12-08T08:00:00+08:00 (without an offset: ${timeZone} wall-clock time)`);
}

function wallClock(m: RegExpExecArray): WallClock {
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  return { year, month, day, hour, minute, second };
}
