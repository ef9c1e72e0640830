/**
 * What a rule watches: a single tracked object, or (stall rule) a cluster of
 * them. Subjects carry just what dwell and episodes need.
 */
import type { Box } from "../detect/types.js";
import type { TrackedObject } from "./types.js";

export interface Subject {
  /** Unique per engine run across rules: "t<trackId>" or "c<clusterId>". */
  ref: string;
  /** Track id, or the stall cluster's id. */
  id: number;
  label: string;
  box: Box;
  /** Detected in this frame (false while coasting through a miss). */
  seen: boolean;
  lastSeenMs: number;
  /** When it came to rest where it is now. */
  stationarySinceMs: number;
  peakScore: number;
}

/** Stationary tracks of the watched classes as subjects. */
export function trackSubjects(tracks: readonly TrackedObject[], classes: readonly string[]): Subject[] {
  return tracks.flatMap((t) =>
    t.stationary && t.stationarySinceMs !== null && classes.includes(t.label)
      ? [
          {
            ref: `t${t.trackId}`,
            id: t.trackId,
            label: t.label,
            box: t.box,
            seen: t.misses === 0,
            lastSeenMs: t.lastSeenMs,
            stationarySinceMs: t.stationarySinceMs,
            peakScore: t.peakScore,
          },
        ]
      : [],
  );
}
