/**
 * Where an instant of a point's archive lives: the readable segment holding
 * it and the offset into that file. What evidence and plate reading use to
 * go back to footage after the scan that found an incident has finished.
 */
import type { FootageLocator } from "../incidents/evidence.js";
import type { SegmentStore } from "./segment-store.js";

export function segmentLocator(store: SegmentStore, pointId: string): FootageLocator {
  return (timeMs) => {
    const holding = store.list({ pointId, fromMs: timeMs, toMs: timeMs + 1, status: "ok" }).filter((s) => s.startMs <= timeMs && timeMs <= s.endMs);
    const segment = holding.at(-1);
    return segment ? { path: segment.path, offsetSec: (timeMs - segment.startMs) / 1000 } : null;
  };
}
