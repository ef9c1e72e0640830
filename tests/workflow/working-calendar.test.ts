/**
 * Deadlines in working time across lunch, nights, weekends, holidays and
 * make-up working days (调休), on the 2025 National Day calendar: Oct 1–8 off,
 * Sunday Sep 28 and Saturday Oct 11 worked. Answers worked out by hand.
 */
import { describe, expect, it } from "vitest";
import { WorkflowSchema } from "../../src/config/schema-workflow.js";
import { addWorkingMinutes, dailyWorkingMinutes, deadlineAfter, isWorkingDay } from "../../src/workflow/working-calendar.js";
import { autoStepFor, ruleDeadline } from "../../src/workflow/workflow-settings.js";

const TZ = "Asia/Shanghai";
const at = (local: string): number => Date.parse(`${local}+08:00`);
const iso = (ms: number): string => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16);
const calendar = WorkflowSchema.parse({
  calendar: {
    holidays: ["2025-10-01", "2025-10-02", "2025-10-03", "2025-10-04", "2025-10-05", "2025-10-06", "2025-10-07", "2025-10-08"],
    workdays: ["2025-09-28", "2025-10-11"],
  },
}).calendar;

describe("working calendar", () => {
  it("defaults to 08:30–12:00 + 13:30–17:30 (7.5 h), Saturday and Sunday off", () => {
    const d = WorkflowSchema.parse({}).calendar;
    expect(dailyWorkingMinutes(d)).toBe(450);
    expect(d.weekends).toEqual([0, 6]);
  });

  it("knows holidays and make-up working days", () => {
    expect(isWorkingDay({ year: 2025, month: 9, day: 27 }, calendar)).toBe(false); // Saturday
    expect(isWorkingDay({ year: 2025, month: 9, day: 28 }, calendar)).toBe(true); // Sunday, 调休
    expect(isWorkingDay({ year: 2025, month: 10, day: 3 }, calendar)).toBe(false); // Friday, holiday
    expect(isWorkingDay({ year: 2025, month: 10, day: 11 }, calendar)).toBe(true); // Saturday, 调休
  });

  it.each([
    ["within a morning", "2025-09-22T09:00", 120, "2025-09-22T11:00"],
    ["across lunch", "2025-09-22T11:00", 120, "2025-09-22T14:30"],
    ["across the night", "2025-09-22T16:30", 120, "2025-09-23T09:30"],
    ["from before work", "2025-09-22T06:00", 30, "2025-09-22T09:00"],
    ["from the lunch break", "2025-09-22T12:30", 60, "2025-09-22T14:30"],
    ["across a weekend", "2025-09-19T17:00", 60, "2025-09-22T09:00"],
    ["from a Saturday onto the make-up Sunday", "2025-09-27T10:00", 120, "2025-09-28T10:30"],
    ["across the National Day holiday", "2025-09-30T16:00", 240, "2025-10-09T11:00"],
    ["onto the make-up Saturday", "2025-10-10T17:00", 60, "2025-10-11T09:00"],
    ["ending exactly at noon", "2025-09-22T11:00", 60, "2025-09-22T12:00"],
  ])("%s: %s + %i working min → %s", (_what, from, minutes, expected) => {
    expect(iso(addWorkingMinutes(at(from), minutes, calendar, TZ))).toBe(expected);
  });

  it("counts working days as whole days of working hours, and plain hours on the clock", () => {
    expect(iso(deadlineAfter(at("2025-09-26T10:00"), { workingDays: 1 }, calendar, TZ))).toBe("2025-09-28T10:00");
    expect(iso(deadlineAfter(at("2025-09-30T10:00"), { workingDays: 2 }, calendar, TZ))).toBe("2025-10-10T10:00");
    expect(iso(deadlineAfter(at("2025-10-01T23:00"), { hours: 2 }, calendar, TZ))).toBe("2025-10-02T01:00");
  });

  it("refuses a calendar without any working day, with a coded error", () => {
    const never = { ...calendar, weekends: [0, 1, 2, 3, 4, 5, 6], workdays: [] };
    expect(() => addWorkingMinutes(at("2025-09-22T09:00"), 60, never, TZ)).toThrow(/no working time/);
  });
});

describe("workflow settings", () => {
  const deployment = { timezone: TZ, schedules: {} };
  const junction = { id: "J01", category: "junction" as const };
  const road = { id: "M01", category: "main_road" as const };
  const workflow = WorkflowSchema.parse({});

  it("dispatches illegal parking at junctions in rush hours at once, nothing else by default", () => {
    expect(autoStepFor("illegal_parking", at("2025-09-22T08:00"), { deployment, point: junction, workflow })).toBe("dispatch");
    expect(autoStepFor("illegal_parking", at("2025-09-22T11:00"), { deployment, point: junction, workflow })).toBeNull();
    expect(autoStepFor("illegal_parking", at("2025-09-22T08:00"), { deployment, point: road, workflow })).toBeNull();
    expect(autoStepFor("stall_encroachment", at("2025-09-22T08:00"), { deployment, point: junction, workflow })).toBeNull();
  });

  it("takes per-rule auto steps and time limits from the config", () => {
    const own = WorkflowSchema.parse({ rules: { stall_encroachment: { auto: [{ action: "file" }], timeLimit: { workingHours: 1 } } } });
    expect(autoStepFor("stall_encroachment", at("2025-09-22T20:00"), { deployment, point: road, workflow: own })).toBe("file");
    expect(iso(ruleDeadline("stall_encroachment", at("2025-09-22T17:00"), own, TZ))).toBe("2025-09-23T09:00");
    expect(iso(ruleDeadline("illegal_parking", at("2025-09-22T17:00"), workflow, TZ))).toBe("2025-09-23T10:00");
  });

  it("rejects unknown keys and a working window that wraps midnight", () => {
    expect(WorkflowSchema.safeParse({ verifyClear: 3 }).success).toBe(false);
    expect(WorkflowSchema.safeParse({ calendar: { hours: [{ start: "22:00", end: "02:00" }] } }).success).toBe(false);
    expect(WorkflowSchema.safeParse({ rules: { illegal_parking: { timeLimit: { days: 1 } } } }).success).toBe(false);
  });
});
