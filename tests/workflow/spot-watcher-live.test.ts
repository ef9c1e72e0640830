/**
 * The spot watcher fed with live frames, and restarted in the middle: real
 * SQLite, a real frame of the sample street (decoded by ffmpeg, at the
 * model's input size, as live detection hands it over) and the tracker's
 * observations of a bus parked in a bay. Live observations are judged like
 * archive ones; the before/after pair is drawn from the frames held in
 * memory. After a restart those frames are gone: the watcher closes the
 * case with a later frame of the same clear run and the incident's own
 * snapshot as "before", instead of waiting for ever.
 */
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WorkflowSchema } from "../../src/config/schema-workflow.js";
import type { Box, RgbFrame } from "../../src/detect/types.js";
import { IncidentBus } from "../../src/incidents/bus.js";
import { extractFrame } from "../../src/incidents/evidence-frame.js";
import { PublishingIncidentStore } from "../../src/incidents/publishing-store.js";
import { SqliteIncidentStore } from "../../src/incidents/sqlite-incident-store.js";
import type { Incident } from "../../src/incidents/types.js";
import type { FrameObservation, TrackedObject } from "../../src/rules/types.js";
import { adhocTarget } from "../../src/scan/adhoc-point.js";
import { openDatabase } from "../../src/store/database.js";
import { CaseService } from "../../src/workflow/case-service.js";
import { SqliteSpotObservationLog } from "../../src/workflow/spot-observations.js";
import { SpotWatcher } from "../../src/workflow/spot-watcher.js";
import { SqliteCaseStore } from "../../src/workflow/sqlite-case-store.js";
import { tempDir } from "../footage/helpers.js";
import { BAY } from "./bus-footage.js";

const START = Date.parse("2026-12-08T10:00:00+08:00");
const BUS: Box = { x1: 50, y1: 348, x2: 243, y2: 462 };
const ORGANISER = { name: "李主任", role: "organiser" as const };
const fixture = tempDir("spot-watcher-live");
let image: RgbFrame;

beforeAll(async () => {
  const png = await extractFrame(path.resolve("samples/vtest.avi"), 3);
  const { data, info } = await sharp(png).resize(512, 384, { fit: "fill" }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  image = { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
});
afterAll(() => fixture.cleanup());

function bus(atMs: number): TrackedObject {
  return { trackId: 1, label: "bus", box: BUS, score: 0.8, peakScore: 0.8, firstSeenMs: START, lastSeenMs: atMs, stationary: true, stationarySinceMs: START, misses: 0 };
}

function observation(atMs: number, present: boolean): FrameObservation {
  return { timeMs: atMs, frameWidth: 768, frameHeight: 576, tracks: present ? [bus(atMs)] : [] };
}

function setup(name: string) {
  const dir = path.join(fixture.dir, name);
  mkdirSync(dir, { recursive: true });
  const { deployment: base, point } = adhocTarget({
    zones: [`no_parking:${BAY.map(([x, y]) => `${x},${y}`).join(" ")}`], rules: ["illegal_parking"], minDwellSec: 20, everySec: 2,
    timeZone: "Asia/Shanghai", name: `bay ${name}`, id: name,
  });
  const deployment = { ...base, points: [point] };
  const db = openDatabase(path.join(dir, "kerbside.db"));
  const bus = new IncidentBus();
  const incidents = new PublishingIncidentStore(new SqliteIncidentStore(db), bus);
  const cases = new SqliteCaseStore(db);
  const clock = { now: START };
  const workflow = WorkflowSchema.parse({ verifyClearSec: 10 });
  const service = new CaseService({ cases, incidents, bus, deployment, workflow, now: () => clock.now });
  service.attach();
  const watcher = (): SpotWatcher =>
    new SpotWatcher({ cases, service, incidents, observations: new SqliteSpotObservationLog(db), deployment, workflow, evidence: { rootDir: dir, relativePaths: true } });
  const { incident } = incidents.recordEpisode({
    key: "illegal_parking:z1:1", pointId: point.id, rule: "illegal_parking", zoneId: point.zones[0]!.id, zoneKind: "no_parking", unit: "traffic_police",
    label: "bus", trackId: 1, startMs: START, thresholdMs: START + 20_000, lastSeenMs: START + 30_000, endMs: null, peakScore: 0.8,
    firstBox: BUS, thresholdBox: BUS, lastBox: BUS,
  });
  clock.now = START + 30_000;
  service.act(incident.id, { action: "dispatch", unit: "traffic_police", deadlineMs: START + 3_600_000 }, ORGANISER);
  const feed = (w: SpotWatcher, fromSec: number, toSec: number, present: boolean): void => {
    for (let s = fromSec; s <= toSec; s += 2) w.observeLive({ pointId: point.id, observation: observation(START + s * 1000, present), image });
  };
  return { dir, db, incidents, service, watcher, feed, id: incident.id };
}

function hashOk(dir: string, e: Incident["evidence"][number]): boolean {
  return createHash("sha256").update(readFileSync(path.join(dir, e.path))).digest("hex") === e.sha256;
}

describe("the spot watcher on live frames", () => {
  it("closes the case from live frames with the pair drawn from the frames it held", async () => {
    const s = setup("held");
    const w = s.watcher();
    s.feed(w, 32, 40, true);
    s.feed(w, 42, 54, false);
    await w.drain();
    expect(s.service.view(s.id).state).toBe("closed");
    const evidence = s.incidents.get(s.id)!.evidence;
    const before = evidence.find((e) => e.kind === "verify_before")!;
    const after = evidence.find((e) => e.kind === "verify_after")!;
    expect([before.atMs, after.atMs]).toEqual([START + 40_000, START + 52_000]);
    for (const e of [before, after]) {
      expect(hashOk(s.dir, e)).toBe(true);
      expect(await sharp(path.join(s.dir, e.path)).metadata()).toMatchObject({ width: 768, height: 576 });
    }
    await w.close();
    s.db.close();
  });

  it("after a restart uses a later frame of the same clear run and the incident's snapshot as before", async () => {
    const s = setup("restart");
    const first = s.watcher();
    s.feed(first, 32, 40, true);
    s.feed(first, 42, 50, false);
    await first.close();
    expect(s.service.view(s.id).state).toBe("dispatched");
    // The live threshold snapshot the incident carries (a real annotated-like JPEG file, hashed).
    const snapshot = path.join(s.dir, "snapshot.jpg");
    writeFileSync(snapshot, await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } }).jpeg().toBuffer());
    const digest = createHash("sha256").update(readFileSync(snapshot)).digest("hex");
    s.incidents.addEvidence(s.id, { kind: "snapshot_threshold", path: "snapshot.jpg", sha256: digest, bytes: readFileSync(snapshot).length, atMs: START + 20_000 });

    // The old process recorded the frame at 52 s (the clear run from 42 s reaches 10 s there) and died before judging it.
    new SqliteSpotObservationLog(s.db).add(s.id, { atMs: START + 52_000, box: null, path: "", offsetSec: 0, source: "live" });
    // The new process holds none of the earlier frames; 54 s is the first of the run it holds.
    const second = s.watcher();
    s.feed(second, 54, 56, false);
    await second.drain();
    expect(s.service.view(s.id).state).toBe("closed");
    const evidence = s.incidents.get(s.id)!.evidence;
    const after = evidence.filter((e) => e.kind === "verify_after");
    const before = evidence.filter((e) => e.kind === "verify_before");
    expect(after.map((e) => e.atMs)).toEqual([START + 54_000]);
    expect(before).toEqual([{ kind: "verify_before", path: "snapshot.jpg", sha256: digest, bytes: readFileSync(snapshot).length, atMs: START + 20_000 }]);
    expect(hashOk(s.dir, after[0]!)).toBe(true);
    await second.close();
    s.db.close();
  });
});
