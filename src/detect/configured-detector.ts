/**
 * The detector a deployment's `detector` settings describe: the model at its
 * configured input size, `workers` worker threads of `threads` onnxruntime
 * threads each. Every command that detects starts it here, so a setting
 * means the same in `kerbside run`, `kerbside scan` and a pre-audit worker.
 */
import type { DetectorSettings } from "../config/schema.js";
import { startDetectorPool } from "./detector-pool.js";
import { detectorModelName } from "./model-registry.js";
import type { Detector } from "./types.js";
import { createWorkerDetector } from "./worker-detector.js";

export interface ConfiguredDetectorOptions {
  /** Overrides the configured model name (e.g. `kerbside scan --model`). */
  model?: string;
  modelsDir?: string;
}

export function createConfiguredDetector(settings: DetectorSettings, options: ConfiguredDetectorOptions = {}): Promise<Detector> {
  const model = options.model ?? detectorModelName(settings);
  return startDetectorPool(settings.workers, () =>
    createWorkerDetector({ model, modelsDir: options.modelsDir, threads: settings.threads, scoreThreshold: settings.scoreThreshold }));
}
