/**
 * The one place for time zones and calendar dates: wall-clock ↔ UTC for an
 * IANA zone (Intl only, DST from the platform), whether a zone or a date
 * exists, and the local formats Kerbside prints. Footage names, schedules,
 * command-line times and reports all go through here.
 */
import { KerbsideError } from "../errors.js";

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
      });
    } catch (error) {
      throw new KerbsideError("KERB_ERR_CONFIG", `unknown time zone "${timeZone}"`, { cause: error });
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when Intl knows the zone (config validation; "UTC", "Asia/Shanghai", …). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock in `timeZone` at instant `ms`. */
export function wallClockAt(ms: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** Minutes since local midnight (fractional: seconds count) at an instant (schedules). */
export function localMinuteOfDay(ms: number, timeZone: string): number {
  const wall = wallClockAt(ms, timeZone);
  return wall.hour * 60 + wall.minute + wall.second / 60;
}

/** Whether the calendar date and the time of day exist (no 30 February, no 24:30, no 23:60). */
export function wallClockExists(w: WallClock): boolean {
  if (![w.year, w.month, w.day, w.hour, w.minute, w.second].every(Number.isInteger)) return false;
  if (w.month < 1 || w.month > 12 || w.day < 1 || w.hour < 0 || w.minute < 0 || w.second < 0) return false;
  if (w.hour > 23 || w.minute > 59 || w.second > 59) return false;
  return w.day <= daysInMonth(w.year, w.month);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Offset of `timeZone` from UTC at instant `ms`, in ms (Asia/Shanghai: +8 h). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const wall = wallClockAt(ms, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant a wall-clock time in `timeZone` denotes. At a DST change, in
 * any zone: a time that happens twice is its first occurrence, and a time
 * the clocks skip is read with the offset before the jump (02:30 becomes
 * 03:30 when 02:00 jumps to 03:00), so it never lands before earlier files.
 */
export function wallClockToUtcMs(wall: WallClock, timeZone: string): number {
  const naive = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const before = naive - zoneOffsetMs(naive - DAY_MS, timeZone);
  const after = naive - zoneOffsetMs(naive + DAY_MS, timeZone);
  const valid = [before, after].filter((ms) => ms + zoneOffsetMs(ms, timeZone) === naive);
  return valid.length > 0 ? Math.min(...valid) : before;
}

const DAY_MS = 86_400_000;

const pad = (value: number, width = 2): string => String(value).padStart(width, "0");

/** `YYYYMMDDTHHmmss` of instant `ms` in `timeZone` (footage file names). */
export function compactStamp(ms: number, timeZone: string): string {
  const w = wallClockAt(ms, timeZone);
  return `${pad(w.year, 4)}${pad(w.month)}${pad(w.day)}T${pad(w.hour)}${pad(w.minute)}${pad(w.second)}`;
}

/** `YYYY-MM-DD HH:mm:ss` of instant `ms` in `timeZone` (human output). */
export function formatLocal(ms: number, timeZone: string): string {
  const w = wallClockAt(ms, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}

/** `2026-12-08T08:00:00.000+08:00`: the instant as wall-clock time in `timeZone` (reports, JSON). */
export function isoInZone(ms: number, timeZone: string): string {
  const offset = zoneOffsetMs(ms, timeZone);
  const wall = new Date(ms + offset).toISOString().slice(0, 23);
  const sign = offset < 0 ? "-" : "+";
  const minutes = Math.abs(offset) / 60_000;
  return `${wall}${sign}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}
