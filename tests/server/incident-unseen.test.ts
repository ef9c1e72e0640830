// An incident over a camera outage on the board (issue 7.6): one incident,
// but the API says how much of it was watched and which stretch nobody saw,
// so the board never shows the outage as violation time. Real SQLite store,
// the in-process app, a signed-in police officer.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addAccounts, episode, freshBoard, signedIn, type Board } from "./helpers.js";

const T0 = Date.parse("2026-12-08T08:00:00+08:00");
let b: Board;

beforeEach(async () => {
  b = freshBoard("incident-unseen");
  await addAccounts(b.ctx);
});
afterEach(() => b.cleanup());

describe("an incident across an outage on the board", () => {
  it("lists and shows its watched time and the unseen stretch apart", async () => {
    // Seen 08:00:00–08:03:20, camera off for 40 s, seen again 08:04:00–08:06:00: the same car, one incident.
    const first = b.store.recordEpisode(episode({ lastSeenMs: T0 + 200_000, endMs: T0 + 200_000 })).incident;
    const merged = b.store.recordEpisode(episode({ startMs: T0 + 240_000, thresholdMs: T0 + 240_000, lastSeenMs: T0 + 360_000, endMs: null })).incident;
    expect(merged.id).toBe(first.id);

    const police = await signedIn(b.board.app, "police");
    const detail = (await police.get(`/api/incidents/${first.id}`).expect(200)).body as Record<string, unknown>;
    expect(detail).toMatchObject({
      durationSec: 360,
      observedSec: 320,
      unseenSec: 40,
      unseen: [{ from: "2026-12-08T08:03:20.000+08:00", to: "2026-12-08T08:04:00.000+08:00" }],
    });
    const listed = ((await police.get("/api/incidents").expect(200)).body as { incidents: Record<string, unknown>[] }).incidents;
    expect(listed.find((i) => i.id === first.id)).toMatchObject({ observedSec: 320, unseenSec: 40 });
  });

  it("an incident watched throughout has nothing unseen", async () => {
    const { incident } = b.store.recordEpisode(episode());
    const police = await signedIn(b.board.app, "police");
    const detail = (await police.get(`/api/incidents/${incident.id}`).expect(200)).body as Record<string, unknown>;
    expect(detail).toMatchObject({ durationSec: 200, observedSec: 200, unseenSec: 0, unseen: [] });
  });
});
