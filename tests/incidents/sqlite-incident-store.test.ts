import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { INCIDENT_MIGRATIONS, SqliteIncidentStore } from "../../src/incidents/sqlite-incident-store.js";
import { migrate, openDatabase } from "../../src/store/database.js";
import { describeIncidentStoreContract, episode, vanScanEvents } from "./incident-store.contract.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "kerbside-incidents-"));
let n = 0;
const nextFile = (): string => path.join(dir, `store-${++n}.db`);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeIncidentStoreContract("sqlite (file, WAL)", () => SqliteIncidentStore.open(nextFile()));

describe("SqliteIncidentStore specifics", () => {
  it("persists incidents and evidence across reopen, in WAL mode", () => {
    const file = nextFile();
    const first = SqliteIncidentStore.open(file);
    const events = vanScanEvents();
    events.forEach((e) => first.recordEpisode(e));
    const id = first.list()[0]!.id;
    first.addEvidence(id, { kind: "clip", path: "clips/a.mp4", sha256: "00".repeat(32), bytes: 4096, atMs: events[0]!.startMs });
    const expected = first.get(id);
    first.close();

    const db = openDatabase(file);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.prepare("SELECT id FROM migrations WHERE id LIKE 'incidents-%'").all()).toEqual([{ id: "incidents-001" }, { id: "incidents-002-observed" }]);
    const second = new SqliteIncidentStore(db);
    expect(second.get(id)).toEqual(expected);
    second.close();
    db.close();
  });

  it("migrates incidents stored before watched time was kept: their whole span counts as watched", () => {
    const db = openDatabase(nextFile());
    migrate(db, INCIDENT_MIGRATIONS.slice(0, 1));
    db.prepare(
      `INSERT INTO incidents (id, point_id, rule, zone_id, zone_kind, unit, label, start_ms, threshold_ms, last_seen_ms, end_ms, duration_sec,
        peak_score, box_x1, box_y1, box_x2, box_y2, created_at, updated_at)
       VALUES ('old-1', 'P01', 'illegal_parking', 'kerb', 'no_parking', 'u', 'car', 1000, 301000, 401000, 401000, 400, 0.7, 1, 2, 3, 4, 'x', 'x')`,
    ).run();
    const store = new SqliteIncidentStore(db);
    expect(store.get("old-1")).toMatchObject({ durationSec: 400, observedSec: 400, unseenSec: 0, observed: [{ fromMs: 1000, toMs: 401000 }], unseen: [] });
    expect(db.prepare("SELECT observed_sec, unseen_sec FROM incidents").get()).toEqual({ observed_sec: 400, unseen_sec: 0 });
    store.close();
    db.close();
  });

  it("shares a database with other modules' tables and leaves closing it to the owner", () => {
    const db = openDatabase(nextFile());
    migrate(db, [{ id: "segments-001", sql: "CREATE TABLE scan_segments (id TEXT PRIMARY KEY)" }]);
    const store = new SqliteIncidentStore(db);
    store.recordEpisode(episode());
    store.close();
    expect(db.open).toBe(true);
    expect(db.prepare("SELECT count(*) AS n FROM incidents").get()).toEqual({ n: 1 });
    db.close();
  });

  it("stamps createdAt once and updatedAt on change, from the injected clock", () => {
    let now = Date.parse("2026-11-23T05:00:00Z");
    const store = SqliteIncidentStore.open(nextFile(), { now: () => new Date(now) });
    const created = store.recordEpisode(episode()).incident;
    now += 60_000;
    const same = store.recordEpisode(episode()).incident;
    now += 60_000;
    const later = store.recordEpisode(episode({ lastSeenMs: episode().lastSeenMs + 10_000 })).incident;
    expect([created.createdAt, created.updatedAt]).toEqual(["2026-11-23T05:00:00.000Z", "2026-11-23T05:00:00.000Z"]);
    expect(same.updatedAt).toBe("2026-11-23T05:00:00.000Z");
    expect([later.createdAt, later.updatedAt]).toEqual(["2026-11-23T05:00:00.000Z", "2026-11-23T05:02:00.000Z"]);
    store.close();
  });
});
