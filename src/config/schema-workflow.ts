/**
 * The `workflow:` section: how incidents become cases (auto file / dispatch
 * per rule), each rule's time limit, the working calendar deadlines are
 * counted in, and how the footage verifies a case (verifyClearSec) and links
 * recurrences (recurrenceDays). Every field has a default; the built-in
 * per-rule defaults are in workflow/workflow-settings.ts.
 */
import { z } from "zod";
import { LocalDateSchema, LocalTimeSchema } from "./local-time.js";
import { POINT_CATEGORIES } from "./point-categories.js";

/** A working window within one day (no wrap past midnight). */
const WorkingWindowSchema = z
  .strictObject({ start: LocalTimeSchema, end: LocalTimeSchema })
  .refine((w) => w.start < w.end, "a working window ends after it starts, on the same day");

export const WorkingCalendarSchema = z.strictObject({
  hours: z
    .array(WorkingWindowSchema)
    .min(1)
    .default([{ start: "08:30", end: "12:00" }, { start: "13:30", end: "17:30" }])
    .describe("Daily working windows, local time (default 08:30–12:00 and 13:30–17:30, 7.5 h)"),
  weekends: z.array(z.number().int().min(0).max(6)).default([0, 6]).describe("Days off, 0 = Sunday (default Saturday and Sunday)"),
  holidays: z.array(LocalDateSchema).default([]).describe("Public holidays, local dates (e.g. 2025-10-01 … 2025-10-08)"),
  workdays: z.array(LocalDateSchema).default([]).describe("Make-up working days (调休), local dates that are worked although weekends"),
});

/** A time limit: wall-clock hours, working hours, or working days (each one day's working hours). */
export const TimeLimitSchema = z.union([
  z.strictObject({ hours: z.number().positive().max(8760) }),
  z.strictObject({ workingHours: z.number().positive().max(10_000) }),
  z.strictObject({ workingDays: z.number().positive().max(365) }),
]);

/** One automatic step for new incidents; the first entry whose conditions hold applies. */
export const AutoStepSchema = z.strictObject({
  action: z.enum(["file", "dispatch"]).describe("file: 立案 at once; dispatch: 立案 and 派遣 to the incident's unit at once"),
  categories: z.array(z.enum(POINT_CATEGORIES)).min(1).optional().describe("Only at points of these categories (default any)"),
  during: z.string().min(1).optional().describe("Only when the incident starts while this schedule is active (default always)"),
});

export const WorkflowRuleSchema = z.strictObject({
  auto: z.array(AutoStepSchema).optional().describe("Automatic filing/dispatch; [] leaves new incidents for a dispatcher"),
  timeLimit: TimeLimitSchema.optional().describe("Deadline from dispatch (default: illegal_parking 2 working hours, others 1 working day)"),
});

export const WorkflowSchema = z.strictObject({
  calendar: WorkingCalendarSchema.prefault({}),
  verifyClearSec: z.number().int().min(10).max(86_400).default(120).describe("Footage must show the spot clear this long to verify a case"),
  recurrenceDays: z.number().int().min(0).max(365).default(7).describe("A new violation at a spot closed this recently is a recurrence"),
  rules: z
    .strictObject({
      illegal_parking: WorkflowRuleSchema.optional(),
      sidewalk_parking: WorkflowRuleSchema.optional(),
      nonmotor_parking: WorkflowRuleSchema.optional(),
      stall_encroachment: WorkflowRuleSchema.optional(),
    })
    .default({}),
});

export type WorkingCalendar = z.infer<typeof WorkingCalendarSchema>;
export type TimeLimit = z.infer<typeof TimeLimitSchema>;
export type AutoStep = z.infer<typeof AutoStepSchema>;
export type WorkflowRule = z.infer<typeof WorkflowRuleSchema>;
export type WorkflowConfig = z.infer<typeof WorkflowSchema>;
