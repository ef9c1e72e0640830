import { describe, expect, it } from "vitest";
import type { Box } from "../../src/detect/types.js";
import { RuleEngine } from "../../src/rules/rule-engine.js";
import type { EpisodeEvent, FrameObservation, TrackedObject } from "../../src/rules/types.js";
import { SparseTracker } from "../../src/track/sparse-tracker.js";
import { FRAME, VAN_BOX, vtestScene } from "../track/vtest-scene.js";
import { deployment, point, shanghai } from "./fixtures.js";

const TOP_RIGHT: [number, number][] = [[0.8, 0], [1, 0], [1, 0.2], [0.8, 0.2]];
const BOTTOM_HALF: [number, number][] = [[0, 0.5], [1, 0.5], [1, 1], [0, 1]];
const LEFT_QUARTER: [number, number][] = [[0, 0.5], [0.25, 0.5], [0.25, 1], [0, 1]];

function engine(pointOverrides: Record<string, unknown>, labels?: string[]): RuleEngine {
  const p = point(pointOverrides);
  return new RuleEngine({ deployment: deployment({}, [p]), point: p, timeZone: "Asia/Shanghai", ...(labels ? { labels } : {}) });
}

interface TrackSpec {
  id: number;
  label: string;
  box: Box;
  /** Stationary since (null: moving). */
  since: number | null;
  seenAt?: number;
  firstSeen?: number;
  score?: number;
}

function frame(timeMs: number, specs: TrackSpec[]): FrameObservation {
  const tracks: TrackedObject[] = specs.map((s) => {
    const lastSeen = s.seenAt ?? timeMs;
    return {
      trackId: s.id,
      label: s.label,
      box: s.box,
      score: s.score ?? 0.8,
      peakScore: s.score ?? 0.8,
      firstSeenMs: s.firstSeen ?? s.since ?? timeMs,
      lastSeenMs: lastSeen,
      stationary: s.since !== null,
      stationarySinceMs: s.since,
      misses: lastSeen === timeMs ? 0 : 1,
    };
  });
  return { timeMs, frameWidth: 768, frameHeight: 576, tracks };
}

/** Feeds frames every stepMs from t0 to t1 (inclusive) with the same tracks. */
function feed(e: RuleEngine, t0: number, t1: number, stepMs: number, specs: (t: number) => TrackSpec[]): EpisodeEvent[] {
  const out: EpisodeEvent[] = [];
  for (let t = t0; t <= t1; t += stepMs) out.push(...e.observe(frame(t, specs(t))));
  return out;
}

const types = (events: EpisodeEvent[]) => events.map((e) => e.type);
const noon = shanghai("2026-11-23", "12:00");
const car: Box = { x1: 300, y1: 320, x2: 420, y2: 400 }; // ground (360,400) → (0.47,0.69)

describe("RuleEngine episode life cycle", () => {
  const zones = [{ id: "np1", kind: "no_parking", polygon: BOTTOM_HALF }];

  it("opens once at the dwell threshold, updates on new sightings, closes at finish at the last sighting", () => {
    const e = engine({ zones });
    const events = feed(e, noon, noon + 400_000, 10_000, () => [{ id: 4, label: "car", box: car, since: noon }]);
    expect(types(events).filter((t) => t === "opened")).toHaveLength(1);
    const opened = events[0]!;
    expect(opened.type).toBe("opened");
    expect(opened.episode).toMatchObject({
      key: "illegal_parking:np1:4",
      pointId: "P01",
      rule: "illegal_parking",
      zoneId: "np1",
      zoneKind: "no_parking",
      unit: "jiaojing-1",
      label: "car",
      trackId: 4,
      startMs: noon,
      thresholdMs: noon + 300_000,
      endMs: null,
    });
    expect(types(events.slice(1))).toEqual(Array(10).fill("updated"));
    expect(events.at(-1)!.episode.lastSeenMs).toBe(noon + 400_000);
    const closed = e.finish(noon + 405_000);
    expect(types(closed)).toEqual(["closed"]);
    expect(closed[0]!.episode).toMatchObject({ endMs: noon + 400_000, lastSeenMs: noon + 400_000, startMs: noon });
    expect(e.finish(noon + 410_000)).toEqual([]);
  });

  it("reports nothing for a dwell just under the threshold", () => {
    const e = engine({ zones });
    const events = feed(e, noon, noon + 290_000, 10_000, () => [{ id: 4, label: "car", box: car, since: noon }]);
    events.push(...e.observe(frame(noon + 300_000, [{ id: 4, label: "car", box: car, since: null }])));
    expect(events).toEqual([]);
    expect(e.finish(noon + 310_000)).toEqual([]);
  });

  it("closes when the vehicle moves off, when it leaves the zone, and when its track is dropped", () => {
    const e = engine({ zones });
    const parked = (id: number, box: Box) => ({ id, label: "car", box, since: noon });
    const other: Box = { x1: 500, y1: 320, x2: 620, y2: 400 };
    const third: Box = { x1: 100, y1: 320, x2: 220, y2: 400 };
    feed(e, noon, noon + 300_000, 10_000, () => [parked(1, car), parked(2, other), parked(3, third)]);
    const t = noon + 310_000;
    const events = e.observe(
      frame(t, [
        { id: 1, label: "car", box: car, since: null }, // moved
        { id: 2, label: "car", box: { x1: 500, y1: 100, x2: 620, y2: 180 }, since: t }, // now outside the zone
      ]), // 3 dropped
    );
    expect(events.map((ev) => [ev.type, ev.episode.trackId, ev.episode.endMs])).toEqual([
      ["closed", 1, noon + 300_000],
      ["closed", 2, noon + 300_000],
      ["closed", 3, noon + 300_000],
    ]);
  });

  it("neither opens nor updates while a track coasts through a miss", () => {
    const e = engine({ zones });
    feed(e, noon, noon + 290_000, 10_000, () => [{ id: 4, label: "car", box: car, since: noon }]);
    const coasting = e.observe(frame(noon + 300_000, [{ id: 4, label: "car", box: car, since: noon, seenAt: noon + 290_000 }]));
    expect(coasting).toEqual([]);
    const back = e.observe(frame(noon + 310_000, [{ id: 4, label: "car", box: car, since: noon }]));
    expect(back.map((ev) => [ev.type, ev.episode.startMs, ev.episode.thresholdMs])).toEqual([["opened", noon, noon + 310_000]]);
  });

  it("uses the 2-minute junction dwell in rush hours only", () => {
    const rush = shanghai("2026-11-23", "08:00");
    const j = engine({ category: "junction", zones });
    const inRush = feed(j, rush, rush + 150_000, 2_000, () => [{ id: 1, label: "truck", box: car, since: rush }]);
    expect(inRush[0]).toMatchObject({ type: "opened", episode: { thresholdMs: rush + 120_000, label: "truck" } });
    const k = engine({ category: "junction", zones });
    expect(feed(k, noon, noon + 150_000, 2_000, () => [{ id: 1, label: "truck", box: car, since: noon }])).toEqual([]);
  });

  it("takes the dwell threshold in force when the dwell is crossed: 2 min once rush hour starts, 5 min once it ends", () => {
    const before = shanghai("2026-11-23", "06:58");
    const j = engine({ category: "junction", zones });
    const crossing = feed(j, before, before + 4 * 60_000, 10_000, () => [{ id: 1, label: "car", box: car, since: before }]);
    // Parked at 06:58: under the 5-minute rule until 07:00, then 2 minutes are already up.
    expect(crossing[0]).toMatchObject({ type: "opened", episode: { startMs: before, thresholdMs: shanghai("2026-11-23", "07:00") } });
    const late = shanghai("2026-11-23", "08:59");
    const k = engine({ category: "junction", zones });
    const leaving = feed(k, late, late + 6 * 60_000, 10_000, () => [{ id: 1, label: "car", box: car, since: late }]);
    // Parked at 08:59: rush hour ends at 09:00 before 2 minutes are up, so the 5-minute rule decides.
    expect(leaving[0]).toMatchObject({ type: "opened", episode: { startMs: late, thresholdMs: late + 5 * 60_000 } });
  });

  it("starts the dwell when a scheduled rule becomes active, not when the car arrived", () => {
    const e = engine({ zones, rules: { illegal_parking: { activeDuring: "rush_hours" } } });
    const before = shanghai("2026-11-23", "06:50");
    const events = feed(e, before, before + 20 * 60_000, 60_000, () => [{ id: 1, label: "car", box: car, since: before }]);
    expect(events[0]).toMatchObject({
      type: "opened",
      episode: { startMs: shanghai("2026-11-23", "07:00"), thresholdMs: shanghai("2026-11-23", "07:05") },
    });
    const end = shanghai("2026-11-23", "09:00");
    const after = feed(e, end - 60_000, end, 60_000, () => [{ id: 1, label: "car", box: car, since: before }]);
    expect(types(after)).toEqual(["updated", "closed"]);
  });

  it("ignores people and parked objects of unwatched classes", () => {
    const e = engine({ zones });
    const events = feed(e, noon, noon + 400_000, 10_000, () => [
      { id: 1, label: "person", box: car, since: noon },
      { id: 2, label: "bench", box: car, since: noon },
    ]);
    expect(events).toEqual([]);
  });
});

describe("RuleEngine with the tracker on a vtest-like scene", () => {
  it("reports the parked van and edge car in a top-right no-parking zone, and nothing for passing traffic", () => {
    const e = engine({ zones: [{ id: "kerb", kind: "no_parking", polygon: TOP_RIGHT }, { id: "road", kind: "roadway", polygon: BOTTOM_HALF }] });
    const tracker = new SparseTracker();
    const frames = vtestScene({ samples: 45, intervalMs: 10_000, startMs: noon, missRate: 0.15, flipRate: 0.35, seed: 21 });
    const events = frames.flatMap((f) => e.observe(tracker.update(f.timeMs, f.detections, FRAME.width, FRAME.height)));
    events.push(...e.finish(frames.at(-1)!.timeMs));
    const opened = events.filter((ev) => ev.type === "opened");
    const closed = events.filter((ev) => ev.type === "closed");
    expect(opened).toHaveLength(2);
    expect(new Set(opened.map((ev) => ev.episode.zoneId))).toEqual(new Set(["kerb"]));
    expect(closed.map((ev) => ev.episode.key).sort()).toEqual(opened.map((ev) => ev.episode.key).sort());
    const van = opened.find((ev) => Math.abs(ev.episode.firstBox.x1 - VAN_BOX.x1) < 10)!;
    expect(van.episode.label).toBe("car");
    expect(van.episode.thresholdMs - van.episode.startMs).toBeGreaterThanOrEqual(300_000);
    expect(van.episode.thresholdMs - van.episode.startMs).toBeLessThan(320_000);
  });
});

describe("RuleEngine non-motor and sidewalk rules", () => {
  const bike: Box = { x1: 100, y1: 400, x2: 150, y2: 460 }; // ground (125,460) → (0.16,0.80)

  it("reports a bicycle on the sidewalk after 10 minutes, to urban enforcement", () => {
    const e = engine({ zones: [{ id: "walk", kind: "sidewalk", polygon: BOTTOM_HALF }] });
    const events = feed(e, noon, noon + 600_000, 30_000, () => [{ id: 9, label: "bicycle", box: bike, since: noon }]);
    expect(events).toHaveLength(1);
    expect(events[0]!.episode).toMatchObject({ rule: "nonmotor_parking", unit: "chengguan-1", thresholdMs: noon + 600_000 });
  });

  it("allows bicycles inside a stall_allowed area while it is active", () => {
    const zones = [
      { id: "walk", kind: "sidewalk", polygon: BOTTOM_HALF },
      { id: "licensed", kind: "stall_allowed", polygon: LEFT_QUARTER, activeDuring: "night_market" },
    ];
    const evening = shanghai("2026-11-23", "19:00");
    const e = engine({ zones });
    expect(feed(e, evening, evening + 900_000, 30_000, () => [{ id: 9, label: "bicycle", box: bike, since: evening }])).toEqual([]);
    const e2 = engine({ zones });
    const daytime = feed(e2, noon, noon + 900_000, 30_000, () => [{ id: 9, label: "bicycle", box: bike, since: noon }]);
    expect(types(daytime).filter((t) => t === "opened")).toHaveLength(1);
  });

  it("starts a bicycle's dwell when the licensed area's hours end", () => {
    const zones = [
      { id: "walk", kind: "sidewalk", polygon: BOTTOM_HALF },
      { id: "licensed", kind: "stall_allowed", polygon: LEFT_QUARTER, activeDuring: "night_market" },
    ];
    const e = engine({ zones });
    const parked = shanghai("2026-11-23", "22:00");
    const events = feed(e, parked, shanghai("2026-11-23", "23:45"), 60_000, () => [{ id: 9, label: "bicycle", box: bike, since: parked }]);
    expect(events.map((ev) => [ev.type, ev.episode.startMs, ev.episode.thresholdMs])).toEqual([
      ["opened", shanghai("2026-11-23", "23:30"), shanghai("2026-11-23", "23:40")],
      ["updated", shanghai("2026-11-23", "23:30"), shanghai("2026-11-23", "23:40")],
      ["updated", shanghai("2026-11-23", "23:30"), shanghai("2026-11-23", "23:40")],
      ["updated", shanghai("2026-11-23", "23:30"), shanghai("2026-11-23", "23:40")],
      ["updated", shanghai("2026-11-23", "23:30"), shanghai("2026-11-23", "23:40")],
      ["updated", shanghai("2026-11-23", "23:30"), shanghai("2026-11-23", "23:40")],
    ]);
  });

  it("reports an object once when two zones of the rule overlap (the first zone listed)", () => {
    const e = engine({
      zones: [
        { id: "blind", kind: "blind_lane", polygon: LEFT_QUARTER },
        { id: "walk", kind: "sidewalk", polygon: BOTTOM_HALF },
      ],
    });
    const events = feed(e, noon, noon + 600_000, 60_000, () => [{ id: 9, label: "bicycle", box: bike, since: noon }]);
    expect(events.map((ev) => [ev.type, ev.episode.zoneId, ev.episode.zoneKind])).toEqual([["opened", "blind", "blind_lane"]]);
  });

  it("reports a motorcycle on the sidewalk once, as sidewalk parking, not again as non-motor parking", () => {
    const e = engine({ zones: [{ id: "walk", kind: "sidewalk", polygon: BOTTOM_HALF }] });
    const events = feed(e, noon, noon + 900_000, 30_000, () => [{ id: 5, label: "motorcycle", box: bike, since: noon }]);
    const opened = events.filter((ev) => ev.type === "opened");
    expect(opened.map((ev) => [ev.episode.rule, ev.episode.thresholdMs])).toEqual([["sidewalk_parking", noon + 300_000]]);
  });
});

describe("RuleEngine stall encroachment", () => {
  const walk = [{ id: "walk", kind: "sidewalk", polygon: BOTTOM_HALF }];
  const umbrella: Box = { x1: 200, y1: 300, x2: 300, y2: 420 };
  const table: Box = { x1: 220, y1: 380, x2: 300, y2: 440 };
  const chair: Box = { x1: 310, y1: 400, x2: 340, y2: 445 };
  const vendor: Box = { x1: 250, y1: 350, x2: 280, y2: 440 };

  it("reports a cluster of stall-like objects as one episode on their union box", () => {
    const e = engine({ zones: walk });
    const events = feed(e, noon, noon + 360_000, 20_000, () => [
      { id: 1, label: "umbrella", box: umbrella, since: noon },
      { id: 2, label: "dining table", box: table, since: noon + 20_000 },
      { id: 3, label: "chair", box: chair, since: noon },
    ]);
    const opened = events.filter((ev) => ev.type === "opened");
    expect(opened).toHaveLength(1);
    expect(opened[0]!.episode).toMatchObject({
      rule: "stall_encroachment",
      label: "chair+dining table+umbrella",
      startMs: noon + 20_000,
      thresholdMs: noon + 320_000,
      thresholdBox: { x1: 200, y1: 300, x2: 340, y2: 445 },
    });
  });

  it("keeps one episode when a member of the cluster drops out", () => {
    const e = engine({ zones: walk });
    const events = feed(e, noon, noon + 600_000, 20_000, (t) => [
      { id: 1, label: "umbrella", box: umbrella, since: noon },
      { id: 2, label: "dining table", box: table, since: noon },
      ...(t < noon + 400_000 ? [{ id: 3, label: "chair", box: chair, since: noon }] : []),
    ]);
    expect(types(events).filter((x) => x !== "updated")).toEqual(["opened"]);
    expect(events.at(-1)!.episode.label).toBe("dining table+umbrella");
  });

  it("needs a second object or a lingering person: a lone chair is not a stall", () => {
    const lone = engine({ zones: walk });
    expect(feed(lone, noon, noon + 600_000, 20_000, () => [{ id: 3, label: "chair", box: chair, since: noon }])).toEqual([]);
    const passerby = engine({ zones: walk });
    const passing = feed(passerby, noon, noon + 600_000, 20_000, (t) => [
      { id: 1, label: "umbrella", box: umbrella, since: noon },
      { id: 100 + (t - noon) / 20_000, label: "person", box: vendor, since: null, firstSeen: t - 2_000 },
    ]);
    expect(passing).toEqual([]);
    const staffed = engine({ zones: walk });
    const events = feed(staffed, noon, noon + 600_000, 20_000, () => [
      { id: 1, label: "umbrella", box: umbrella, since: noon },
      { id: 7, label: "person", box: vendor, since: null, firstSeen: noon },
    ]);
    expect(events.filter((ev) => ev.type === "opened").map((ev) => ev.episode.label)).toEqual(["umbrella"]);
  });

  it("takes a model's explicit vendor_cart class on its own", () => {
    const e = engine({ zones: walk }, ["person", "car", "vendor_cart"]);
    const events = feed(e, noon, noon + 300_000, 20_000, () => [{ id: 3, label: "vendor_cart", box: table, since: noon }]);
    expect(events.map((ev) => [ev.type, ev.episode.label])).toEqual([["opened", "vendor_cart"]]);
  });

  it("allows stalls in the licensed area during night-market hours only", () => {
    const zones = [...walk, { id: "market", kind: "stall_allowed", polygon: LEFT_QUARTER, activeDuring: "night_market" }];
    const stall = () => [
      { id: 1, label: "umbrella", box: { x1: 40, y1: 300, x2: 140, y2: 420 }, since: shanghai("2026-11-23", "18:00") },
      { id: 2, label: "chair", box: { x1: 100, y1: 400, x2: 130, y2: 445 }, since: shanghai("2026-11-23", "18:00") },
    ];
    const e = engine({ zones });
    const events = feed(e, shanghai("2026-11-23", "18:00"), shanghai("2026-11-23", "23:50"), 60_000, stall);
    const opened = events.filter((ev) => ev.type === "opened");
    expect(opened.map((ev) => [ev.episode.startMs, ev.episode.thresholdMs])).toEqual([
      [shanghai("2026-11-23", "23:30"), shanghai("2026-11-23", "23:35")],
    ]);
  });
});
