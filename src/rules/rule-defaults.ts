/**
 * Built-in settings of each rule kind, before deployment and point overrides.
 */
import type { PointCategory, RuleKind, ZoneKind } from "../config/schema.js";

export interface RuleDefaults {
  classes: string[];
  zones: ZoneKind[];
  minDwellSec: number;
  /** Which kind of unit is responsible, to pick one of the point's units. */
  role: "traffic_police" | "urban_enforcement";
}

/** COCO objects that, clustered and stationary, look like a street stall. */
export const STALL_LIKE_COCO = ["umbrella", "dining table", "chair", "bench", "potted plant", "suitcase"] as const;

/** Classes a user-supplied model may have that are a stall on their own. */
export const EXPLICIT_STALL_CLASSES = ["stall", "vendor_cart", "street_stall"] as const;

export const RULE_DEFAULTS: Readonly<Record<RuleKind, RuleDefaults>> = {
  illegal_parking: {
    classes: ["car", "bus", "truck", "motorcycle"],
    zones: ["no_parking"],
    minDwellSec: 300,
    role: "traffic_police",
  },
  sidewalk_parking: {
    classes: ["car", "bus", "truck", "motorcycle"],
    zones: ["sidewalk", "blind_lane"],
    minDwellSec: 300,
    role: "urban_enforcement",
  },
  nonmotor_parking: {
    classes: ["bicycle", "motorcycle"],
    zones: ["blind_lane", "sidewalk"],
    minDwellSec: 600,
    role: "urban_enforcement",
  },
  stall_encroachment: {
    classes: [...STALL_LIKE_COCO, ...EXPLICIT_STALL_CLASSES],
    zones: ["sidewalk", "roadway"],
    minDwellSec: 300,
    role: "urban_enforcement",
  },
};

/** Shorter dwell at junctions in rush hours (illegal parking blocks turning traffic). */
export function defaultDwellDuring(kind: RuleKind, category: PointCategory): { schedule: string; minDwellSec: number }[] {
  return kind === "illegal_parking" && category === "junction" ? [{ schedule: "rush_hours", minDwellSec: 120 }] : [];
}

/** Default sampling: 10 s between frames; 2 s at junctions in rush hours. */
export const DEFAULT_SAMPLING_SEC = 10;

export function defaultSamplingDuring(category: PointCategory): { schedule: string; everySec: number }[] {
  return category === "junction" ? [{ schedule: "rush_hours", everySec: 2 }] : [];
}

/** Unit names/ids that identify a role (English ids, pinyin, Chinese names). */
export const UNIT_ROLE_PATTERNS: Readonly<Record<RuleDefaults["role"], RegExp>> = {
  traffic_police: /traffic|police|jiaojing|交警|交通/i,
  urban_enforcement: /urban|chengguan|enforcement|城管|城市管理|综合执法/i,
};
