/**
 * Sampling gaps inside a scan (issue 7.6): a hole in the frames while an
 * episode is under way (or its dwell is building) is kept on the episode as
 * unseen time, so the incident never counts it as violation time.
 */
import { describe, expect, it } from "vitest";
import type { Zone } from "../../src/config/schema.js";
import { EpisodeBook, type Presence } from "../../src/rules/episode-book.js";
import { observedTime } from "../../src/incidents/observed-time.js";
import { incidentFromEpisode } from "../../src/incidents/incident-store.js";
import type { Episode } from "../../src/rules/types.js";

const T0 = Date.parse("2026-12-08T00:00:00Z");
const zone: Zone = { id: "kerb", kind: "no_parking", polygon: [[0, 0], [1, 0], [1, 1]] };
const box = { x1: 10, y1: 10, x2: 60, y2: 40 };

function presence(timeMs: number): Presence {
  return { zone, dwellStartMs: T0, subject: { ref: "t1", id: 1, label: "car", box, seen: true, lastSeenMs: timeMs, stationarySinceMs: T0, peakScore: 0.8 } };
}

describe("EpisodeBook: sampling gaps", () => {
  it("keeps a gap during the dwell and one during the episode as unseen, and the incident leaves them out of the watched time", () => {
    const book = new EpisodeBook("P01");
    const ctx = (timeMs: number) => ({ rule: "illegal_parking" as const, unit: "u", timeMs, minDwellMs: 60_000 });
    const events = [];
    for (const t of [0, 10, 20]) events.push(...book.step(ctx(T0 + t * 1000), [presence(T0 + t * 1000)]));
    book.noteUnseen({ fromMs: T0 + 20_000, toMs: T0 + 50_000 }); // dwell under way, no frames for 30 s
    for (const t of [50, 60, 70]) events.push(...book.step(ctx(T0 + t * 1000), [presence(T0 + t * 1000)]));
    book.noteUnseen({ fromMs: T0 + 70_000, toMs: T0 + 120_000 }); // episode open, no frames for 50 s
    for (const t of [120, 130]) events.push(...book.step(ctx(T0 + t * 1000), [presence(T0 + t * 1000)]));
    events.push(...book.closeAll());
    const closed = events.at(-1)!;
    expect(closed.type).toBe("closed");
    const episode: Episode = closed.episode;
    expect(episode.unseen).toEqual([
      { fromMs: T0 + 20_000, toMs: T0 + 50_000 },
      { fromMs: T0 + 70_000, toMs: T0 + 120_000 },
    ]);
    // An earlier event's copy is not changed by later gaps.
    const opened = events.find((e) => e.type === "opened")!;
    expect(opened.episode.unseen).toEqual([{ fromMs: T0 + 20_000, toMs: T0 + 50_000 }]);
    const core = incidentFromEpisode(episode);
    expect(observedTime(core)).toMatchObject({ observedSec: 50, unseenSec: 80 });
  });
});
