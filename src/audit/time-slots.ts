/**
 * Time slots of a point ("J03, weekdays 17:00–19:00"): the clip starts that
 * fall in a band of local hours on weekdays or at weekends across the window,
 * and the figures for a clip drawn within them. Ranked county-wide by pAny,
 * so organisers see when, not only where, inspectors would find problems.
 */
import { intersectIntervals, mergeIntervals, totalMs } from "../footage/intervals.js";
import type { Interval } from "../footage/types.js";
import { startRange } from "./clip-starts.js";
import { localDays } from "./local-hours.js";
import { problemStarts, risksWithin } from "./point-risk.js";
import type { AuditWindow, ClipSpec, PointAuditData, RiskFigures } from "./types.js";

export type DayType = "weekday" | "weekend";

export interface TimeSlot extends RiskFigures {
  pointId: string;
  dayType: DayType;
  startHour: number;
  endHour: number;
  /** e.g. "J03, weekdays 17:00–19:00" */
  label: string;
  /** e.g. "J03 工作日 17:00–19:00" */
  labelZh: string;
  /** Minutes of clip starts the slot holds in the window. */
  startMinutes: number;
}

export const DEFAULT_SLOT_HOURS = 2;

export function pointSlots(data: PointAuditData, window: AuditWindow, clip: ClipSpec, timeZone: string, slotHours = DEFAULT_SLOT_HOURS): TimeSlot[] {
  const range = startRange(window, clip);
  const problems = problemStarts(data, clip);
  const days = localDays(window, timeZone);
  const slots: TimeSlot[] = [];
  for (const dayType of ["weekday", "weekend"] as const) {
    const ofType = days.filter((d) => (d.weekday === 0 || d.weekday === 6) === (dayType === "weekend"));
    for (let startHour = 0; startHour < 24; startHour += slotHours) {
      const endHour = Math.min(24, startHour + slotHours);
      const bands = ofType.map((d) => ({ fromMs: (d.hours[startHour] as Interval).fromMs, toMs: (d.hours[endHour - 1] as Interval).toMs }));
      const starts = intersectIntervals(mergeIntervals(bands), [range]);
      if (totalMs(starts) <= 0) continue;
      slots.push({
        pointId: data.pointId,
        dayType,
        startHour,
        endHour,
        label: `${data.pointId}, ${dayType === "weekday" ? "weekdays" : "weekends"} ${hh(startHour)}–${hh(endHour)}`,
        labelZh: `${data.pointId} ${dayType === "weekday" ? "工作日" : "周末"} ${hh(startHour)}–${hh(endHour)}`,
        startMinutes: totalMs(starts) / 60_000,
        ...risksWithin(problems, starts),
      });
    }
  }
  return slots;
}

/** Highest pAny first; ties by pViolation, then by label, so the order is stable. */
export function rankSlots(slots: readonly TimeSlot[]): TimeSlot[] {
  return [...slots].sort((a, b) => b.pAny - a.pAny || b.pViolation - a.pViolation || a.label.localeCompare(b.label));
}

const hh = (h: number): string => `${String(h).padStart(2, "0")}:00`;
