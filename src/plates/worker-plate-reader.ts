/**
 * The plate reader as the rest of Kerbside uses it: PP-OCR in a worker
 * thread, one request at a time, with a stall timeout. close() is idempotent.
 */
import type { Worker } from "node:worker_threads";
import type { Box } from "../detect/types.js";
import { startWorker } from "../detect/worker-detector.js";
import { KerbsideError, errorMessage } from "../errors.js";
import type { ImageReading } from "./plate-reader.js";
import type { FromPlateWorker, PlateWorkerInit, ToPlateWorker } from "./plate-worker-protocol.js";
import type { RgbImage } from "./types.js";

export interface PlateReader {
  read(image: RgbImage, vehicle?: Box): Promise<ImageReading>;
  close(): Promise<void>;
}

const STALL_MS = 60_000;

function plateError(message: string): KerbsideError {
  return new KerbsideError("KERB_ERR_PLATE", message);
}

class WorkerPlateReader implements PlateReader {
  private readonly pending = new Map<number, { resolve: (r: ImageReading) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  private nextId = 1;
  private closing: Promise<void> | null = null;
  private failure: Error | null = null;

  constructor(private readonly worker: Worker) {
    worker.on("message", (m: FromPlateWorker) => this.onMessage(m));
    worker.on("error", (error) => this.fail(plateError(`plate worker crashed: ${errorMessage(error)}`)));
    worker.on("exit", () => this.fail(plateError(this.closing ? "plate reader closed" : "plate worker exited unexpectedly")));
    worker.unref();
  }

  read(image: RgbImage, vehicle?: Box): Promise<ImageReading> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closing) return Promise.reject(plateError("plate reader is closed"));
    const id = this.nextId++;
    const data = image.data.slice();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.fail(plateError(`plate worker stalled: no answer in ${STALL_MS} ms`)), STALL_MS);
      this.pending.set(id, { resolve, reject, timer });
      this.worker.ref();
      const message: ToPlateWorker = { type: "read", id, width: image.width, height: image.height, data, vehicle };
      this.worker.postMessage(message, [data.buffer]);
    });
  }

  private onMessage(message: FromPlateWorker): void {
    if (message.type !== "result" && message.type !== "failed") return;
    const entry = this.pending.get(message.id);
    if (entry === undefined) return;
    this.pending.delete(message.id);
    clearTimeout(entry.timer);
    if (message.type === "result") entry.resolve(message.reading);
    else entry.reject(plateError(message.message));
    if (this.pending.size === 0) this.worker.unref();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const entry of this.pending.values()) {
      clearTimeout(entry.timer);
      entry.reject(this.failure);
    }
    this.pending.clear();
    void this.worker.terminate();
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.worker.once("exit", () => resolve());
      this.worker.ref();
      this.worker.postMessage({ type: "close" } satisfies ToPlateWorker);
      setTimeout(() => void this.worker.terminate(), 5_000).unref();
    });
    return this.closing;
  }
}

/** Starts the worker and waits until both OCR models are loaded. */
export function createPlateReader(options: { threads?: number } = {}): Promise<PlateReader> {
  const fromSource = import.meta.url.endsWith(".ts");
  const script = new URL(fromSource ? "./plate-worker.ts" : "./plate-worker.js", import.meta.url);
  const worker = startWorker(script, { threads: options.threads ?? 1 } satisfies PlateWorkerInit);
  return new Promise((resolve, reject) => {
    worker.once("error", (error) => reject(plateError(`plate worker failed to start: ${errorMessage(error)}`)));
    worker.once("message", (message: FromPlateWorker) => {
      if (message.type === "ready") resolve(new WorkerPlateReader(worker));
      else {
        reject(plateError(message.type === "init-failed" ? message.message : `unexpected first message "${message.type}"`));
        void worker.terminate();
      }
    });
  });
}
