// One detector shared by live frames and footage scans: live requests go
// ahead of waiting backfill requests, answers are the detector's own, and a
// detector that died is replaced at the next request. Real model, real frames.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PriorityDetector, type ServedRequest } from "../../src/detect/priority-detector.js";
import type { Detector, RgbFrame } from "../../src/detect/types.js";
import { createWorkerDetector } from "../../src/detect/worker-detector.js";
import { isKerbsideError } from "../../src/errors.js";
import { vtestFrame } from "./fixtures/frames.js";

const copy = (frame: RgbFrame): RgbFrame => ({ ...frame, data: frame.data.slice() });

describe("priority detector", () => {
  let frame: RgbFrame;
  const created: Detector[] = [];
  const pool = new PriorityDetector(async () => {
    const detector = await createWorkerDetector({ threads: 1 });
    created.push(detector);
    return detector;
  });

  beforeAll(() => {
    frame = vtestFrame(20, { width: 512, height: 512 });
  });
  afterAll(() => pool.close());

  it("serves a live frame before the backfill frames queued ahead of it", async () => {
    const [live, backfill] = await Promise.all([pool.lane("live"), pool.lane("backfill")]);
    const order: string[] = [];
    const served: ServedRequest[] = [];
    const off = pool.onServed((r) => void served.push(r));
    const scans = Array.from({ length: 4 }, (_, i) => backfill.detect(copy(frame)).then((d) => (order.push(`scan${i}`), d)));
    const alert = live.detect(copy(frame)).then((d) => (order.push("live"), d));
    const [found] = await Promise.all([alert, ...scans]);
    // scan0 was already on the worker; the live frame overtook scan1–3.
    expect(order).toEqual(["scan0", "live", "scan1", "scan2", "scan3"]);
    expect(found.some((d) => d.label === "car" || d.label === "truck")).toBe(true);
    expect(pool.servedCount("live")).toBe(1);
    expect(pool.servedCount("backfill")).toBe(4);
    expect(pool.serviceMs()).toBeGreaterThan(0);
    off();
    // What the live frame waited behind: the one scan already on the worker; it went ahead of the three waiting.
    const liveServed = served.find((r) => r.priority === "live");
    expect(liveServed).toMatchObject({ behindInFlight: 1, overtakenBy: 0, wentAheadOf: 3 });
    expect(served.filter((r) => r.priority === "backfill").map((r) => r.overtakenBy)).toEqual([0, 0, 0, 0]);
  }, 120_000);

  it("replaces a detector that died, and closing a lane leaves the shared one running", async () => {
    const lane = await pool.lane("backfill");
    await lane.close();
    await (created.at(-1) as Detector).close();
    const error = await lane.detect(copy(frame)).then(() => null, (e: unknown) => e);
    expect(isKerbsideError(error, "KERB_ERR_DETECTOR")).toBe(true);
    const again = await lane.detect(copy(frame));
    expect(again.length).toBeGreaterThan(0);
    expect(created).toHaveLength(2);
  }, 120_000);
});
