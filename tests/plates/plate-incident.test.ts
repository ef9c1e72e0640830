/**
 * End to end: a car carrying a rendered plate (浙A·D1234 on the rear of the
 * real car photo) parked in a no-parking zone of real street footage
 * (vtest.avi, scaled up as a 1536×1152 camera, H.264 High with B-frames).
 * `kerbside run --once` finds the illegal_parking incident and reads its plate
 * from full-resolution frames of the archive; the plate crop is evidence with
 * its SHA-256.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDeployment } from "../../src/config/load.js";
import { KerbsideService } from "../../src/service/kerbside-service.js";
import type { RunReport } from "../../src/service/types.js";
import { tempDir, VTEST } from "../service/fixtures.js";
import { compositePlate, renderPlate } from "./render-plate.js";

const fixture = tempDir("plates-e2e");
let report: RunReport;
let service: KerbsideService;

function parkedCarFootage(dir: string, carJpeg: string): string {
  const out = path.join(dir, "D07_parked.mp4");
  execFileSync("ffmpeg", [
    "-v", "error", "-y", "-t", "24", "-i", VTEST, "-loop", "1", "-i", carJpeg,
    "-filter_complex", "[0:v]scale=1536:1152[bg];[bg][1:v]overlay=900:620:shortest=1,format=yuv420p",
    "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "high", "-bf", "2", "-g", "20", "-an", out,
  ]);
  return out;
}

function configYaml(footage: string, startIso: string): string {
  return `
name: plate test
timezone: Asia/Shanghai
storageDir: ./data
detector: { threads: 1 }
units:
  - { id: traffic_police, name: 交警大队 }
rules:
  illegal_parking: { classes: [car, truck, bus], zones: [no_parking], minDwellSec: 10, unit: traffic_police }
sampling: { everySec: 2 }
points:
  - id: D07
    name: 测试点位 D07
    category: main_road
    units: [traffic_police]
    source: { kind: file, path: ${path.basename(footage)}, start: "${startIso}" }
    zones:
      - { id: kerb, name: 路边禁停区, kind: no_parking, polygon: [[0.55, 0.5], [1, 0.5], [1, 1], [0.55, 1]] }
`;
}

beforeAll(async () => {
  const car = await compositePlate("samples/licenseplate_motion.jpg", await renderPlate("浙A·D1234", "blue", 160), 295, 255);
  const carJpeg = path.join(fixture.dir, "car.jpg");
  writeFileSync(carJpeg, car.jpeg);
  const footage = parkedCarFootage(fixture.dir, carJpeg);
  const configFile = path.join(fixture.dir, "kerbside.yaml");
  writeFileSync(configFile, configYaml(footage, new Date(Date.now() - 3_600_000).toISOString()));
  service = new KerbsideService({ deployment: loadDeployment(configFile), retentionSchedule: false });
  report = await service.runOnce();
}, 240_000);

afterAll(async () => {
  await service.close();
  fixture.cleanup();
});

const plateOf = (id: string) => service.plates.get(id)!;

describe("plate reading on a parking incident", () => {
  it("reads the parked car's plate from the archive at full resolution", () => {
    const point = report.points.find((p) => p.id === "D07")!;
    const incident = point.incidents.find((i) => i.zone === "kerb");
    expect(incident).toBeDefined();
    const stored = service.plates.get(incident!.id);
    expect(stored).toMatchObject({ status: "read", plate: "浙A·D1234", kind: "blue", reason: null });
    expect(stored!.votes).toBeGreaterThanOrEqual(3);
    expect(stored!.charConfidences).toHaveLength(7);
    expect(stored!.confidence).toBeGreaterThan(0.5);
  });

  it("records which frames were read, best first, with the figures they were chosen by", () => {
    const incident = report.points.find((p) => p.id === "D07")!.incidents.find((i) => i.zone === "kerb")!;
    const { frames, framesRead } = service.plates.get(incident.id)!;
    expect(frames).toHaveLength(framesRead);
    expect(frames.map((f) => f.rank)).toEqual(frames.map((_, i) => i));
    for (let i = 1; i < frames.length; i++) expect(frames[i]!.score).toBeLessThanOrEqual(frames[i - 1]!.score);
    // The detector found the car in the full-resolution frames (the photo is 600 px wide at 900,620 of 1536×1152).
    expect(frames[0]!.vehicleWidthPx).toBeGreaterThan(450);
    expect(frames[0]!.occlusion).toBeLessThan(0.25);
    expect(frames.filter((f) => f.plate === "浙A·D1234").length).toBeGreaterThanOrEqual(plateOf(incident.id).votes);
  });

  it("keeps the plate crop as hashed evidence", () => {
    const incident = report.points.find((p) => p.id === "D07")!.incidents.find((i) => i.zone === "kerb")!;
    const plate = service.incidents.get(incident.id)!.evidence.find((e) => e.kind === "plate");
    expect(plate).toBeDefined();
    const file = path.join(fixture.dir, "data", plate!.path);
    expect(createHash("sha256").update(readFileSync(file)).digest("hex")).toBe(plate!.sha256);
  });
});
