/**
 * Times on the command line: ISO 8601 with an offset (`2026-12-08T08:00:00+08:00`,
 * `…Z`) is an instant; without one it is wall-clock time in the point's zone.
 */
import { KerbsideError } from "../errors.js";
import { wallClockToUtcMs } from "../footage/time-zone.js";

const WALL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;
const WITH_OFFSET = /(?:Z|[+-]\d{2}:?\d{2})$/i;

export function parseCliTime(text: string, timeZone: string, flag: string): number {
  const trimmed = text.trim();
  if (WITH_OFFSET.test(trimmed)) {
    const ms = Date.parse(trimmed);
    if (Number.isFinite(ms)) return ms;
  }
  const m = WALL.exec(trimmed);
  if (m) {
    const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
    return wallClockToUtcMs({ year, month, day, hour, minute, second }, timeZone);
  }
  throw new KerbsideError("KERB_ERR_CONFIG", `${flag} "${text}": expected an ISO time such as 2026-12-08T08:00:00+08:00 (without an offset: ${timeZone} wall-clock time)`);
}
