/**
 * Local times and dates as config files write them, one definition for every
 * section (schedules, the working calendar): a time of day that exists
 * (00:00–23:59, and 24:00 for the end of the day; 24:59 is not a time) and a
 * calendar date that exists (no 30 February).
 */
import { z } from "zod";
import { wallClockExists } from "../time/time-zone.js";

export const LocalTimeSchema = z
  .string()
  .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, "expected a local time HH:MM (00:00–23:59, or 24:00 for midnight at the end of the day)");

export const LocalDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date YYYY-MM-DD")
  .refine((text) => {
    const [year, month, day] = text.split("-").map(Number) as [number, number, number];
    return wallClockExists({ year, month, day, hour: 0, minute: 0, second: 0 });
  }, "expected a date that exists (YYYY-MM-DD)");
