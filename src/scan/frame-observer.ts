/**
 * The scanner's per-frame hook: every tracked frame, in footage-time order
 * per scan, with where it lies in the footage. The closed loop's spot watcher
 * (workflow/spot-watcher.ts) verifies cases from it. An observer must be
 * quick and must not throw (the ScanJob logs and ignores it if it does).
 */
import type { FrameObservation } from "../rules/types.js";

export interface ObservedFrame {
  pointId: string;
  observation: FrameObservation;
  /** The footage file and the frame's offset in it (evidence frames are cut from there). */
  path: string;
  offsetSec: number;
}

export type FrameObserver = (frame: ObservedFrame) => void;
