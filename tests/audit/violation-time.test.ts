/** Violation time is the incident's watched time: unseen stretches (an outage inside it) never count; an open incident runs to now. */
import { describe, expect, it } from "vitest";
import { violationIntervals } from "../../src/audit/violation-time.js";
import type { Incident } from "../../src/incidents/types.js";

const incident = (over: Partial<Incident>): Incident =>
  ({ id: "i", pointId: "P", startMs: 0, lastSeenMs: 300_000, endMs: 300_000, observed: [{ fromMs: 0, toMs: 300_000 }], unseen: [], ...over }) as Incident;

describe("violationIntervals", () => {
  it("leaves out the unseen stretch of an incident that spans a camera outage", () => {
    const spanning = incident({ observed: [{ fromMs: 0, toMs: 100_000 }, { fromMs: 200_000, toMs: 300_000 }], unseen: [{ fromMs: 100_000, toMs: 200_000 }] });
    expect(violationIntervals([spanning], 1_000_000)).toEqual([
      { incidentId: "i", fromMs: 0, toMs: 100_000 },
      { incidentId: "i", fromMs: 200_000, toMs: 300_000 },
    ]);
  });

  it("runs an open incident from its last sighting to now, and drops excluded ones", () => {
    const open = incident({ endMs: null });
    expect(violationIntervals([open], 400_000)).toEqual([
      { incidentId: "i", fromMs: 0, toMs: 300_000 },
      { incidentId: "i", fromMs: 300_000, toMs: 400_000 },
    ]);
    expect(violationIntervals([open], 400_000, () => true)).toEqual([]);
  });
});
