/**
 * The deployment config: one YAML file describing the monitoring points, their
 * sources, zones and rule settings. Validated once, at the edge (load.ts);
 * everything past the loader works with these typed, already-valid values.
 *
 * Defaults are global; each point can override sampling, schedules and any
 * rule's settings. resolve.ts merges the two into what a point actually runs.
 */
import { z } from "zod";
import { LocalTimeSchema } from "./local-time.js";
import { POINT_CATEGORIES } from "./point-categories.js";
import { ReportSchema } from "./schema-report.js";
import { NotifySchema } from "./schema-notify.js";
import { WorkflowSchema } from "./schema-workflow.js";
import { DEFAULT_PLATE_SETTINGS, PlateSettingsSchema } from "./schema-plates.js";
import { BoardSchema } from "./schema-board.js";
import { DEFAULT_QUEUE_SETTINGS, QueueSettingsSchema } from "./schema-queue.js";

export { POINT_CATEGORIES };

/** A local-time window; end < start wraps past midnight (e.g. 22:00–02:00). */
export const TimeWindowSchema = z.strictObject({
  start: LocalTimeSchema.describe("Start, local time HH:MM"),
  end: LocalTimeSchema.describe("End, local time HH:MM (exclusive)"),
});

/** Named sets of windows, e.g. rush_hours, night_market. */
export const SchedulesSchema = z.record(z.string().min(1), z.array(TimeWindowSchema).min(1));

export const ZONE_KINDS = ["no_parking", "sidewalk", "blind_lane", "roadway", "crosswalk", "stall_allowed"] as const;
export const RULE_KINDS = ["illegal_parking", "sidewalk_parking", "nonmotor_parking", "stall_encroachment"] as const;

const normalised = z.number().min(0).max(1);

export const ZoneSchema = z.strictObject({
  id: z.string().min(1).describe("Unique within the point"),
  name: z.string().optional().describe("Human name shown on the board"),
  kind: z.enum(ZONE_KINDS),
  /** Polygon vertices in normalised image coordinates (0–1), at least 3. */
  polygon: z.array(z.tuple([normalised, normalised])).min(3, "a zone polygon needs at least 3 points"),
  /** The zone only counts during this named schedule (e.g. a stall_allowed area during night_market). */
  activeDuring: z.string().optional(),
});

/** Dwell threshold that applies while a named schedule is active. */
export const DwellDuringSchema = z.strictObject({
  schedule: z.string().min(1),
  minDwellSec: z.number().int().min(0).max(86_400),
});

/** One rule's settings; every field optional so points can override a subset. */
export const RuleSettingsSchema = z.strictObject({
  enabled: z.boolean().optional().describe("Default true"),
  classes: z.array(z.string().min(1)).min(1).optional().describe("Detector labels the rule watches"),
  zones: z.array(z.enum(ZONE_KINDS)).min(1).optional().describe("Zone kinds the rule watches"),
  minDwellSec: z.number().int().min(0).max(86_400).optional().describe("Minimum stationary time before a violation"),
  dwellDuring: z.array(DwellDuringSchema).optional().describe("Shorter/longer dwell while a schedule is active"),
  activeDuring: z.string().optional().describe("Rule only applies during this schedule (default: always)"),
  inactiveDuring: z.string().optional().describe("Rule does not apply during this schedule"),
  unit: z.string().optional().describe("Responsible unit id notified"),
});

export const RulesSchema = z.strictObject({
  illegal_parking: RuleSettingsSchema.optional(),
  sidewalk_parking: RuleSettingsSchema.optional(),
  nonmotor_parking: RuleSettingsSchema.optional(),
  stall_encroachment: RuleSettingsSchema.optional(),
});

export const SamplingSchema = z.strictObject({
  everySec: z.number().positive().max(3600).optional().describe("Seconds between sampled frames (default 10)"),
  during: z
    .array(z.strictObject({ schedule: z.string().min(1), everySec: z.number().positive().max(3600) }))
    .optional()
    .describe("Denser or sparser sampling while a schedule is active"),
  backfill: z
    .strictObject({ coarseSec: z.number().positive().max(3600).describe("Seconds between coarse frames (e.g. 60)") })
    .optional()
    .describe("Backfill scans (recorded footage, not live): sample coarsely, re-sample at the fine rate only around candidate objects in zones"),
});

const segmentSec = z.number().int().min(2).max(3600).optional().describe("Segment length in seconds (default 300, 2–3600)");

export const SourceSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("rtsp"),
    url: z.string().regex(/^rtsps?:\/\//, "expected an rtsp:// or rtsps:// URL"),
    /** Low-resolution substream for live detection (Frigate's detect role); `url` stays the recorded main stream. */
    detectUrl: z.string().regex(/^rtsps?:\/\//, "expected an rtsp:// or rtsps:// URL").optional().describe("Substream for live detection (default: url)"),
    segmentSec,
    transport: z.enum(["tcp", "udp"]).optional(),
    /** The camera pushes (RTSP ANNOUNCE/RECORD) to Kerbside, which listens on the URL's host:port. */
    listen: z.boolean().optional().describe("Listen for a camera that publishes (default false: pull)"),
  }),
  z.strictObject({
    kind: z.literal("http"),
    url: z.string().regex(/^https?:\/\//, "expected an http:// or https:// URL"),
    detectUrl: z.string().regex(/^https?:\/\//, "expected an http:// or https:// URL").optional().describe("Substream for live detection (default: url)"),
    segmentSec,
  }),
  z.strictObject({
    kind: z.literal("playback"),
    /** NVR time-range URL with {start:FORMAT} / {end:FORMAT} placeholders. */
    urlTemplate: z.string().min(1),
    timeZone: z.enum(["utc", "local"]).optional().describe("Zone the NVR expects times in (default utc)"),
    segmentSec,
  }),
  z.strictObject({
    kind: z.literal("archive"),
    dir: z.string().min(1),
    pattern: z.string().optional().describe("Regex a file name must match (default: any video extension)"),
  }),
  z.strictObject({
    kind: z.literal("file"),
    path: z.string().min(1),
    start: z.iso.datetime({ offset: true }).optional().describe("Wall-clock start; default from name or now"),
    live: z.boolean().optional().describe("Replay in real time as if it were a camera"),
    loop: z.boolean().optional().describe("With live: loop the file forever"),
    segmentSec,
  }),
]);

export const UnitSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  name_en: z.string().optional(),
});

export const PointSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]+$/, "expected letters, digits, _ or -"),
  name: z.string().min(1),
  category: z.enum(POINT_CATEGORIES),
  units: z.array(z.string().min(1)).min(1),
  source: SourceSchema,
  zones: z.array(ZoneSchema).default([]),
  rules: RulesSchema.optional(),
  sampling: SamplingSchema.optional(),
  schedules: SchedulesSchema.optional(),
  enabled: z.boolean().default(true),
});

export const DetectorSettingsSchema = z.strictObject({
  model: z.string().min(1).default("centernet-mobilenetv3"),
  /** onnxruntime threads per detector worker. */
  threads: z.number().int().min(1).max(64).default(2),
  /** Detector workers side by side, each with its own copy of the model (detector-pool.ts). */
  workers: z.number().int().min(1).max(16).default(1),
  scoreThreshold: z.number().min(0).max(1).default(0.3),
  /** Detector input size in pixels (320, 416 or 512 for the default model; default: the model's own, 416). */
  inputSize: z.number().int().multipleOf(32).min(128).max(1024).optional(),
});

export const DeploymentSchema = z.strictObject({
  name: z.string().default("Kerbside"),
  timezone: z.string().default("Asia/Shanghai"),
  retentionDays: z.number().int().min(1).max(365).default(30),
  storageDir: z.string().default("./data"),
  detector: DetectorSettingsSchema.default({ model: "centernet-mobilenetv3", threads: 2, workers: 1, scoreThreshold: 0.3 }),
  units: z.array(UnitSchema).default([]),
  schedules: SchedulesSchema.default({}),
  sampling: SamplingSchema.default({}),
  rules: RulesSchema.default({}),
  plates: PlateSettingsSchema.default(DEFAULT_PLATE_SETTINGS),
  queue: QueueSettingsSchema.default(DEFAULT_QUEUE_SETTINGS),
  points: z.array(z.unknown()).min(1, "a deployment needs at least one point"),
  notify: NotifySchema.prefault({}).describe("Webhooks per unit (WeCom, DingTalk, JSON) on dispatch, overdue and recurrence"),
  workflow: WorkflowSchema.prefault({}).describe("The closed loop: auto filing/dispatch, time limits, working calendar, verification"),
  board: BoardSchema.prefault({}).describe("The board server: host, port, publicUrl, metrics token, sessions"),
  report: ReportSchema.prefault({}).describe("The daily report and ledger: schedule, language, announcement"),
});

export type TimeWindow = z.infer<typeof TimeWindowSchema>;
export type Schedules = z.infer<typeof SchedulesSchema>;
export type PointCategory = (typeof POINT_CATEGORIES)[number];
export type ZoneKind = (typeof ZONE_KINDS)[number];
export type RuleKind = (typeof RULE_KINDS)[number];
export type Zone = z.infer<typeof ZoneSchema>;
export type RuleSettings = z.infer<typeof RuleSettingsSchema>;
export type Rules = z.infer<typeof RulesSchema>;
export type Sampling = z.infer<typeof SamplingSchema>;
export type SourceConfig = z.infer<typeof SourceSchema>;
export type SourceKind = SourceConfig["kind"];
export type Unit = z.infer<typeof UnitSchema>;
export type PointConfig = z.infer<typeof PointSchema>;
export type DetectorSettings = z.infer<typeof DetectorSettingsSchema>;

/** A loaded deployment: points validated one by one (see load.ts). */
export type Deployment = Omit<z.infer<typeof DeploymentSchema>, "points"> & {
  points: PointConfig[];
  /** Absolute path of the file it came from. */
  file: string;
};
