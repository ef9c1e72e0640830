/**
 * A detector whose ONNX session runs in a worker thread, so the event loop
 * stays free while a frame is being detected (ORT's run() blocks its thread).
 *
 * - Requests are posted at once and answered in order; several may be in flight.
 * - Frame buffers move to the worker (transfer list) when the frame's view
 *   covers its whole ArrayBuffer; the caller's `frame.data` is then detached
 *   (length 0). With `transfer: false`, or for views into a larger buffer,
 *   the frame is copied and the caller keeps it.
 * - A worker that crashes, exits or stays silent for `timeoutMs` while busy
 *   rejects every pending request with KERB_ERR_DETECTOR; the detector is then
 *   dead (create a new one). close() is idempotent and lets in-flight requests finish.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { KerbsideError, errorMessage } from "../errors.js";
import type { DetectorOptions } from "./detector.js";
import { checkFrame } from "./preprocess.js";
import type { DetectOptions, Detection, Detector, ModelCard, RgbFrame } from "./types.js";
import type { FromWorker, ToWorker, WireError, WorkerInit } from "./worker-protocol.js";

export const DEFAULT_WORKER_TIMEOUT_MS = 60_000;
const CLOSE_GRACE_MS = 5_000;

export interface WorkerDetectorOptions extends DetectorOptions {
  /** Move frame buffers to the worker instead of copying them (default true). */
  transfer?: boolean;
  /** A busy worker silent this long is stopped and its requests rejected (default 60 000; 0 = never). */
  timeoutMs?: number;
  /** A worker whose model is not loaded this long after start is stopped (default 60 000; 0 = never). */
  startTimeoutMs?: number;
  /** Worker script speaking worker-protocol.ts (default: detect-worker next to this file). */
  workerUrl?: URL;
}

interface Pending {
  resolve: (detections: Detection[]) => void;
  reject: (error: Error) => void;
}

/**
 * Starts the worker script. From TypeScript sources (tsx, vitest) the script
 * is loaded through tsx's ESM API inside the worker: Node 20 does not apply
 * `--import` loader hooks to a worker's entry module.
 */
export function startWorker(script: URL | undefined, workerData: WorkerInit | object): Worker {
  const fromSource = import.meta.url.endsWith(".ts");
  const url = script ?? new URL(fromSource ? "./detect-worker.ts" : "./detect-worker.js", import.meta.url);
  if (!url.pathname.endsWith(".ts")) return new Worker(url, { workerData });
  const tsxPackage = pathToFileURL(createRequire(import.meta.url).resolve("tsx/package.json"));
  const tsxApi = new URL("dist/esm/api/index.mjs", tsxPackage).href;
  const code = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(code, { eval: true, execArgv: [], workerData });
}

function fromWire(error: WireError): Error {
  return error.code ? new KerbsideError(error.code, error.message) : new Error(error.message);
}

function detectorError(message: string, cause?: unknown): KerbsideError {
  return new KerbsideError("KERB_ERR_DETECTOR", message, cause === undefined ? undefined : { cause });
}

/** The frame's bytes in a Uint8Array that owns its whole ArrayBuffer, so that buffer can be transferred. */
function payload(frame: RgbFrame, transfer: boolean): Uint8Array {
  const size = frame.width * frame.height * 3;
  const { data } = frame;
  const whole = data.byteOffset === 0 && data.byteLength === size && data.buffer.byteLength === size;
  if (transfer && whole && data.buffer instanceof ArrayBuffer) return data;
  return data.slice(0, size);
}

class WorkerDetector implements Detector {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failure: KerbsideError | null = null;
  private exited = false;
  private closing: Promise<void> | null = null;
  private watchdog: NodeJS.Timeout | null = null;

  constructor(
    readonly card: ModelCard,
    private readonly worker: Worker,
    private readonly options: WorkerDetectorOptions,
  ) {
    worker.on("message", (message: FromWorker) => this.onMessage(message));
    worker.on("error", (error) => this.fail(detectorError(`detector worker crashed: ${errorMessage(error)}`, error)));
    worker.on("messageerror", (error) => this.fail(detectorError(`detector worker sent an unreadable message: ${errorMessage(error)}`, error)));
    worker.on("exit", (code) => {
      this.exited = true;
      const why = this.closing ? "detector closed" : `detector worker exited unexpectedly (code ${code})`;
      this.fail(detectorError(why));
    });
    worker.unref();
  }

  detect(frame: RgbFrame, options: DetectOptions = {}): Promise<Detection[]> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closing) return Promise.reject(detectorError("detector is closed"));
    try {
      checkFrame(frame);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    const id = this.nextId++;
    const data = payload(frame, this.options.transfer ?? true);
    const message: ToWorker = { type: "detect", id, width: frame.width, height: frame.height, data, options };
    return new Promise<Detection[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage(message, [data.buffer as ArrayBuffer]);
      // New requests do not push back a running stall timer; answers do.
      if (this.watchdog === null) this.armWatchdog();
    });
  }

  private onMessage(message: FromWorker): void {
    if (message.type !== "result" && message.type !== "failed") return;
    const entry = this.pending.get(message.id);
    if (entry === undefined) return;
    this.pending.delete(message.id);
    if (message.type === "result") entry.resolve(message.detections);
    else entry.reject(fromWire(message.error));
    this.armWatchdog();
    if (this.pending.size === 0 && !this.closing) this.worker.unref();
  }

  /** (Re)starts the stall timer while requests are pending. */
  private armWatchdog(): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = null;
    const timeout = this.options.timeoutMs ?? DEFAULT_WORKER_TIMEOUT_MS;
    if (this.pending.size === 0 || timeout <= 0) return;
    this.watchdog = setTimeout(() => {
      this.fail(detectorError(`detector worker stalled: no answer in ${timeout} ms; worker stopped`));
    }, timeout);
  }

  private fail(error: KerbsideError): void {
    this.failure ??= error;
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = null;
    for (const entry of this.pending.values()) entry.reject(this.failure);
    this.pending.clear();
    if (!this.exited) void this.worker.terminate();
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.worker.once("exit", () => resolve()));
    this.worker.ref();
    this.worker.postMessage({ type: "close" } satisfies ToWorker);
    const grace = setTimeout(() => void this.worker.terminate(), CLOSE_GRACE_MS);
    await exited;
    clearTimeout(grace);
  }
}

/** Starts a worker, waits until its model is loaded, and returns the detector. */
export function createWorkerDetector(options: WorkerDetectorOptions = {}): Promise<Detector> {
  const { transfer: _t, timeoutMs: _m, startTimeoutMs: _s, workerUrl: _u, ...detectorOptions } = options;
  const worker = startWorker(options.workerUrl, { options: detectorOptions });
  const timeout = options.startTimeoutMs ?? DEFAULT_WORKER_TIMEOUT_MS;
  return new Promise<Detector>((resolve, reject) => {
    const stall = timeout > 0
      ? setTimeout(() => {
        reject(detectorError(`detector worker did not start within ${timeout} ms; worker stopped`));
        void worker.terminate();
      }, timeout)
      : undefined;
    const onExit = (code: number): void => {
      clearTimeout(stall);
      reject(detectorError(`detector worker exited during start-up (code ${code})`));
    };
    const onError = (error: Error): void => {
      clearTimeout(stall);
      reject(detectorError(`detector worker failed to start: ${errorMessage(error)}`, error));
      void worker.terminate();
    };
    // On failure these stay attached (settling twice is a no-op), so a late
    // "error" event never goes unhandled.
    worker.once("exit", onExit);
    worker.on("error", onError);
    worker.once("message", (message: FromWorker) => {
      clearTimeout(stall);
      if (message.type === "ready") {
        worker.off("exit", onExit);
        worker.off("error", onError);
        resolve(new WorkerDetector(message.card, worker, options));
        return;
      }
      reject(message.type === "init-failed" ? fromWire(message.error) : detectorError(`unexpected first message "${message.type}"`));
      void worker.terminate();
    });
  });
}
