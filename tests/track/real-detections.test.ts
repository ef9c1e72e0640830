/**
 * The tracker and rule engine on real detections: samples/vtest.avi sampled
 * every 2 s by ffmpeg, detected by the real ONNX model. The white van
 * (top right, ~[642,42,724,101], flips between truck and car) and the light
 * blue car at the right edge stay parked for the whole clip; people walk.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDetector } from "../../src/detect/detector.js";
import { SqliteIncidentStore } from "../../src/incidents/sqlite-incident-store.js";
import type { Box, Detection, Detector } from "../../src/detect/types.js";
import { RuleEngine } from "../../src/rules/rule-engine.js";
import type { EpisodeEvent, FrameObservation } from "../../src/rules/types.js";
import { FrameSampler } from "../../src/scan/frame-sampler.js";
import { iou } from "../../src/track/box-geometry.js";
import { SparseTracker } from "../../src/track/sparse-tracker.js";
import { deployment, point, shanghai } from "../rules/fixtures.js";

const VTEST = path.resolve("samples/vtest.avi");
const VAN: Box = { x1: 642, y1: 42, x2: 724, y2: 101 };
const EDGE_CAR: Box = { x1: 732, y1: 50, x2: 766, y2: 94 };
const START = shanghai("2026-11-23", "12:00");

let detector: Detector;
const frames: { timeMs: number; detections: Detection[] }[] = [];

beforeAll(async () => {
  detector = await createDetector();
  for await (const f of new FrameSampler({ input: VTEST, everySec: 2, width: 768, height: 576, keyframesOnly: false })) {
    frames.push({ timeMs: START + Math.round(f.ptsSec * 1000), detections: await detector.detect(f.frame) });
  }
});

afterAll(async () => {
  await detector.close();
});

function track(): FrameObservation[] {
  const tracker = new SparseTracker();
  return frames.map((f) => tracker.update(f.timeMs, f.detections, 768, 576));
}

describe("SparseTracker on real vtest.avi detections (2 s sampling)", () => {
  it("keeps the van and the edge car as one stationary identity each for the whole clip", () => {
    expect(frames.length).toBeGreaterThanOrEqual(39);
    const obs = track();
    for (const [name, box] of [["van", VAN], ["edge car", EDGE_CAR]] as const) {
      const sightings = obs.slice(1).map((o) => o.tracks.filter((t) => iou(t.box, box) > 0.5));
      expect(sightings.every((s) => s.length === 1), name).toBe(true);
      const ids = new Set(sightings.map((s) => s[0]!.trackId));
      expect(ids.size, name).toBe(1);
      const last = sightings.at(-1)![0]!;
      expect(last.stationary, name).toBe(true);
      expect(last.stationarySinceMs, name).toBe(START);
      expect(["car", "truck", "bus"]).toContain(last.label);
    }
  });

  it("flags the van after a (shortened) dwell in a no-parking zone, and nothing else", () => {
    const p = point({
      zones: [
        { id: "kerb", kind: "no_parking", polygon: [[0.8, 0], [1, 0], [1, 0.25], [0.8, 0.25]] },
        { id: "plaza", kind: "sidewalk", polygon: [[0, 0.25], [1, 0.25], [1, 1], [0, 1]] },
      ],
      rules: { illegal_parking: { minDwellSec: 60 }, sidewalk_parking: { minDwellSec: 10 }, nonmotor_parking: { minDwellSec: 10 } },
    });
    const engine = new RuleEngine({ deployment: deployment({}, [p]), point: p, labels: detector.card.labels });
    const events: EpisodeEvent[] = track().flatMap((o) => engine.observe(o));
    events.push(...engine.finish(frames.at(-1)!.timeMs));
    const opened = events.filter((e) => e.type === "opened").map((e) => e.episode);
    expect(opened.map((e) => e.rule)).toEqual(["illegal_parking", "illegal_parking"]);
    expect(opened.some((e) => iou(e.thresholdBox, VAN) > 0.5) && opened.some((e) => iou(e.thresholdBox, EDGE_CAR) > 0.5)).toBe(true);
    for (const e of opened) expect(e).toMatchObject({ zoneId: "kerb", startMs: START, thresholdMs: START + 60_000, unit: "jiaojing-1" });
    const closed = events.filter((e) => e.type === "closed").map((e) => e.episode);
    expect(closed.map((e) => e.endMs)).toEqual([frames.at(-1)!.timeMs, frames.at(-1)!.timeMs]);
  });

  it("stores the scan as two incidents, and a re-scan of the same footage adds none", () => {
    const p = point({
      zones: [{ id: "kerb", kind: "no_parking", polygon: [[0.8, 0], [1, 0], [1, 0.25], [0.8, 0.25]] }],
      rules: { illegal_parking: { minDwellSec: 30 } },
    });
    const store = SqliteIncidentStore.open(":memory:");
    const scan = (): void => {
      const engine = new RuleEngine({ deployment: deployment({}, [p]), point: p });
      const events = [...track().flatMap((o) => engine.observe(o)), ...engine.finish(frames.at(-1)!.timeMs)];
      for (const e of events) store.recordEpisode(e.episode);
    };
    scan();
    const first = store.list();
    scan();
    expect(store.list()).toEqual(first);
    expect(first).toHaveLength(2);
    for (const i of first) expect(i).toMatchObject({ startMs: START, thresholdMs: START + 30_000, endMs: frames.at(-1)!.timeMs });
    store.close();
  });
});
