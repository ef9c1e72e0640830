/**
 * Response shapes of the pre-audit and report routes, as zod schemas (they
 * validate, strip and document: components in /api/openapi.json). They match
 * audit/audit-json.ts, queue/types.ts and report/ one to one.
 */
import { z } from "zod";

const p = z.number().min(0).max(1);
const delta = z.number().min(-1).max(1);

export const RiskFiguresSchema = z.object({ pViolation: p, pNoFootage: p, pUnscanned: p, pAny: p });
const DeltaSchema = z.object({ pViolation: delta, pNoFootage: delta, pUnscanned: delta, pAny: delta });

export const AuditWindowSchema = z.object({ from: z.string(), to: z.string(), timeZone: z.string() }).meta({ id: "AuditWindow" });

export const AuditPointSchema = RiskFiguresSchema.extend({
  id: z.string(),
  name: z.string(),
  violationMinutes: z.number(),
  gapMinutes: z.number(),
  unscannedMinutes: z.number(),
  trend: z.object({ previous: RiskFiguresSchema, delta: DeltaSchema }).nullable().meta({ description: "Against the previous window of the same length" }),
}).meta({ id: "AuditPoint" });

export const AuditSlotSchema = RiskFiguresSchema.extend({
  pointId: z.string(),
  label: z.string().meta({ example: "J03, weekdays 17:00–19:00" }),
  labelZh: z.string().meta({ example: "J03 工作日 17:00–19:00" }),
  dayType: z.enum(["weekday", "weekend"]),
  startHour: z.number().int(),
  endHour: z.number().int(),
  startMinutes: z.number(),
}).meta({ id: "AuditSlot" });

export const MockClipSchema = z.object({
  pointId: z.string(),
  from: z.string(),
  to: z.string(),
  violation: z.boolean(),
  noFootage: z.boolean(),
  unscanned: z.boolean(),
  problem: z.boolean(),
  pAny: p,
  incidents: z.array(z.object({ id: z.string(), href: z.string().meta({ description: "GET this for the incident and its evidence list" }) })),
  gaps: z.array(z.object({ reason: z.enum(["offline", "unreadable", "missing"]), from: z.string(), to: z.string() })),
  footage: z.array(z.object({ name: z.string(), href: z.string().meta({ description: "GET this to play the file (Range supported)" }), previewHref: z.string().meta({ description: "GET this for the clip's part of the file as browser-playable H.264 MP4" }), offsetSec: z.number(), durationSec: z.number() })),
}).meta({ id: "MockClip" });

export const MockInspectionSchema = z.object({
  seed: z.number().int(),
  clipMin: z.number(),
  problemCount: z.number().int(),
  expectedProblems: z.number().meta({ description: "Σ pAny over the points" }),
  variance: z.number().meta({ description: "Σ pAny (1 − pAny)" }),
  standardDeviation: z.number(),
  clips: z.array(MockClipSchema),
}).meta({ id: "MockInspection" });

export const HeatmapSchema = z.object({
  pointId: z.string(),
  days: z.array(z.string()).meta({ description: "Local dates, the rows" }),
  violationMinutes: z.array(z.array(z.number())).meta({ description: "[day][hour 0–23] minutes" }),
  gapMinutes: z.array(z.array(z.number())),
  unscannedMinutes: z.array(z.array(z.number())),
}).meta({ id: "AuditHeatmap" });

export const QueueJobSchema = z.object({
  id: z.string(),
  requestId: z.string(),
  pointId: z.string(),
  day: z.string(),
  state: z.enum(["queued", "running", "done", "failed", "cancelled"]),
  progress: p,
  frames: z.number().int(),
  incidents: z.number().int(),
  error: z.string().nullable(),
  attempts: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
}).meta({ id: "AuditJob" });

export const QueueRequestSchema = z.object({
  id: z.string(),
  pointIds: z.array(z.string()),
  from: z.string(),
  to: z.string(),
  requestedBy: z.string().nullable(),
  createdAt: z.string(),
  state: QueueJobSchema.shape.state,
  progress: p,
  jobs: z.array(QueueJobSchema),
}).meta({ id: "AuditRequest" });

export const StoredReportSchema = z.object({
  date: z.string(),
  files: z.array(z.object({ name: z.enum(["report.json", "ledger.xlsx", "ledger.csv"]), bytes: z.number().int(), href: z.string() })),
}).meta({ id: "StoredReport" });
