/**
 * The closed loop on real footage, with the real detector, tracker, rules,
 * SQLite and ffmpeg evidence: a bus parks in a no-parking bay, is dispatched
 * while it is there, then leaves; the footage (arriving out of order, as an
 * NVR backfill would) verifies and closes the case with a before/after pair.
 * A second bus stays past its deadline: the case ends overdue, not closed.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WorkflowSchema } from "../../src/config/schema-workflow.js";
import type { PointConfig } from "../../src/config/schema.js";
import { readImage } from "../../src/detect/image.js";
import type { Detection, Detector } from "../../src/detect/types.js";
import { createWorkerDetector } from "../../src/detect/worker-detector.js";
import { IncidentBus } from "../../src/incidents/bus.js";
import { extractFrame } from "../../src/incidents/evidence-frame.js";
import { PublishingIncidentStore } from "../../src/incidents/publishing-store.js";
import { SqliteIncidentStore } from "../../src/incidents/sqlite-incident-store.js";
import type { Evidence, IncidentEvents } from "../../src/incidents/types.js";
import { adhocTarget } from "../../src/scan/adhoc-point.js";
import { ScanJob } from "../../src/scan/scan-job.js";
import { ScanProgressStore } from "../../src/scan/scan-progress.js";
import { openDatabase, type Db } from "../../src/store/database.js";
import { boxesMatch } from "../../src/incidents/incident-store.js";
import { pointInPolygon } from "../../src/rules/zones.js";
import { CaseService } from "../../src/workflow/case-service.js";
import { SqliteSpotObservationLog } from "../../src/workflow/spot-observations.js";
import { SpotWatcher } from "../../src/workflow/spot-watcher.js";
import { SqliteCaseStore } from "../../src/workflow/sqlite-case-store.js";
import { tempDir } from "../footage/helpers.js";
import { BAY, SEGMENT_SEC, busFootage } from "./bus-footage.js";

const START = Date.parse("2026-12-08T10:00:00+08:00");
const ORGANISER = { name: "李主任", role: "organiser" as const };
const VEHICLES = ["car", "bus", "truck"];
const fixture = tempDir("closed-loop");
let detector: Detector;
let leaves: string[] = [];
let stays: string[] = [];

beforeAll(async () => {
  leaves = busFootage(fixture.dir, "leaves", { seconds: 3 * SEGMENT_SEC, busFromSec: 0, busToSec: 90 });
  stays = busFootage(fixture.dir, "stays", { seconds: 2 * SEGMENT_SEC, busFromSec: 0, busToSec: 2 * SEGMENT_SEC });
  detector = await createWorkerDetector({ threads: 1 });
}, 240_000);
afterAll(async () => {
  await detector?.close();
  fixture.cleanup();
});

interface Loop {
  db: Db;
  point: PointConfig;
  incidents: PublishingIncidentStore;
  service: CaseService;
  watcher: SpotWatcher;
  clock: { now: number };
  events: IncidentEvents["case.updated"][];
  scan: (segment: number, files: string[]) => Promise<void>;
}

function loop(name: string): Loop {
  const dir = path.join(fixture.dir, name);
  const { deployment: base, point } = adhocTarget({
    zones: [`no_parking:${BAY.map(([x, y]) => `${x},${y}`).join(" ")}`], rules: ["illegal_parking"], minDwellSec: 20, everySec: 4,
    timeZone: "Asia/Shanghai", name: `bus bay ${name}`, id: name,
  });
  const deployment = { ...base, points: [point] };
  const db = openDatabase(path.join(dir, "kerbside.db"));
  const bus = new IncidentBus();
  const incidents = new PublishingIncidentStore(new SqliteIncidentStore(db), bus);
  const cases = new SqliteCaseStore(db);
  const clock = { now: START };
  const workflow = WorkflowSchema.parse({});
  const service = new CaseService({ cases, incidents, bus, deployment, workflow, now: () => clock.now });
  service.attach();
  const watcher = new SpotWatcher({
    cases, service, incidents, observations: new SqliteSpotObservationLog(db), deployment, workflow, evidence: { rootDir: dir, relativePaths: true },
  });
  const events: IncidentEvents["case.updated"][] = [];
  bus.on("case.updated", (e) => void events.push(e));
  const progress = new ScanProgressStore(db);
  const scan = async (segment: number, files: string[]): Promise<void> => {
    const job = new ScanJob({
      deployment, point, detector, store: incidents, progress, evidence: { rootDir: dir, relativePaths: true },
      segments: [{ path: files[segment] as string, startMs: START + segment * SEGMENT_SEC * 1000 }],
      observeFrame: (frame) => {
        // A live camera: the clock follows the footage.
        clock.now = Math.max(clock.now, frame.observation.timeMs);
        watcher.observe(frame);
      },
    });
    await job.run();
    await watcher.drain();
  };
  return { db, point, incidents, service, watcher, clock, events, scan };
}

async function vehiclesInBay(file: string): Promise<Detection[]> {
  const image = await readImage(file);
  const found = await detector.detect(image, { classes: VEHICLES });
  return found.filter((d) => pointInPolygon((d.box.x1 + d.box.x2) / 2 / image.width, d.box.y2 / image.height, BAY));
}

/** The unannotated frame the footage shows at `atMs`, as a PNG file. */
async function rawFrame(files: string[], atMs: number): Promise<string> {
  const sec = (atMs - START) / 1000;
  const segment = Math.floor(sec / SEGMENT_SEC);
  const file = path.join(fixture.dir, `raw-${path.basename(files[segment] as string)}-${atMs}.png`);
  writeFileSync(file, await extractFrame(files[segment] as string, sec - segment * SEGMENT_SEC));
  return file;
}

function hashOk(root: string, e: Evidence): boolean {
  return createHash("sha256").update(readFileSync(path.join(root, e.path))).digest("hex") === e.sha256;
}

describe("closed loop on real footage", () => {
  it("closes the case itself once the footage shows the bay clear, with a before/after pair", async () => {
    const l = loop("leaves");
    await l.scan(0, leaves);
    const [incident] = l.incidents.list({ pointId: l.point.id });
    expect(incident).toMatchObject({ rule: "illegal_parking", label: "bus" });
    expect(l.service.view(incident!.id).state).toBe("new");

    // Dispatched while the bus is still there (60 s in).
    l.clock.now = START + 60_000;
    expect(incident!.lastSeenMs).toBeGreaterThan(l.clock.now);
    l.service.act(incident!.id, { action: "dispatch", unit: "traffic_police", deadlineMs: START + 30 * 60_000 }, ORGANISER);

    // The last segment arrives first: 80 s of clear bay is not yet 120 s.
    await l.scan(2, leaves);
    expect(l.service.view(incident!.id).state).toBe("dispatched");
    // Then the middle one: the bus leaves at 90 s; with the later footage, clear from ~92 s to 240 s.
    await l.scan(1, leaves);
    const closed = l.service.view(incident!.id);
    expect(closed).toMatchObject({ state: "closed", stateLabel: "已结案", overdue: false });
    const last = l.service.history(incident!.id).at(-1);
    expect(last).toMatchObject({ action: "verify", actor: "kerbside", role: "system", from: "dispatched", to: "closed" });
    expect(last?.note).toMatch(/clear for \d+ s/);
    expect(l.events.map((e) => e.entry.action)).toEqual(["dispatch", "verify"]);

    const root = path.join(fixture.dir, "leaves");
    const evidence = l.incidents.get(incident!.id)!.evidence;
    const before = evidence.find((e) => e.kind === "verify_before");
    const after = evidence.find((e) => e.kind === "verify_after");
    expect(before && after).toBeTruthy();
    expect(after!.atMs - (last!.details.clearFromMs as number)).toBeGreaterThanOrEqual(120_000);
    expect(after!.atMs).toBeGreaterThan(START + 90_000);
    expect(before!.atMs).toBeLessThan(START + 90_000);
    expect(hashOk(root, before!) && hashOk(root, after!)).toBe(true);
    expect(last?.details.evidence).toEqual([before!.path, after!.path]);
    // The footage at the before moment shows the bus in the bay; at the after moment the bay is empty.
    // (Checked on the raw frames: the annotation's tint and box outline would hide the bus from the detector anyway.)
    const busBefore = await vehiclesInBay(await rawFrame(leaves, before!.atMs));
    expect(busBefore.some((d) => d.label === "bus" && boxesMatch(d.box, incident!.box))).toBe(true);
    expect(await vehiclesInBay(await rawFrame(leaves, after!.atMs))).toEqual([]);
    l.db.close();
  }, 300_000);

  it("leaves a case whose bus stays past the deadline open and overdue, with the latest frame as proof", async () => {
    const l = loop("stays");
    await l.scan(0, stays);
    const [incident] = l.incidents.list({ pointId: l.point.id });
    expect(incident?.label).toBe("bus");
    l.clock.now = START + 60_000;
    const deadlineMs = START + 120_000;
    l.service.act(incident!.id, { action: "dispatch", unit: "traffic_police", deadlineMs }, ORGANISER);
    await l.scan(1, stays);

    const view = l.service.view(incident!.id);
    expect(view).toMatchObject({ state: "dispatched", overdue: true });
    expect(view.overdueAtMs).not.toBeNull();
    const last = l.service.history(incident!.id).at(-1);
    expect(last).toMatchObject({ action: "verify", role: "system", to: "dispatched", details: { result: "fail", overdue: true } });
    const proof = l.incidents.get(incident!.id)!.evidence.filter((e) => e.kind === "verify_fail");
    expect(proof).toHaveLength(1);
    expect(proof[0]!.atMs).toBeGreaterThanOrEqual(deadlineMs);
    const root = path.join(fixture.dir, "stays");
    expect(hashOk(root, proof[0]!)).toBe(true);
    expect((await vehiclesInBay(await rawFrame(stays, proof[0]!.atMs))).some((d) => d.label === "bus")).toBe(true);
    expect(l.incidents.get(incident!.id)!.evidence.some((e) => e.kind === "verify_after")).toBe(false);
    l.db.close();
  }, 300_000);
});
