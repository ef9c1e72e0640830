/**
 * The in-process detector: model card + ONNX session + preprocess + decoder.
 * Calls are served one at a time, in order (the input buffer is reused, and
 * ORT's run() blocks the thread anyway). For a detector that keeps the event
 * loop free, see worker-detector.ts.
 */
import { availableParallelism } from "node:os";
import { KerbsideError } from "../errors.js";
import { logger } from "../log.js";
import { createDecoder } from "./decoders/registry.js";
import type { Decoder } from "./decoders/types.js";
import { DEFAULT_MODEL, findModel } from "./model-registry.js";
import { DEFAULT_IOU_THRESHOLD, DEFAULT_MAX_DETECTIONS, classMask, finalizeDetections } from "./postprocess.js";
import { Preprocessor } from "./preprocess.js";
import { openSession, runSession, type GraphOptimization, type ModelSession } from "./session.js";
import type { DetectOptions, Detection, Detector, ModelCard, RgbFrame } from "./types.js";

export const DEFAULT_SCORE_THRESHOLD = 0.3;
/**
 * Intra-op threads: 2 (or 1 on a single-core machine). bench/detect.ts on a
 * 2-core box: ~54 ms/frame with 1 thread, ~31 ms with 2, the same CPU time
 * per frame; with spinning off, 2 threads cost nothing extra under load.
 */
export const DEFAULT_THREADS = Math.min(2, availableParallelism());

export interface DetectorOptions {
  /** Model name in the models directory, or a path to a model card (default centernet-mobilenetv3). */
  model?: string;
  /** Default: KERBSIDE_MODELS_DIR or <repo>/models. */
  modelsDir?: string;
  /** ORT intra-op threads (default DEFAULT_THREADS: 2, or 1 on one core). */
  threads?: number;
  /** Default score threshold when detect() gets none (default 0.3). */
  scoreThreshold?: number;
  /** Graph optimisation level (default "all"). */
  optimization?: GraphOptimization;
}

class OnnxDetector implements Detector {
  private readonly preprocessor: Preprocessor;
  private queue: Promise<unknown> = Promise.resolve();
  private closing: Promise<void> | null = null;

  constructor(
    readonly card: ModelCard,
    private readonly model: ModelSession,
    private readonly decoder: Decoder,
    private readonly defaultScore: number,
  ) {
    this.preprocessor = new Preprocessor(card.input);
  }

  detect(frame: RgbFrame, options: DetectOptions = {}): Promise<Detection[]> {
    if (this.closing) return Promise.reject(new KerbsideError("KERB_ERR_DETECTOR", "detector is closed"));
    const run = this.queue.then(() => this.detectNow(frame, options));
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async detectNow(frame: RgbFrame, options: DetectOptions): Promise<Detection[]> {
    const allowed = classMask(this.card.labels, options.classes);
    const prepared = this.preprocessor.run(frame);
    const output = await runSession(this.model, prepared.tensor, prepared.dims);
    const candidates = this.decoder.decode(output, { scoreThreshold: options.scoreThreshold ?? this.defaultScore, allowed });
    return finalizeDetections(candidates, prepared.mapping, {
      labels: this.card.labels,
      iouThreshold: options.iouThreshold ?? DEFAULT_IOU_THRESHOLD,
      maxDetections: options.maxDetections ?? DEFAULT_MAX_DETECTIONS,
    });
  }

  close(): Promise<void> {
    this.closing ??= this.queue.then(() => this.model.session.release());
    return this.closing;
  }
}

export async function createDetector(options: DetectorOptions = {}): Promise<Detector> {
  const { card, onnxPath } = await findModel(options.model ?? DEFAULT_MODEL, options.modelsDir);
  const decoder = createDecoder(card);
  const threads = options.threads ?? DEFAULT_THREADS;
  const model = await openSession(onnxPath, card, decoder, { threads, optimization: options.optimization });
  logger.child({ module: "detector" }).debug({ model: card.name, threads, decoder: card.decoder.kind }, "detector ready");
  return new OnnxDetector(card, model, decoder, options.scoreThreshold ?? DEFAULT_SCORE_THRESHOLD);
}
