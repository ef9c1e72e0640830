/**
 * One detector shared by live detection and footage scans, with priority
 * lanes: requests wait in one queue and at most `maxInFlight` are on the
 * worker at a time; a live frame goes ahead of every waiting backfill frame,
 * so scans of old footage yield to cameras. Every request served is reported
 * to onServed listeners (its wait, what it waited behind) for the metrics and
 * the tests that hold the live-first promise. Each lane is a Detector (the
 * scanner and the live loop need not know they share). A detector that died
 * (KERB_ERR_DETECTOR) is closed and replaced at the next request. close() of a lane is
 * a no-op; close() of the pool stops the detector and is idempotent.
 */
import { KerbsideError, errorMessage, isKerbsideError } from "../errors.js";
import { findModel } from "./model-registry.js";
import type { DetectOptions, Detection, Detector, ModelCard, RgbFrame } from "./types.js";

export type DetectPriority = "live" | "backfill";

const RANK: Record<DetectPriority, number> = { live: 0, backfill: 1 };

/** Frames the service time is averaged over (~7 s of 39 cameras' live frames). */
const SERVICE_WINDOW = 64;

interface Request {
  priority: DetectPriority;
  frame: RgbFrame;
  options: DetectOptions | undefined;
  resolve: (detections: Detection[]) => void;
  reject: (error: unknown) => void;
  submittedMs: number;
  /** Requests on the detector when this one was submitted. */
  behind: number;
  /** Lower-priority requests started so far (to count those that started while this one waited). */
  lowerStarted: number;
  /** Lower-priority requests waiting when it was submitted (it goes ahead of them). */
  jumped: number;
}

/** One request served: how long it waited for the detector, and behind what. */
export interface ServedRequest {
  priority: DetectPriority;
  waitMs: number;
  detectMs: number;
  /** Requests already on the detector when it was submitted (at most maxInFlight). */
  behindInFlight: number;
  /** Lower-priority requests that started while it waited (live first: always 0 for a live frame). */
  overtakenBy: number;
  /** Lower-priority requests that were waiting when it was submitted: it went ahead of them. */
  wentAheadOf: number;
}

export class PriorityDetector {
  private readonly queue: Request[] = [];
  private current: Promise<Detector> | undefined;
  /** What `current` resolved to. */
  private running: Detector | undefined;
  private inFlight = 0;
  private closing: Promise<void> | undefined;
  /** The last SERVICE_WINDOW frames' times on the detector, oldest first. */
  private readonly recentMs: number[] = [];
  private readonly served: Record<DetectPriority, number> = { live: 0, backfill: 0 };
  private readonly started: Record<DetectPriority, number> = { live: 0, backfill: 0 };
  private readonly listeners = new Set<(served: ServedRequest) => void>();

  private cardOf: Promise<ModelCard> | undefined;

  constructor(
    private readonly create: () => Promise<Detector>,
    /** The model's name (for card() before the detector has started). */
    private readonly model?: string,
    private readonly maxInFlight = 1,
  ) {}

  /** A Detector whose requests carry this priority (starts the shared detector). */
  async lane(priority: DetectPriority): Promise<Detector> {
    const card: ModelCard = (await this.detector()).card;
    return {
      card,
      detect: (frame, options) => this.submit(priority, frame, options),
      close: () => Promise.resolve(),
    };
  }

  /** The model's card, read without starting the detector (its input size and labels). */
  async card(): Promise<ModelCard> {
    this.cardOf ??= this.model === undefined ? this.detector().then((d) => d.card) : findModel(this.model).then((found) => found.card);
    return this.cardOf;
  }

  /** How many requests are on the detector at once at most (one per worker of a pool). */
  get concurrency(): number {
    return this.maxInFlight;
  }

  /**
   * Mean time one frame took on the detector over the last SERVICE_WINDOW
   * frames, or null before the first. A plain mean over a window, not a
   * moving average: throughput is frames over their summed time, and one
   * slow frame (the box busy for a moment) must not swing the estimate.
   */
  serviceMs(): number | null {
    if (this.recentMs.length === 0) return null;
    return this.recentMs.reduce((a, b) => a + b, 0) / this.recentMs.length;
  }

  /** Whether scan (backfill) frames are waiting for the detector now. */
  hasBackfillWaiting(): boolean {
    return this.queue.some((r) => r.priority === "backfill");
  }

  waiting(priority?: DetectPriority): number {
    return priority ? this.queue.filter((r) => r.priority === priority).length : this.queue.length;
  }

  servedCount(priority: DetectPriority): number {
    return this.served[priority];
  }

  /** Calls `listener` for every request served; returns the unsubscribe. */
  onServed(listener: (served: ServedRequest) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    for (const r of this.queue.splice(0)) r.reject(new KerbsideError("KERB_ERR_DETECTOR", "detector is closed"));
    const current = this.current;
    this.current = undefined;
    const detector = await current?.catch(() => undefined);
    await detector?.close();
  }

  private submit(priority: DetectPriority, frame: RgbFrame, options?: DetectOptions): Promise<Detection[]> {
    if (this.closing) return Promise.reject(new KerbsideError("KERB_ERR_DETECTOR", "detector is closed"));
    return new Promise((resolve, reject) => {
      // Behind every request of the same or a higher priority, ahead of lower ones.
      const at = this.queue.findIndex((r) => RANK[r.priority] > RANK[priority]);
      const request: Request = {
        priority, frame, options, resolve, reject,
        submittedMs: performance.now(), behind: this.inFlight, lowerStarted: this.lowerStarted(priority), jumped: at < 0 ? 0 : this.queue.length - at,
      };
      if (at < 0) this.queue.push(request);
      else this.queue.splice(at, 0, request);
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const request = this.queue.shift() as Request;
      this.inFlight++;
      this.started[request.priority]++;
      void this.run(request).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private lowerStarted(priority: DetectPriority): number {
    return (Object.keys(RANK) as DetectPriority[]).filter((p) => RANK[p] > RANK[priority]).reduce((sum, p) => sum + this.started[p], 0);
  }

  private async run(request: Request): Promise<void> {
    const started = performance.now();
    const overtakenBy = this.lowerStarted(request.priority) - request.lowerStarted;
    let detector: Detector | undefined;
    try {
      detector = await this.detector();
      const found = await detector.detect(request.frame, request.options);
      const ms = performance.now() - started;
      this.recentMs.push(ms);
      if (this.recentMs.length > SERVICE_WINDOW) this.recentMs.shift();
      this.served[request.priority]++;
      this.report({ priority: request.priority, waitMs: started - request.submittedMs, detectMs: ms, behindInFlight: request.behind, overtakenBy, wentAheadOf: request.jumped });
      request.resolve(found);
    } catch (error) {
      if (isKerbsideError(error, "KERB_ERR_DETECTOR")) this.discard(detector);
      request.reject(error);
    }
  }

  /** A detector that failed is replaced at the next request; what is left of it (a pool's other workers) is stopped. */
  private discard(failed: Detector | undefined): void {
    // A detector that failed to start is forgotten by detector(); one already replaced is left alone.
    if (!failed || failed !== this.running) return;
    this.current = undefined;
    this.running = undefined;
    void failed.close().catch(() => undefined);
  }

  private report(served: ServedRequest): void {
    for (const listener of this.listeners) {
      try {
        listener(served);
      } catch (error) {
        // A metrics listener must never fail the detection it reports on.
        process.emitWarning(`priority detector listener failed: ${errorMessage(error)}`);
      }
    }
  }

  private detector(): Promise<Detector> {
    if (this.closing) return Promise.reject(new KerbsideError("KERB_ERR_DETECTOR", "detector is closed"));
    if (!this.current) {
      const started = this.create();
      this.current = started;
      started.then(
        (d) => {
          if (this.current === started) this.running = d;
        },
        () => {
          if (this.current === started) this.current = undefined;
        },
      );
    }
    return this.current;
  }
}
