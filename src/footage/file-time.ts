/**
 * Start times from footage file names, as NVRs and export tools write them:
 *   J01_20261208T080000.mp4       20261208T080000Z / +0800 suffixes honoured
 *   ch01_20261208080000.dav       2026-12-08_08-00-00.mp4
 *   20261208_080000.mkv           2026_12_08_08_00_00.mp4
 * Without an explicit Z/offset the time is wall-clock in the given IANA zone.
 */
import path from "node:path";
import { wallClockExists, wallClockToUtcMs, type WallClock } from "../time/time-zone.js";

const STAMP =
  /(?<!\d)(\d{4})([-_.]?)(\d{2})\2(\d{2})[T _.-]?(\d{2})([-_.:]?)(\d{2})\6(\d{2})(?:\.\d{1,3})?(Z|[+-](?:0\d|1[0-4]):?[0-5]\d)?(?!\d)/g;

export function parseStartTimeFromName(fileName: string, timeZone: string): Date | null {
  const name = path.basename(fileName);
  for (const match of name.matchAll(STAMP)) {
    const wall = toWallClock(match);
    if (!wall) continue;
    const zone = match[9];
    const ms = zone === undefined ? wallClockToUtcMs(wall, timeZone) : utcFromOffset(wall, zone);
    return new Date(ms);
  }
  return null;
}

function toWallClock(match: RegExpMatchArray): WallClock | null {
  const [year, month, day, hour, minute, second] = [1, 3, 4, 5, 7, 8].map((i) => Number(match[i]));
  const wall = { year, month, day, hour, minute, second } as WallClock;
  return isPlausible(wall) ? wall : null;
}

/** A date that exists, in years footage can come from (a serial number is not a time). */
function isPlausible(w: WallClock): boolean {
  return w.year >= 1990 && w.year <= 2100 && wallClockExists(w);
}

function utcFromOffset(w: WallClock, zone: string): number {
  const naive = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  if (zone === "Z") return naive;
  const digits = zone.slice(1).replace(":", "");
  const offsetMs = (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
  return zone.startsWith("-") ? naive + offsetMs : naive - offsetMs;
}
