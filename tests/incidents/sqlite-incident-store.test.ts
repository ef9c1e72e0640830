import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SqliteIncidentStore } from "../../src/incidents/sqlite-incident-store.js";
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
    expect(db.prepare("SELECT id FROM migrations WHERE id LIKE 'incidents-%'").all()).toEqual([{ id: "incidents-001" }]);
    const second = new SqliteIncidentStore(db);
    expect(second.get(id)).toEqual(expected);
    second.close();
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
