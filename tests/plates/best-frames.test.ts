/**
 * Choosing the frames a plate is read from, on real footage with the real
 * detector and OCR: the car photo with a rendered plate parked in the
 * sample street, sharp and large, then blurred, then at half the size, then
 * partly behind a second car (vehicle-phases.ts). The sharp large frame is
 * ranked first; the blurred, smaller and occluded ones below it, each for its
 * own figure; an incident seen only blurred or only small is unreadable for
 * that reason, and the result lists the frames read with their figures.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Box, Detector } from "../../src/detect/types.js";
import { createWorkerDetector } from "../../src/detect/worker-detector.js";
import type { FootageLocator } from "../../src/incidents/evidence.js";
import { SqliteIncidentStore } from "../../src/incidents/sqlite-incident-store.js";
import type { Incident } from "../../src/incidents/types.js";
import { bestFrames, locateVehicle, type FrameDetect } from "../../src/plates/best-frames.js";
import { MIN_VEHICLE_SHARPNESS, OCCLUDED_SHARE, frameFigures, rankFrames, type FrameFigures } from "../../src/plates/frame-quality.js";
import { readIncidentPlate } from "../../src/plates/incident-plate.js";
import { DEFAULT_VOTE_OPTIONS } from "../../src/plates/plate-vote.js";
import { frameAt } from "../../src/plates/vehicle-frames.js";
import { createPlateReader, type PlateReader } from "../../src/plates/worker-plate-reader.js";
import { openDatabase } from "../../src/store/database.js";
import { tempDir } from "../service/fixtures.js";
import { PHASES, PHASE_SEC, vehiclePhases, type Phase } from "./vehicle-phases.js";

const T0 = Date.parse("2026-12-08T10:00:00+08:00");
/** Where the full-size car stands (the car photo's rectangle), as a scan would have boxed it. */
const SPOT: Box = { x1: 900, y1: 620, x2: 1500, y2: 1102 };
const fixture = tempDir("best-frames");
let footage = "";
let detector: Detector;
let reader: PlateReader;
let detect: FrameDetect;
let locate: FootageLocator;

beforeAll(async () => {
  footage = await vehiclePhases(fixture.dir);
  detector = await createWorkerDetector({ threads: 1 });
  reader = await createPlateReader();
  detect = (image) => detector.detect(image);
  locate = (t) => (t >= T0 && t <= T0 + PHASES.length * PHASE_SEC * 1000 ? { path: footage, offsetSec: (t - T0) / 1000 } : null);
}, 240_000);
afterAll(async () => {
  await detector?.close();
  await reader?.close();
  fixture.cleanup();
});

/** A parked-car incident seen from `fromSec` to `toSec` of the footage. */
function incident(id: string, fromSec: number, toSec: number): Incident {
  const startMs = T0 + fromSec * 1000;
  const lastSeenMs = T0 + toSec * 1000;
  return {
    id, pointId: "D09", rule: "illegal_parking", zoneId: "kerb", zoneKind: "no_parking", unit: "traffic_police", label: "car",
    startMs, thresholdMs: startMs, lastSeenMs, endMs: lastSeenMs, durationSec: toSec - fromSec, peakScore: 0.6, box: SPOT,
    observed: [{ fromMs: startMs, toMs: lastSeenMs }], unseen: [], observedSec: toSec - fromSec, unseenSec: 0, evidence: [],
    createdAt: new Date(startMs).toISOString(), updatedAt: new Date(lastSeenMs).toISOString(),
  };
}

/** The figures of the frame in the middle of a phase. */
async function phaseFigures(phase: Phase): Promise<FrameFigures> {
  const t = T0 + (PHASES.indexOf(phase) * PHASE_SEC + PHASE_SEC / 2) * 1000;
  const image = (await frameAt(locate, t))!;
  const { vehicle, others } = locateVehicle({ box: SPOT, label: "car" }, await detect(image));
  expect(vehicle, `the detector finds the car in the ${phase} phase`).not.toBeNull();
  return frameFigures(t, image, vehicle!, others, SPOT);
}

const phaseOf = (atMs: number): Phase => PHASES[Math.floor((atMs - T0) / 1000 / PHASE_SEC)]!;

describe("best frames for the plate", () => {
  it("ranks the sharp large frame above a blurred, a smaller and an occluded one, each by its own figure", async () => {
    const figures = new Map<Phase, FrameFigures>();
    for (const phase of PHASES) figures.set(phase, await phaseFigures(phase));
    const sharp = figures.get("sharp")!;
    expect(figures.get("blurred")!.sharpness).toBeLessThan(sharp.sharpness / 2);
    expect(figures.get("blurred")!.sharpness).toBeLessThan(MIN_VEHICLE_SHARPNESS);
    expect(sharp.sharpness).toBeGreaterThan(MIN_VEHICLE_SHARPNESS);
    expect(figures.get("small")!.vehicleWidthPx / sharp.vehicleWidthPx).toBeCloseTo(0.5, 1);
    expect(figures.get("occluded")!.occlusion).toBeGreaterThanOrEqual(OCCLUDED_SHARE);
    expect(sharp.occlusion).toBeLessThan(0.05);

    const ranked = rankFrames([...figures.values()].reverse());
    expect(phaseOf(ranked[0]!.atMs)).toBe("sharp");
    for (const phase of ["blurred", "small", "occluded"] as const) {
      const pair = rankFrames([figures.get(phase)!, sharp]);
      expect(pair.map((f) => phaseOf(f.atMs))).toEqual(["sharp", phase]);
      expect(pair[0]!.score).toBeGreaterThan(pair[1]!.score);
    }
  }, 120_000);

  it("picks the best frames of a whole stay: the first ones come from the sharp, large phase", async () => {
    const ranked = await bestFrames(incident("all", 0.5, PHASES.length * PHASE_SEC - 0.5), locate, 12, detect);
    expect(ranked.length).toBeGreaterThanOrEqual(12);
    expect(ranked.map((f) => f.figures.rank)).toEqual(ranked.map((_, i) => i));
    expect(phaseOf(ranked[0]!.figures.atMs)).toBe("sharp");
    const sharpFrames = ranked.filter((f) => phaseOf(f.figures.atMs) === "sharp").length;
    expect(ranked.slice(0, sharpFrames).every((f) => phaseOf(f.figures.atMs) === "sharp")).toBe(true);
  }, 180_000);

  it("says why an incident's plate is unreadable from its best frame's figures, and which frames were read", async () => {
    const db = openDatabase(path.join(fixture.dir, "kerbside.db"));
    try {
      const context = { reader, incidents: new SqliteIncidentStore(db), locate, rootDir: fixture.dir, relativePaths: true, frames: 3, candidates: 6, vote: DEFAULT_VOTE_OPTIONS, detect };
      const blurred = await readIncidentPlate(incident("blurred", PHASE_SEC + 0.3, 2 * PHASE_SEC - 0.3), context);
      expect(blurred).toMatchObject({ status: "unreadable", plate: null, reason: "blurred", framesRead: 3 });
      expect(blurred.detail).toMatch(/^vehicle too blurred at the best frame \(sharpness \d+, needs 60\)$/);
      expect(blurred.frames!.map((f) => f.rank)).toEqual([0, 1, 2]);
      expect(blurred.frames!.every((f) => phaseOf(f.atMs) === "blurred" && f.sharpness < MIN_VEHICLE_SHARPNESS && f.plate === null)).toBe(true);

      const small = await readIncidentPlate(incident("small", 2 * PHASE_SEC + 0.3, 3 * PHASE_SEC - 0.3), context);
      expect(small).toMatchObject({ status: "unreadable", plate: null, reason: "too_small" });
      expect(small.detail).toMatch(/^(plate \d+ px wide at the best frame|vehicle \d+ px wide at the best frame: its plate would be about \d+ px) \(needs 140\)$/);
      expect(small.frames![0]!.vehicleWidthPx).toBeLessThan(350);
    } finally {
      db.close();
    }
  }, 180_000);
});
