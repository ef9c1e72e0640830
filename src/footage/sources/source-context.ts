/** What every footage source is built from, and the timings tests shorten. */
import type { Deployment, PointConfig } from "../../config/schema.js";
import type { Logger } from "../../log.js";
import type { SegmentStore } from "../segment-store.js";
import type { SourceHealth } from "../types.js";

export interface SourceTuning {
  /** First reconnect delay; doubles per failure up to maxBackoffMs (default 1 s → 60 s). */
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** Restart a recorder that went this long without data (default 3 × segment, at least 30 s). */
  stallTimeoutMs?: number;
  /** Socket I/O timeout handed to ffmpeg for pulled streams, seconds (default 15). */
  ioTimeoutSec: number;
  /** Archive folder poll interval (default 10 s). */
  archivePollMs: number;
  /** Playback backfill round interval (default 10 min) and how far back it looks (default 24 h). */
  playbackIntervalMs: number;
  playbackLookbackMs: number;
  /** Do not backfill the most recent minutes (the NVR may still be writing them). */
  playbackLagMs: number;
  /** Wait for ffmpeg to finalise after "q" / SIGTERM (default 5 s). */
  stopTimeoutMs: number;
}

export const DEFAULT_TUNING: SourceTuning = {
  initialBackoffMs: 1000,
  maxBackoffMs: 60_000,
  ioTimeoutSec: 15,
  archivePollMs: 10_000,
  playbackIntervalMs: 10 * 60_000,
  playbackLookbackMs: 24 * 3_600_000,
  playbackLagMs: 10 * 60_000,
  stopTimeoutMs: 5000,
};

export const DEFAULT_SEGMENT_SEC = 300;

export interface SourceContext {
  point: PointConfig;
  deployment: Pick<Deployment, "timezone" | "storageDir" | "retentionDays">;
  store: SegmentStore;
  log: Logger;
  tuning: SourceTuning;
  onHealth: (health: SourceHealth) => void;
  now: () => number;
}
