/**
 * The closed loop on a live camera, through the real service: a live replay
 * (kind: file, live: true) of the sample street with the bus photo parked in
 * a no-parking bay for its first 60 s, then gone. The live incident is
 * dispatched while the bus is there; live frames then verify and close the
 * case with a before/after pair. The camera's segments are 5 min long (cut
 * on the wall clock's 5-minute marks), so when the case closes no segment
 * holding its "after" moment exists yet, let alone was scanned: the live
 * frames closed it, whichever way a scan of an earlier segment went.
 * Afterwards the recording of the same minutes is scanned: it changes
 * nothing (no second verification, no new evidence, no observations for the
 * closed case).
 */
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDeployment } from "../../src/config/load.js";
import type { Incident } from "../../src/incidents/types.js";
import { KerbsideService } from "../../src/service/kerbside-service.js";
import { tempDir, waitFor } from "../footage/helpers.js";
import { BAY, busClip } from "./bus-footage.js";

const ORGANISER = { name: "李主任", role: "organiser" as const };
const BUS_LEAVES_SEC = 60;
const fixture = tempDir("closed-loop-live");
let clip = "";

beforeAll(() => {
  clip = busClip(path.join(fixture.dir, "camera.mp4"), { seconds: 120, busFromSec: 0, busToSec: BUS_LEAVES_SEC });
}, 120_000);
afterAll(() => fixture.cleanup());

function config(dir: string): string {
  const file = path.join(dir, "kerbside.yaml");
  writeFileSync(
    file,
    `
name: live closed loop
timezone: Asia/Shanghai
storageDir: ./data
detector: { threads: 1 }
units:
  - { id: traffic_police, name: 交警大队 }
rules:
  illegal_parking: { classes: [car, bus, truck], zones: [no_parking], minDwellSec: 6, unit: traffic_police }
sampling: { everySec: 2 }
workflow:
  verifyClearSec: 10
  rules: { illegal_parking: { auto: [] } }
points:
  - id: L01
    name: 公交港湾 live
    category: main_road
    units: [traffic_police]
    source: { kind: file, path: ${clip}, live: true, loop: true, segmentSec: 300 }
    zones:
      - { id: bay, kind: no_parking, polygon: ${JSON.stringify(BAY)} }
`,
  );
  return file;
}

interface ObservationRow {
  at_ms: number;
  present: number;
  source: string;
}

function observations(databaseFile: string, incidentId: string): ObservationRow[] {
  const db = new Database(databaseFile, { readonly: true });
  try {
    return db.prepare("SELECT at_ms, present, source FROM spot_observations WHERE incident_id = ? ORDER BY at_ms").all(incidentId) as ObservationRow[];
  } finally {
    db.close();
  }
}

describe("closed loop on a live camera", () => {
  it("closes a dispatched case from live frames before a segment holds its after-frame; the later scan of those minutes adds nothing", async () => {
    const dir = fixture.dir;
    const deployment = loadDeployment(config(dir));
    const service = new KerbsideService({ deployment, sweepMs: 0, retentionSchedule: false });
    const created: Incident[] = [];
    service.bus.on("incident.created", (incident) => void created.push(incident));
    let id = "";
    let dispatchedMs = 0;
    let startedMs = 0;
    let segmentsAtClose: { startMs: number; endMs: number }[] = [];
    try {
      startedMs = Date.now();
      service.start();
      const incident = await waitFor(() => created.find((i) => i.label === "bus"), 120_000, "the live bus incident");
      id = incident.id;
      dispatchedMs = Date.now();
      // The premise: the bus is still in the bay (it leaves 60 s into the replay).
      expect(dispatchedMs - startedMs).toBeLessThan(BUS_LEAVES_SEC * 1000 - 8_000);
      service.loop.service.act(id, { action: "dispatch", unit: "traffic_police", deadlineMs: dispatchedMs + 3_600_000 }, ORGANISER);

      await waitFor(() => service.loop.service.view(id).state === "closed", 150_000, "the case closed by the live frames");
      segmentsAtClose = service.footage.store.list({ pointId: "L01" });
    } finally {
      await service.close();
    }

    const reopened = new KerbsideService({ deployment, sweepMs: 0, retentionSchedule: false });
    try {
      const history = reopened.loop.service.history(id);
      const verify = history.at(-1);
      expect(history.map((e) => e.action)).toEqual(["dispatch", "verify"]);
      expect(verify).toMatchObject({ action: "verify", role: "system", from: "dispatched", to: "closed" });
      const seen = observations(reopened.databaseFile, id);
      const live = seen.filter((o) => o.source === "live");
      expect(seen.every((o) => o.at_ms > dispatchedMs)).toBe(true);
      // Dispatched while present: the first live frames after the dispatch show the bus, the last ones the empty bay.
      expect(live[0]?.present).toBe(1);
      expect(live.at(-1)?.present).toBe(0);

      const evidence = reopened.incidents.get(id)!.evidence;
      const before = evidence.filter((e) => e.kind === "verify_before");
      const after = evidence.filter((e) => e.kind === "verify_after");
      expect([before.length, after.length]).toEqual([1, 1]);
      expect(verify?.details.evidence).toEqual([before[0]!.path, after[0]!.path]);
      const lastPresent = seen.filter((o) => o.present === 1).at(-1)!;
      expect(before[0]!.atMs).toBe(lastPresent.at_ms);
      expect(after[0]!.atMs - (verify!.details.clearFromMs as number)).toBeGreaterThanOrEqual(10_000);
      expect(seen.find((o) => o.at_ms === after[0]!.atMs)).toMatchObject({ present: 0, source: "live" });
      // Closed by the live frames: no recorded segment held the "after" moment when the case closed.
      for (const segment of segmentsAtClose) expect(segment.endMs).toBeLessThan(after[0]!.atMs);
      for (const e of [before[0]!, after[0]!]) {
        const bytes = readFileSync(path.join(deployment.storageDir, e.path));
        expect(createHash("sha256").update(bytes).digest("hex")).toBe(e.sha256);
        // Drawn from the live frame, at the recorded stream's size.
        expect(await sharp(bytes).metadata()).toMatchObject({ format: "jpeg", width: 768, height: 576 });
      }

      // The recording of the same minutes (finalised at close) is scanned now: the closed case is not judged again.
      const report = await reopened.runOnce();
      expect(report.points[0]!.frames).toBeGreaterThan(0);
      // (The recording stops a moment after the after-frame, so it may end just short of it.)
      const watched = reopened.footage.store.list({ pointId: "L01" }).filter((s) => s.startMs < after[0]!.atMs && s.endMs > dispatchedMs + 5_000);
      expect(watched.length).toBeGreaterThanOrEqual(1);
      expect(report.points[0]!.segments.scanned).toBeGreaterThanOrEqual(1);
      expect(report.points[0]!.segments.unscanned).toBe(0);
      expect(reopened.loop.service.history(id)).toEqual(history);
      expect(reopened.incidents.get(id)!.evidence.filter((e) => e.kind.startsWith("verify_"))).toHaveLength(2);
      expect(observations(reopened.databaseFile, id)).toEqual(seen);
    } finally {
      await reopened.close();
    }
  }, 420_000);
});
