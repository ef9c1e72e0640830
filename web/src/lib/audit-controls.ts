// The pre-audit window and clip length as the organiser set them, kept in the
// page's URL (?days=30 or ?from=…&to=…, &clip=10, &seed=1) so a view can be
// shared and reloaded. `from`/`to` are either local days (YYYY-MM-DD in the
// deployment's zone, `to` inclusive) or ISO times with an offset.
import type { LocationQuery } from "vue-router";
import type { AuditQuery } from "../api/client";

export interface AuditControls {
  days: number | null;
  from: string | null;
  to: string | null;
  clipMin: number;
  seed: number;
}

export const DEFAULT_CLIP_MIN = 10;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function one(value: LocationQuery[string] | undefined): string | null {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === "string" && v !== "" ? v : null;
}

function positive(value: string | null, fallback: number): number {
  const n = Number(value);
  return value !== null && Number.isFinite(n) && n > 0 ? n : fallback;
}

export function controlsFromQuery(query: LocationQuery): AuditControls {
  const from = one(query.from);
  const to = one(query.to);
  const range = from !== null && to !== null;
  const days = one(query.days);
  return {
    days: range ? null : days === null ? null : Math.round(positive(days, 30)),
    from: range ? from : null,
    to: range ? to : null,
    clipMin: positive(one(query.clip), DEFAULT_CLIP_MIN),
    seed: Math.max(0, Math.round(positive(one(query.seed), 1))),
  };
}

export function queryOfControls(c: AuditControls): Record<string, string> {
  const out: Record<string, string> = { clip: String(c.clipMin), seed: String(c.seed) };
  if (c.from && c.to) Object.assign(out, { from: c.from, to: c.to });
  else if (c.days) out.days = String(c.days);
  return out;
}

/** Offset of a zone from UTC at an instant, in ms. */
function zoneOffsetMs(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
  }).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second")) - Math.floor(ms / 1000) * 1000;
}

/** The instant a local day starts in the zone (DST-safe: the offset is looked up twice). */
export function localDayStart(day: string, timeZone: string): number {
  const guess = Date.parse(`${day}T00:00:00Z`);
  const first = guess - zoneOffsetMs(guess, timeZone);
  return guess - zoneOffsetMs(first, timeZone);
}

export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** The day an instant falls on in the zone, YYYY-MM-DD. */
export function localDay(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(ms));
}

function instant(value: string, timeZone: string, end: boolean): string {
  if (!DAY.test(value)) return value;
  return new Date(localDayStart(end ? nextDay(value) : value, timeZone)).toISOString();
}

/** The API's query for these controls (points optional). */
export function apiQuery(c: AuditControls, timeZone: string, points?: string[]): AuditQuery {
  const q: AuditQuery = { clipMin: c.clipMin, seed: c.seed };
  if (c.from && c.to) Object.assign(q, { from: instant(c.from, timeZone, false), to: instant(c.to, timeZone, true) });
  else if (c.days) q.windowDays = c.days;
  if (points && points.length > 0) q.point = points.join(",");
  return q;
}

export const percent = (p: number, digits = 1): string => `${(p * 100).toFixed(digits)}%`;
/** A change in percentage points, signed. */
export const points = (delta: number): string => `${delta > 0 ? "+" : delta < 0 ? "−" : "±"}${Math.abs(delta * 100).toFixed(1)}`;
