// The worker-thread detector: same answers as in-process, frames moved
// not copied, event loop kept free, crashes/stalls surfaced as rejections.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDetector } from "../../src/detect/detector.js";
import { readImage } from "../../src/detect/image.js";
import type { Detection, Detector, RgbFrame } from "../../src/detect/types.js";
import { createWorkerDetector, type WorkerDetectorOptions } from "../../src/detect/worker-detector.js";
import { isKerbsideError } from "../../src/errors.js";
import { vtestFrame } from "./fixtures/frames.js";

const FIXTURE = new URL("./fixtures/misbehaving-worker.ts", import.meta.url);

function copy(frame: RgbFrame): RgbFrame {
  return { ...frame, data: frame.data.slice() };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  const error: unknown = await promise.then(() => new Error("resolved"), (e: unknown) => e);
  if (!(error instanceof Error)) throw new Error("expected an Error");
  return error;
}

function fake(mode: string, extra: Partial<WorkerDetectorOptions> = {}): Promise<Detector> {
  return createWorkerDetector({ model: mode, workerUrl: FIXTURE, ...extra });
}

describe("worker detector with the real model", () => {
  let worker: Detector;
  let local: Detector;
  let bus: RgbFrame;
  let street: RgbFrame;
  let expectedBus: Detection[];
  let expectedStreet: Detection[];

  beforeAll(async () => {
    [worker, local, bus] = await Promise.all([createWorkerDetector(), createDetector(), readImage("samples/pexels_double_decker_bus.jpg")]);
    street = vtestFrame(20);
    expectedBus = await local.detect(bus);
    expectedStreet = await local.detect(street);
  });

  afterAll(async () => {
    await Promise.all([worker.close(), local.close()]);
  });

  it("answers like the in-process detector, several requests in flight, in order", async () => {
    expect(worker.card.name).toBe("centernet-mobilenetv3");
    expect(expectedBus.some((d) => d.label === "bus")).toBe(true);
    const answers = await Promise.all([worker.detect(copy(bus)), worker.detect(copy(street)), worker.detect(copy(bus))]);
    expect(answers).toEqual([expectedBus, expectedStreet, expectedBus]);
  });

  it("moves a frame's whole buffer to the worker, and copies views or when asked to", async () => {
    const moved = copy(bus);
    const pending = worker.detect(moved);
    expect(moved.data.byteLength).toBe(0);
    expect(await pending).toEqual(expectedBus);

    const big = new Uint8Array(bus.data.length + 30);
    big.set(bus.data, 30);
    const view = { ...bus, data: big.subarray(30) };
    expect(await worker.detect(view)).toEqual(expectedBus);
    expect(view.data.byteLength).toBe(bus.data.length);
  });

  it("keeps the event loop free while the model runs", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    await Promise.all([worker.detect(copy(street)), worker.detect(copy(street)), worker.detect(copy(street))]);
    clearInterval(timer);
    expect(ticks).toBeGreaterThanOrEqual(5);
  });

  it("rejects a bad request with its error code and keeps serving", async () => {
    const error = await rejection(worker.detect(copy(bus), { classes: ["spaceship"] }));
    expect(isKerbsideError(error, "KERB_ERR_DETECT_CLASS")).toBe(true);
    const buses = await worker.detect(copy(bus), { classes: ["bus"] });
    expect(buses.map((d) => d.label)).toEqual(["bus"]);
  });
});

describe("worker detector lifecycle", () => {
  it("passes start-up errors through with their code", async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), "kerbside-nomodels-"));
    try {
      const error = await rejection(createWorkerDetector({ modelsDir: empty }));
      expect(isKerbsideError(error, "KERB_ERR_MODEL_MISSING")).toBe(true);
      expect(error.message).toContain("npm run models");
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
    expect(isKerbsideError(await rejection(fake("init-fail")), "KERB_ERR_MODEL_MISSING")).toBe(true);
    const exited = await rejection(fake("exit-at-start"));
    expect(isKerbsideError(exited, "KERB_ERR_DETECTOR")).toBe(true);
    expect(exited.message).toContain("code 2");
    const silent = await rejection(fake("never-ready", { startTimeoutMs: 3_000 }));
    expect(silent.message).toContain("did not start within 3000 ms");
  });

  it("rejects pending and later requests when the worker exits", async () => {
    const d = await fake("exit-on-detect");
    const error = await rejection(d.detect({ width: 8, height: 8, data: new Uint8Array(192) }));
    expect(isKerbsideError(error, "KERB_ERR_DETECTOR")).toBe(true);
    expect(error.message).toContain("exited unexpectedly (code 3)");
    const later = await rejection(d.detect({ width: 8, height: 8, data: new Uint8Array(192) }));
    expect(later).toBe(error);
    await d.close();
  });

  it("rejects pending requests when the worker throws", async () => {
    const d = await fake("throw-on-detect");
    const error = await rejection(d.detect({ width: 8, height: 8, data: new Uint8Array(192) }));
    expect(isKerbsideError(error, "KERB_ERR_DETECTOR")).toBe(true);
    expect(error.message).toContain("boom in worker");
    await d.close();
  });

  it("stops a stalled worker after timeoutMs", async () => {
    const d = await fake("hang", { timeoutMs: 300 });
    const started = Date.now();
    const error = await rejection(d.detect({ width: 8, height: 8, data: new Uint8Array(192) }));
    expect(error.message).toContain("stalled");
    expect(Date.now() - started).toBeLessThan(5_000);
    await d.close();
  });

  it("lets in-flight requests finish on close, is idempotent, and refuses work afterwards", async () => {
    const d = await createWorkerDetector();
    const frame = await readImage("samples/pexels_double_decker_bus.jpg");
    const pending = d.detect(frame);
    const closing = d.close();
    expect((await pending).some((x) => x.label === "bus")).toBe(true);
    await Promise.all([closing, d.close()]);
    const error = await rejection(d.detect(frame));
    expect(isKerbsideError(error, "KERB_ERR_DETECTOR")).toBe(true);
  });

  it("rejects a frame without enough bytes before sending it", async () => {
    const d = await fake("hang");
    await expect(d.detect({ width: 8, height: 8, data: new Uint8Array(10) })).rejects.toThrow(/needs 192 RGB bytes/);
    await d.close();
  });
});
