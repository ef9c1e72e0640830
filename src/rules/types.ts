/**
 * The contract between the tracker, the rule engine and the scanner.
 * The tracker turns per-frame detections into tracked objects; the rule
 * engine turns tracked objects into violation episodes; the scanner stores
 * episodes as incidents and collects evidence at the moments they name.
 */
import type { Box } from "../detect/types.js";
import type { Interval } from "../footage/types.js";
import type { RuleKind, TimeWindow, ZoneKind } from "../config/schema.js";

/** One object the tracker follows across sparse samples. */
export interface TrackedObject {
  trackId: number;
  label: string;
  box: Box;
  /** Score in this frame (or last seen frame when coasting through a miss). */
  score: number;
  peakScore: number;
  firstSeenMs: number;
  lastSeenMs: number;
  /** True when the object has not moved (beyond tolerance) since stationarySinceMs. */
  stationary: boolean;
  stationarySinceMs: number | null;
  /** Consecutive samples the object was not detected in (0 when seen now). */
  misses: number;
}

/** What the tracker reports after one sampled frame. */
export interface FrameObservation {
  timeMs: number;
  frameWidth: number;
  frameHeight: number;
  /** Confirmed tracks, including ones coasting through a brief miss. */
  tracks: TrackedObject[];
}

/** A violation in progress or finished, as the rule engine sees it. */
export interface Episode {
  /** Stable within one engine run: `${rule}:${zoneId}:${trackId}`. */
  key: string;
  pointId: string;
  rule: RuleKind;
  zoneId: string;
  zoneKind: ZoneKind;
  unit: string;
  label: string;
  trackId: number;
  /** When the object was first seen stationary in the zone. */
  startMs: number;
  /** When the dwell threshold was crossed (the episode became a violation). */
  thresholdMs: number;
  lastSeenMs: number;
  /** Set when the object left, moved or the footage ended. */
  endMs: number | null;
  peakScore: number;
  firstBox: Box;
  thresholdBox: Box;
  lastBox: Box;
  /**
   * Parts of [startMs, lastSeenMs] with no sampled frame (footage missing or
   * not sampled inside the scan): not watched, so not violation time.
   */
  unseen?: Interval[];
}

export type EpisodeEventType = "opened" | "updated" | "closed";

export interface EpisodeEvent {
  type: EpisodeEventType;
  episode: Episode;
}

/** A named schedule with its windows looked up. */
export interface ResolvedSchedule {
  name: string;
  windows: TimeWindow[];
}

/**
 * What one rule runs with at one point: built-in defaults ← deployment.rules
 * ← point.rules, schedules looked up (rules/resolve.ts).
 */
export interface ResolvedRule {
  kind: RuleKind;
  enabled: boolean;
  /** Detector labels the rule watches. */
  classes: string[];
  /** stall_encroachment: labels that are a stall on their own (stall, vendor_cart…); empty otherwise. */
  soloClasses: string[];
  zones: ZoneKind[];
  /** Dwell threshold outside any dwellDuring schedule. */
  minDwellSec: number;
  /** First active entry wins over minDwellSec. */
  dwellDuring: (ResolvedSchedule & { minDwellSec: number })[];
  /** Rule applies only while this schedule is active (null: always). */
  activeDuring: ResolvedSchedule | null;
  /** Rule does not apply while this schedule is active. */
  inactiveDuring: ResolvedSchedule | null;
  /** Responsible unit id. */
  unit: string;
}
