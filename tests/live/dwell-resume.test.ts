/**
 * The restart hook of live detection (dwell-resume.ts) on a real SQLite
 * incident store: a new subject whose box matches an incident the previous
 * run left open continues it at its next sighting, dwell counted from the
 * incident's start and the blind time unseen; a subject elsewhere, an
 * incident of this run, one too old, or one already resumed are left alone
 * (their dwell counts from zero as before). A dwell still below its
 * threshold when the first run stopped (saved to the pending-dwell table) is
 * continued the same way when the restart took no longer than the tracker's
 * memory, and counted from zero again after a longer one.
 */
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Zone } from "../../src/config/schema.js";
import { SqliteIncidentStore } from "../../src/incidents/sqlite-incident-store.js";
import { resumeDwells } from "../../src/live/dwell-resume.js";
import { SqlitePendingDwellStore } from "../../src/live/pending-dwell-store.js";
import { EpisodeBook, type Presence } from "../../src/rules/episode-book.js";
import type { Episode, EpisodeEvent } from "../../src/rules/types.js";
import { openDatabase, type Db } from "../../src/store/database.js";
import { memoryLogger, tempDir } from "../footage/helpers.js";

const T0 = Date.parse("2026-12-08T08:00:00+08:00");
const kerb: Zone = { id: "kerb", kind: "no_parking", polygon: [[0, 0], [1, 0], [1, 1]] };
const VAN = { x1: 650, y1: 45, x2: 720, y2: 100 };
const DWELL_MS = 60_000;

let tmp: ReturnType<typeof tempDir>;
let db: Db;
let store: SqliteIncidentStore;
let pending: SqlitePendingDwellStore;

beforeEach(() => {
  tmp = tempDir("dwell-resume");
  db = openDatabase(path.join(tmp.dir, "kerbside.db"));
  store = new SqliteIncidentStore(db);
  pending = new SqlitePendingDwellStore(db);
});
afterEach(() => {
  store.close();
  db.close();
  tmp.cleanup();
});

/** The incident the first run left open: the van from T0, threshold T0+60 s, last seen T0+100 s. */
function leftOpen(overrides: Partial<Episode> = {}): string {
  const episode: Episode = {
    key: "k", pointId: "L01", rule: "illegal_parking", zoneId: "kerb", zoneKind: "no_parking", unit: "tp", label: "truck", trackId: 1,
    startMs: T0, thresholdMs: T0 + DWELL_MS, lastSeenMs: T0 + 100_000, endMs: null, peakScore: 0.8, firstBox: VAN, thresholdBox: VAN, lastBox: VAN,
    ...overrides,
  };
  return store.recordEpisode(episode).incident.id;
}

function run(startedMs: number, withinMs?: number, restSinceMs = startedMs + 10_000) {
  const { log, lines } = memoryLogger();
  const resume = resumeDwells({ store, pending, pointId: "L01", startedMs, toStream: (b) => b, withinMs, log });
  const book = new EpisodeBook("L01", resume);
  const see = (t: number, box = VAN, id = 7): EpisodeEvent[] => {
    // By default the subject came to rest 10 s into the new run (its first stationary sighting).
    const presence: Presence = { zone: kerb, dwellStartMs: restSinceMs, subject: { ref: `t${id}`, id, label: "truck", box, seen: true, lastSeenMs: t, stationarySinceMs: restSinceMs, peakScore: 0.7 } };
    return book.step({ rule: "illegal_parking", unit: "tp", timeMs: t, minDwellMs: DWELL_MS }, [presence]);
  };
  const save = () => pending.replace("L01", book.pending());
  return { see, save, book, lines };
}

describe("live dwell carried over a restart", () => {
  it("continues the incident left open at the first sighting, with its start, and the blind time unseen", () => {
    const id = leftOpen();
    const second = run(T0 + 130_000);
    const [opened] = second.see(T0 + 140_000);
    expect(opened?.type).toBe("opened");
    expect(opened!.episode).toMatchObject({ startMs: T0, unseen: [{ fromMs: T0 + 100_000, toMs: T0 + 140_000 }] });
    const { incident, created } = store.recordEpisode(opened!.episode);
    expect(created).toBe(false);
    expect(incident).toMatchObject({ id, startMs: T0, thresholdMs: T0 + DWELL_MS, lastSeenMs: T0 + 140_000, endMs: null });
    expect(incident.unseenSec).toBe(40);
    expect(second.see(T0 + 142_000).map((e) => e.type)).toEqual(["updated"]);
    expect(second.lines.some((l) => l.includes("live dwell resumed"))).toBe(true);
  });

  it("leaves alone a subject elsewhere, an incident seen by this run, one too old, and one already resumed", () => {
    leftOpen();
    const elsewhere = run(T0 + 130_000);
    expect([...elsewhere.see(T0 + 140_000, { x1: 100, y1: 300, x2: 200, y2: 380 }), ...elsewhere.see(T0 + 142_000, { x1: 100, y1: 300, x2: 200, y2: 380 })]).toEqual([]);
    // This run's own incident (last seen after it started) is the tracker's business, not a restart's.
    const sameRun = run(T0 + 90_000);
    expect([...sameRun.see(T0 + 100_000), ...sameRun.see(T0 + 102_000)]).toEqual([]);
    const tooLate = run(T0 + 130_000, 20_000);
    expect([...tooLate.see(T0 + 140_000), ...tooLate.see(T0 + 142_000)]).toEqual([]);
    // One subject resumes it; a second one, in the same run, counts its own dwell.
    const once = run(T0 + 130_000);
    expect(once.see(T0 + 140_000).map((e) => e.type)).toEqual(["opened"]);
    expect(once.see(T0 + 144_000, VAN, 8).filter((e) => e.type === "opened")).toEqual([]);
  });

  it("continues a dwell still below its threshold at the restart, and counts it again after a restart longer than the tracker's memory", () => {
    const first = run(T0 - 5_000, undefined, T0);
    for (const t of [T0, T0 + 10_000, T0 + 30_000]) expect(first.see(t)).toEqual([]);
    first.save();
    expect(pending.list("L01")).toEqual([{ rule: "illegal_parking", zoneId: "kerb", startMs: T0, lastSeenMs: T0 + 30_000, box: VAN }]);
    // Back 15 s later: the van at rest since the new run's first sighting, but its dwell counts from T0.
    const second = run(T0 + 40_000, undefined, T0 + 45_000);
    expect(second.see(T0 + 45_000)).toEqual([]);
    const [opened] = second.see(T0 + 60_000);
    expect(opened?.type).toBe("opened");
    expect(opened!.episode).toMatchObject({ startMs: T0, thresholdMs: T0 + 60_000, unseen: [{ fromMs: T0 + 30_000, toMs: T0 + 45_000 }] });
    expect(second.book.pending()).toEqual([]);
    expect(second.lines.some((l) => l.includes("live dwell resumed from a dwell under way"))).toBe(true);
    // Back 61 s after the last sighting: beyond what the tracker would have kept, a new dwell from zero.
    const late = run(T0 + 80_000, undefined, T0 + 91_000);
    expect([...late.see(T0 + 91_000), ...late.see(T0 + 120_000)]).toEqual([]);
    expect(late.book.pending()).toMatchObject([{ startMs: T0 + 91_000 }]);
  });
});
