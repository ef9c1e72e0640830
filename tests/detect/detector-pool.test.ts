// Detectors side by side (detector-pool.ts) with the real model on real
// frames: a pool answers exactly like one detector, spreads the requests in
// flight over its workers, closes what started when one worker cannot start,
// and a pool whose worker died is stopped and replaced by the shared
// PriorityDetector. The configured detector honours `inputSize` and `workers`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DetectorSettingsSchema } from "../../src/config/schema.js";
import { createConfiguredDetector } from "../../src/detect/configured-detector.js";
import { DetectorPool, startDetectorPool } from "../../src/detect/detector-pool.js";
import { PriorityDetector } from "../../src/detect/priority-detector.js";
import type { Detection, Detector, RgbFrame } from "../../src/detect/types.js";
import { createWorkerDetector } from "../../src/detect/worker-detector.js";
import { isKerbsideError } from "../../src/errors.js";
import { vtestFrame } from "./fixtures/frames.js";

const copy = (frame: RgbFrame): RgbFrame => ({ ...frame, data: frame.data.slice() });

/** A real worker detector that counts the requests it got and whether it was closed. */
async function counted(log: { calls: number[]; closed: boolean[] }): Promise<Detector> {
  const inner = await createWorkerDetector({ threads: 1 });
  const index = log.calls.push(0) - 1;
  log.closed.push(false);
  return {
    card: inner.card,
    detect: (frame, options) => (log.calls[index]!++, inner.detect(frame, options)),
    close: () => ((log.closed[index] = true), inner.close()),
  };
}

describe("detector pool", () => {
  const frames = [10, 20, 30, 40].map((s) => vtestFrame(s, { width: 512, height: 512 }));
  let single: Detector;
  let expected: Detection[][];

  beforeAll(async () => {
    single = await createWorkerDetector({ threads: 1 });
    expected = [];
    for (const f of frames) expected.push(await single.detect(copy(f)));
  }, 120_000);
  afterAll(() => single.close());

  it("answers like one detector and spreads the requests in flight over its workers", async () => {
    const log = { calls: [] as number[], closed: [] as boolean[] };
    const pool = await startDetectorPool(2, () => counted(log));
    expect(pool).toBeInstanceOf(DetectorPool);
    try {
      const found = await Promise.all(frames.map((f) => pool.detect(copy(f))));
      expect(found).toEqual(expected);
      expect(found.flat().some((d) => d.label === "person")).toBe(true);
      // Four requests at once on two workers: two each.
      expect(log.calls).toEqual([2, 2]);
    } finally {
      await pool.close();
      await pool.close();
    }
    expect(log.closed).toEqual([true, true]);
    const refused = await pool.detect(copy(frames[0]!)).then(() => null, (e: unknown) => e);
    expect(isKerbsideError(refused, "KERB_ERR_DETECTOR")).toBe(true);
  }, 120_000);

  it("closes the workers that started when one cannot start, and throws that one's error", async () => {
    const log = { calls: [] as number[], closed: [] as boolean[] };
    let n = 0;
    const create = () => (n++ === 1 ? createWorkerDetector({ model: "no-such-model" }) : counted(log));
    const error = await startDetectorPool(3, create).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain("no-such-model");
    expect(log.closed).toEqual([true, true]);
  }, 120_000);

  it("is stopped and replaced by the shared detector when one of its workers dies", async () => {
    const pools: { log: { calls: number[]; closed: boolean[] }; pool: Detector }[] = [];
    const shared = new PriorityDetector(async () => {
      const log = { calls: [] as number[], closed: [] as boolean[] };
      const workers: Detector[] = [];
      const pool = await startDetectorPool(2, async () => {
        const d = await counted(log);
        workers.push(d);
        return d;
      });
      pools.push({ log, pool });
      // The first pool's first worker dies before any request.
      if (pools.length === 1) await workers[0]!.close();
      return pool;
    }, undefined, 2);
    try {
      const lane = await shared.lane("backfill");
      const results = await Promise.allSettled([lane.detect(copy(frames[0]!)), lane.detect(copy(frames[1]!))]);
      expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
      // The failed pool's surviving worker is stopped, and the next request gets a new pool.
      await expect.poll(() => pools[0]!.log.closed, { timeout: 10_000 }).toEqual([true, true]);
      expect(pools[0]!.log.calls.reduce((a, b) => a + b)).toBe(2);
      expect(await lane.detect(copy(frames[2]!))).toEqual(expected[2]);
      expect(pools).toHaveLength(2);
    } finally {
      await shared.close();
    }
  }, 120_000);

  it("starts the configured model size and worker count", async () => {
    const settings = DetectorSettingsSchema.parse({ inputSize: 416, workers: 2, threads: 1 });
    const detector = await createConfiguredDetector(settings);
    try {
      expect(detector).toBeInstanceOf(DetectorPool);
      expect((detector as DetectorPool).size).toBe(2);
      expect(detector.card.input).toMatchObject({ width: 416, height: 416 });
      const found = await detector.detect(vtestFrame(20, { width: 416, height: 416 }));
      expect(found.some((d) => d.label === "person")).toBe(true);
    } finally {
      await detector.close();
    }
  }, 120_000);
});
