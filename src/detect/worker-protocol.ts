/** Messages between worker-detector.ts (main thread) and detect-worker.ts. */
import type { ErrorCode } from "../errors.js";
import type { DetectorOptions } from "./detector.js";
import type { DetectOptions, Detection, ModelCard } from "./types.js";

/** workerData of a detector worker. */
export interface WorkerInit {
  options: DetectorOptions;
}

export type ToWorker =
  | { type: "detect"; id: number; width: number; height: number; data: Uint8Array; options: DetectOptions }
  | { type: "close" };

export interface WireError {
  message: string;
  code?: ErrorCode;
}

export type FromWorker =
  | { type: "ready"; card: ModelCard }
  | { type: "init-failed"; error: WireError }
  | { type: "result"; id: number; detections: Detection[] }
  | { type: "failed"; id: number; error: WireError };
