/**
 * Day × hour heatmap of one point in the deployment's time zone: minutes of
 * violation, of footage gaps and of unscanned footage in each local hour of
 * the window (cells outside the window count only their part inside). Pure.
 */
import type { Interval } from "../footage/types.js";
import { minutesWithin } from "./clip-starts.js";
import { localDays } from "./local-hours.js";
import type { AuditWindow, PointAuditData } from "./types.js";

export interface Heatmap {
  pointId: string;
  timeZone: string;
  /** Local dates, rows of the matrices. */
  days: string[];
  /** [day][hour] minutes, rounded to 0.01. */
  violationMinutes: number[][];
  gapMinutes: number[][];
  unscannedMinutes: number[][];
}

export function heatmap(data: PointAuditData, window: AuditWindow, timeZone: string): Heatmap {
  const days = localDays(window, timeZone);
  const cells = (intervals: readonly Interval[]): number[][] =>
    days.map((day) => day.hours.map((hour) => round2(minutesWithin(intervals, clip(hour, window)))));
  return {
    pointId: data.pointId,
    timeZone,
    days: days.map((d) => d.date),
    violationMinutes: cells(data.violations),
    gapMinutes: cells(data.gaps),
    unscannedMinutes: cells(data.unscanned),
  };
}

function clip(hour: Interval, window: Interval): Interval {
  const fromMs = Math.max(hour.fromMs, window.fromMs);
  return { fromMs, toMs: Math.max(fromMs, Math.min(hour.toMs, window.toMs)) };
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
