/**
 * The conformance suite every IncidentStore backend must pass. A backend's
 * test file calls describeIncidentStoreContract with a factory that returns a
 * fresh, empty store.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { Box } from "../../src/detect/types.js";
import { isKerbsideError } from "../../src/errors.js";
import type { IncidentStore, RecordResult } from "../../src/incidents/types.js";
import type { Episode } from "../../src/rules/types.js";

export const T0 = Date.parse("2026-11-23T04:00:00Z"); // 12:00 in Shanghai
export const VAN: Box = { x1: 652, y1: 45, x2: 722, y2: 100 };

export function episode(overrides: Partial<Episode> = {}): Episode {
  const base: Episode = {
    key: "illegal_parking:kerb:3",
    pointId: "P01",
    rule: "illegal_parking",
    zoneId: "kerb",
    zoneKind: "no_parking",
    unit: "jiaojing-1",
    label: "car",
    trackId: 3,
    startMs: T0,
    thresholdMs: T0 + 300_000,
    lastSeenMs: T0 + 300_000,
    endMs: null,
    peakScore: 0.71,
    firstBox: VAN,
    thresholdBox: VAN,
    lastBox: VAN,
  };
  return { ...base, ...overrides };
}

/** The events one scan produces for a van parked from T0 to T0+10 min, seen every 10 s. */
export function vanScanEvents(shift: Partial<Episode> = {}): Episode[] {
  const out: Episode[] = [];
  for (let seen = T0 + 300_000; seen <= T0 + 600_000; seen += 10_000) {
    const jitter = ((seen / 10_000) % 3) - 1;
    const box = { x1: VAN.x1 + jitter, y1: VAN.y1, x2: VAN.x2 + jitter, y2: VAN.y2 };
    out.push(episode({ lastSeenMs: seen, lastBox: box, peakScore: 0.6 + ((seen / 10_000) % 7) / 20, ...shift }));
  }
  const last = out.at(-1)!;
  out.push({ ...last, endMs: last.lastSeenMs });
  return out;
}

export function describeIncidentStoreContract(name: string, makeStore: () => IncidentStore): void {
  describe(`IncidentStore contract: ${name}`, () => {
    const stores: IncidentStore[] = [];
    const fresh = (): IncidentStore => {
      const s = makeStore();
      stores.push(s);
      return s;
    };
    afterEach(() => {
      for (const s of stores.splice(0)) s.close();
    });

    it("creates an incident from an opened episode", () => {
      const store = fresh();
      const r = store.recordEpisode(episode());
      expect(r.created).toBe(true);
      expect(r.incident).toMatchObject({
        pointId: "P01",
        rule: "illegal_parking",
        zoneId: "kerb",
        zoneKind: "no_parking",
        unit: "jiaojing-1",
        label: "car",
        startMs: T0,
        thresholdMs: T0 + 300_000,
        lastSeenMs: T0 + 300_000,
        endMs: null,
        durationSec: 300,
        peakScore: 0.71,
        box: VAN,
        evidence: [],
      });
      expect(r.incident.id).toMatch(/^P01-20261123040000-illegal_parking-\d+$/);
      expect(store.get(r.incident.id)).toEqual(r.incident);
      expect(store.get("nope")).toBeUndefined();
    });

    it("keeps one incident through an episode's updates and close", () => {
      const store = fresh();
      const results = vanScanEvents().map((e) => store.recordEpisode(e));
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.incident.id)).size).toBe(1);
      const final = results.at(-1)!.incident;
      expect(final).toMatchObject({ startMs: T0, lastSeenMs: T0 + 600_000, endMs: T0 + 600_000, durationSec: 600 });
      expect(final.peakScore).toBeCloseTo(Math.max(...vanScanEvents().map((e) => e.peakScore)), 9);
      expect(store.list()).toHaveLength(1);
    });

    it("does not duplicate or change anything when the same footage is scanned again", () => {
      const store = fresh();
      vanScanEvents().forEach((e) => store.recordEpisode(e));
      const before = store.list();
      const again: RecordResult[] = vanScanEvents({ trackId: 8, key: "illegal_parking:kerb:8" }).map((e) => store.recordEpisode(e));
      expect(again.every((r) => !r.created)).toBe(true);
      expect(again.every((r) => r.changed === false)).toBe(true);
      const after = store.list();
      expect(after).toHaveLength(1);
      expect({ ...after[0], updatedAt: "" }).toEqual({ ...before[0], updatedAt: "" });
    });

    it("merges the episode a resumed scan starts into the incident the crashed scan left open", () => {
      const store = fresh();
      // The crashed scan saw the van until T0+7 min and never closed it.
      vanScanEvents()
        .filter((e) => e.endMs === null && e.lastSeenMs <= T0 + 420_000)
        .forEach((e) => store.recordEpisode(e));
      expect(store.list({ openOnly: true })).toHaveLength(1);
      // After the resume the tracker starts fresh: a new episode from T0+7.5 min, opened 5 min later.
      const resumed = { key: "illegal_parking:kerb:1", trackId: 1, startMs: T0 + 450_000, firstBox: VAN };
      store.recordEpisode(episode({ ...resumed, thresholdMs: T0 + 750_000, lastSeenMs: T0 + 750_000 }));
      const r = store.recordEpisode(episode({ ...resumed, thresholdMs: T0 + 750_000, lastSeenMs: T0 + 900_000, endMs: T0 + 900_000 }));
      expect(r.created).toBe(false);
      expect(store.list()).toHaveLength(1);
      expect(r.incident).toMatchObject({ startMs: T0, thresholdMs: T0 + 300_000, lastSeenMs: T0 + 900_000, endMs: T0 + 900_000, durationSec: 900 });
    });

    it("keeps a later-seen open incident open when an earlier segment is re-scanned", () => {
      const store = fresh();
      store.recordEpisode(episode({ lastSeenMs: T0 + 900_000 }));
      const r = store.recordEpisode(episode({ lastSeenMs: T0 + 400_000, endMs: T0 + 400_000 }));
      expect(r.incident).toMatchObject({ endMs: null, lastSeenMs: T0 + 900_000 });
      const tie = store.recordEpisode(episode({ lastSeenMs: T0 + 900_000, endMs: T0 + 900_000 }));
      expect(tie.incident.endMs).toBe(T0 + 900_000);
      const reopened = store.recordEpisode(episode({ lastSeenMs: T0 + 900_000 }));
      expect(reopened.incident.endMs).toBe(T0 + 900_000);
    });

    it("keeps different points, rules, zones, places and distant times apart", () => {
      const store = fresh();
      store.recordEpisode(episode());
      const variants: Partial<Episode>[] = [
        { pointId: "P02" },
        { rule: "sidewalk_parking", zoneId: "kerb" },
        { zoneId: "kerb-2" },
        { firstBox: { x1: 100, y1: 300, x2: 220, y2: 390 }, thresholdBox: { x1: 100, y1: 300, x2: 220, y2: 390 }, lastBox: { x1: 100, y1: 300, x2: 220, y2: 390 } },
        { startMs: T0 + 3_600_000, thresholdMs: T0 + 3_900_000, lastSeenMs: T0 + 3_900_000 },
      ];
      for (const v of variants) expect(store.recordEpisode(episode(v)).created).toBe(true);
      expect(store.list()).toHaveLength(6);
    });

    it("merges across a short departure within mergeGapMs, and honours a custom gap", () => {
      const store = fresh();
      store.recordEpisode(episode({ endMs: T0 + 300_000 }));
      const soon = { startMs: T0 + 600_000, thresholdMs: T0 + 900_000, lastSeenMs: T0 + 900_000 };
      expect(store.recordEpisode(episode(soon)).created).toBe(false);
      const other = fresh();
      other.recordEpisode(episode({ endMs: T0 + 300_000 }));
      expect(other.recordEpisode(episode(soon), { mergeGapMs: 60_000 }).created).toBe(true);
    });

    it("keeps one incident across a camera outage, storing the watched time and the unseen gap apart", () => {
      const store = fresh();
      const before = store.recordEpisode(episode({ endMs: T0 + 300_000 })).incident;
      expect(before).toMatchObject({ durationSec: 300, observedSec: 300, unseenSec: 0, unseen: [], observed: [{ fromMs: T0, toMs: T0 + 300_000 }] });
      // 34 s with no footage, then the same van again, a new episode (the tracker started afresh).
      const after = { key: "illegal_parking:kerb:9", trackId: 9, startMs: T0 + 334_000, thresholdMs: T0 + 634_000, lastSeenMs: T0 + 700_000 };
      const r = store.recordEpisode(episode(after));
      expect(r.created).toBe(false);
      expect(r.incident.id).toBe(before.id);
      expect(r.incident).toMatchObject({
        startMs: T0,
        lastSeenMs: T0 + 700_000,
        durationSec: 700,
        observedSec: 666,
        unseenSec: 34,
        observed: [{ fromMs: T0, toMs: T0 + 300_000 }, { fromMs: T0 + 334_000, toMs: T0 + 700_000 }],
        unseen: [{ fromMs: T0 + 300_000, toMs: T0 + 334_000 }],
      });
      expect(store.get(before.id)).toEqual(r.incident);
      // Re-scanning the same footage changes nothing.
      expect(store.recordEpisode(episode(after)).changed).toBe(false);
    });

    it("turns unseen time into watched time when footage of the gap is scanned later (an NVR backfill)", () => {
      const store = fresh();
      store.recordEpisode(episode({ endMs: T0 + 300_000 }));
      store.recordEpisode(episode({ startMs: T0 + 334_000, thresholdMs: T0 + 634_000, lastSeenMs: T0 + 700_000 }));
      const filled = store.recordEpisode(episode({ startMs: T0 + 290_000, thresholdMs: T0 + 300_000, lastSeenMs: T0 + 340_000, endMs: T0 + 340_000 }));
      expect(filled.incident).toMatchObject({ durationSec: 700, observedSec: 700, unseenSec: 0, unseen: [], observed: [{ fromMs: T0, toMs: T0 + 700_000 }] });
    });

    it("keeps an episode's own sampling gaps as unseen time", () => {
      const store = fresh();
      const gap = { fromMs: T0 + 100_000, toMs: T0 + 160_000 };
      const { incident } = store.recordEpisode(episode({ unseen: [gap, { fromMs: T0 - 50_000, toMs: T0 + 5_000 }] }));
      expect(incident).toMatchObject({ durationSec: 300, observedSec: 235, unseenSec: 65, unseen: [{ fromMs: T0, toMs: T0 + 5_000 }, gap] });
      expect(store.get(incident.id)).toEqual(incident);
    });

    it("attaches evidence once per kind and moment, and refuses unknown incidents", () => {
      const store = fresh();
      const { incident } = store.recordEpisode(episode());
      const snap = { kind: "snapshot_threshold" as const, path: "evidence/P01/a.jpg", sha256: "ab".repeat(32), bytes: 1234, atMs: T0 + 300_000 };
      store.addEvidence(incident.id, snap);
      store.addEvidence(incident.id, { kind: "snapshot_first", path: "evidence/P01/f.jpg", sha256: "cd".repeat(32), bytes: 999, atMs: T0 });
      const updated = store.addEvidence(incident.id, { ...snap, bytes: 1300, sha256: "ef".repeat(32) });
      expect(updated.evidence.map((e) => [e.kind, e.bytes])).toEqual([
        ["snapshot_first", 999],
        ["snapshot_threshold", 1300],
      ]);
      expect(store.get(incident.id)!.evidence).toEqual(updated.evidence);
      let error: unknown;
      try {
        store.addEvidence("P01-19700101000000-illegal_parking-1", snap);
      } catch (e) {
        error = e;
      }
      expect(isKerbsideError(error, "KERB_ERR_INCIDENT_UNKNOWN")).toBe(true);
    });

    it("lists with filters, newest start first", () => {
      const store = fresh();
      const hour = 3_600_000;
      store.recordEpisode(episode({ startMs: T0, thresholdMs: T0 + 300_000, lastSeenMs: T0 + 400_000, endMs: T0 + 400_000 }));
      store.recordEpisode(episode({ pointId: "P02", startMs: T0 + hour, thresholdMs: T0 + hour + 300_000, lastSeenMs: T0 + hour + 300_000 }));
      store.recordEpisode(
        episode({ rule: "stall_encroachment", zoneId: "walk", zoneKind: "sidewalk", startMs: T0 + 2 * hour, thresholdMs: T0 + 2 * hour + 300_000, lastSeenMs: T0 + 2 * hour + 300_000 }),
      );
      expect(store.list().map((i) => i.startMs)).toEqual([T0 + 2 * hour, T0 + hour, T0]);
      expect(store.list({ pointId: "P02" }).map((i) => i.pointId)).toEqual(["P02"]);
      expect(store.list({ rule: "stall_encroachment" }).map((i) => i.zoneId)).toEqual(["walk"]);
      expect(store.list({ openOnly: true })).toHaveLength(2);
      expect(store.list({ fromMs: T0 + hour }).map((i) => i.startMs)).toEqual([T0 + 2 * hour, T0 + hour]);
      expect(store.list({ toMs: T0 + hour }).map((i) => i.startMs)).toEqual([T0]);
      expect(store.list({ fromMs: T0 + 350_000, toMs: T0 + hour + 1 }).map((i) => i.startMs)).toEqual([T0 + hour, T0]);
      expect(store.list({ limit: 1 }).map((i) => i.startMs)).toEqual([T0 + 2 * hour]);
      expect(store.list({ endedOnly: true }).map((i) => i.startMs)).toEqual([T0]);
      expect(store.list({ pointIds: ["P02"] }).map((i) => i.pointId)).toEqual(["P02"]);
      expect(store.list({ pointIds: [] })).toEqual([]);
      expect(store.list({ units: [] })).toEqual([]);
      expect(store.list({ units: [store.list()[0]!.unit] })).toHaveLength(3);
      const [first, second] = store.list({ limit: 2 });
      expect(store.list({ after: { startMs: first!.startMs, id: first!.id } }).map((i) => i.id)).toEqual([second!.id, store.list()[2]!.id]);
    });

    it("closes stale open incidents of one point at their last sighting", () => {
      const store = fresh();
      const stale = store.recordEpisode(episode()).incident;
      const fresher = store.recordEpisode(episode({ zoneId: "kerb-2", lastSeenMs: T0 + 900_000 })).incident;
      const done = store.recordEpisode(episode({ zoneId: "kerb-3", endMs: T0 + 300_000 })).incident;
      const elsewhere = store.recordEpisode(episode({ pointId: "P02" })).incident;
      const closed = store.closeStale("P01", T0 + 600_000);
      expect(closed.map((i) => [i.id, i.endMs])).toEqual([[stale.id, T0 + 300_000]]);
      expect(store.get(fresher.id)!.endMs).toBeNull();
      expect(store.get(elsewhere.id)!.endMs).toBeNull();
      expect(store.get(done.id)!.endMs).toBe(T0 + 300_000);
      expect(store.closeStale("P01", T0 + 600_000)).toEqual([]);
    });

    it("can be closed twice", () => {
      const store = fresh();
      store.close();
      expect(() => store.close()).not.toThrow();
    });
  });
}
