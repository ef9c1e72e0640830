/** Messages between worker-plate-reader.ts (main thread) and plate-worker.ts. */
import type { Box } from "../detect/types.js";
import type { ImageReading } from "./plate-reader.js";

export interface PlateWorkerInit {
  threads: number;
}

export type ToPlateWorker =
  | { type: "read"; id: number; width: number; height: number; data: Uint8Array; vehicle?: Box }
  | { type: "close" };

export type FromPlateWorker =
  | { type: "ready" }
  | { type: "init-failed"; message: string }
  | { type: "result"; id: number; reading: ImageReading }
  | { type: "failed"; id: number; message: string };
