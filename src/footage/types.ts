/**
 * Footage archive types: segments in the index, coverage of a time range,
 * camera health, and the one interface every footage source implements.
 * All times are epoch milliseconds (UTC).
 */
import type { SourceKind } from "../config/schema.js";

export type SegmentStatus = "ok" | "unreadable";

export interface Segment {
  pointId: string;
  /** Absolute path of the file; the key of the index. */
  path: string;
  startMs: number;
  /** start + ffprobe duration (unreadable files: start, or the expected end). */
  endMs: number;
  sizeBytes: number;
  codec: string | null;
  width: number | null;
  height: number | null;
  fps: number | null;
  status: SegmentStatus;
  /** ffprobe's reason for unreadable files. */
  error: string | null;
  sourceKind: SourceKind;
  /**
   * Largest keyframe gap in the file's first 30 s, measured when indexed, so
   * a scan need not probe it again. null: fewer than two keyframes there (a
   * long GOP); absent: not measured (rows indexed before it was stored).
   */
  keyframeIntervalSec?: number | null;
}

export interface Interval {
  fromMs: number;
  toMs: number;
}

/** offline: the camera was down; unreadable: files exist but are corrupt; missing: no files. */
export type GapReason = "offline" | "unreadable" | "missing";

export interface Gap extends Interval {
  reason: GapReason;
}

export interface Coverage extends Interval {
  covered: Interval[];
  gaps: Gap[];
  coveredSec: number;
  gapSec: number;
}

/** failing: the source delivers, but what it delivers cannot be read (segment after segment unreadable). */
export const SOURCE_STATES = ["starting", "online", "offline", "failing", "ended", "stopped"] as const;
export type SourceState = (typeof SOURCE_STATES)[number];

export interface SourceHealth {
  state: SourceState;
  /** When the current state began. */
  sinceMs: number;
  /** End time of the newest segment the source produced. */
  lastSegmentAt: number | null;
  reconnects: number;
  /** Redacted: never carries camera credentials. */
  lastError: string | null;
}

/** A file a source produced or found; the indexer probes and stores it. */
export interface NewFootage {
  pointId: string;
  path: string;
  /** Wall-clock start; undefined when unknown (the indexer then uses mtime − duration). */
  startMs?: number;
  /** Move the file into the archive layout after probing (recorded/downloaded files). */
  adopt: boolean;
}

/** Indexes one file; resolves with what the index made of it (a recorder watches for unreadable output). */
export type SegmentHandler = (footage: NewFootage) => Promise<Pick<Segment, "status" | "error"> | void>;

/** One footage source of a point (rtsp, http, playback, archive, file). */
export interface FootageSource {
  readonly kind: SourceKind;
  /** Starts producing footage; returns at once. */
  start(onSegment: SegmentHandler): void;
  health(): SourceHealth;
  /** Stops the source, finalising any open segment. Safe to call twice. */
  close(): Promise<void>;
}
