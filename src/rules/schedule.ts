/**
 * Schedules: named sets of local-time windows (rush hours, night-market hours).
 * Local time comes from the time module (src/time/time-zone.ts: Intl, so any
 * IANA zone works without a tz library and DST is handled by the platform).
 */
import type { Deployment, PointConfig, Schedules, TimeWindow } from "../config/schema.js";
import { KerbsideError } from "../errors.js";
import { localMinuteOfDay } from "../time/time-zone.js";

/** Built-in schedules, used when neither the point nor the deployment defines them. */
export const DEFAULT_SCHEDULES: Readonly<Schedules> = {
  rush_hours: [
    { start: "07:00", end: "09:00" },
    { start: "17:00", end: "19:00" },
  ],
  night_market: [{ start: "18:00", end: "23:30" }],
};

export { localMinuteOfDay };

/** "HH:MM" → minutes since midnight; "24:00" → 1440. */
export function parseHhmm(text: string): number {
  const [h, m] = text.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/**
 * Whether a local minute falls in a window. Start is inclusive, end exclusive;
 * end < start wraps past midnight (22:00–02:00); start == end is empty.
 */
export function isInWindow(window: TimeWindow, minuteOfDay: number): boolean {
  const start = parseHhmm(window.start);
  const end = parseHhmm(window.end);
  if (start < end) return minuteOfDay >= start && minuteOfDay < end;
  if (start > end) return minuteOfDay >= start || minuteOfDay < end;
  return false;
}

export function isInWindows(windows: readonly TimeWindow[], instantMs: number, timeZone: string): boolean {
  if (windows.length === 0) return false;
  const minute = localMinuteOfDay(instantMs, timeZone);
  return windows.some((w) => isInWindow(w, minute));
}

/** The schedules a point runs with: built-in defaults ← deployment ← point (by name). */
export function resolveSchedules(deployment: Pick<Deployment, "schedules">, point: Pick<PointConfig, "schedules">): Schedules {
  return { ...DEFAULT_SCHEDULES, ...deployment.schedules, ...(point.schedules ?? {}) };
}

/** Looks a schedule up by name; an unknown name is a config error naming the point and the user of it. */
export function scheduleWindows(schedules: Schedules, name: string, pointId: string, usedBy: string): TimeWindow[] {
  const windows = schedules[name];
  if (!windows) {
    throw new KerbsideError(
      "KERB_ERR_CONFIG",
      `point ${pointId}: ${usedBy} names schedule "${name}", which is not defined (known: ${Object.keys(schedules).join(", ")})`,
    );
  }
  return windows;
}
