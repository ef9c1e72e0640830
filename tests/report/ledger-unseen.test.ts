// The ledger's duration of an incident over a camera outage (issue 7.6): the
// inspector-facing figure is the watched time, with the unseen stretch named
// beside it, never counted in it. Real SQLite stores, the real ledger rows.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ledgerItems } from "../../src/report/ledger-items.js";
import { ledgerRow } from "../../src/report/ledger-rows.js";
import { SqliteCaseStore } from "../../src/workflow/sqlite-case-store.js";
import { tempDir } from "../footage/helpers.js";
import { episode, readContext } from "../server/helpers.js";

const T0 = Date.parse("2026-12-08T08:00:00+08:00");
const DAY = { fromMs: Date.parse("2026-12-08T00:00:00+08:00"), toMs: Date.parse("2026-12-09T00:00:00+08:00") };
let temp: ReturnType<typeof tempDir>;
let parts: ReturnType<typeof readContext>;

beforeEach(() => {
  temp = tempDir("ledger-unseen");
  parts = readContext(temp.dir);
});
afterEach(() => {
  parts.cleanup();
  temp.cleanup();
});

function rowsOf(lang: "zh-CN" | "en") {
  const items = ledgerItems(parts.deployment, { incidents: parts.store, cases: new SqliteCaseStore(parts.db) }, DAY, T0 + 3_600_000);
  return items.map((item) => ledgerRow(item, { lang, timeZone: parts.deployment.timezone, points: parts.deployment.points, storageDir: parts.deployment.storageDir }));
}

describe("ledger duration", () => {
  it("counts only the watched time of an incident over an outage and names the unseen time beside it", () => {
    // Seen for 3 min 20 s, camera off for 40 s, seen for 2 min more: one incident of 6 min, 5 min 20 s of it watched.
    const { incident } = parts.store.recordEpisode(episode({ lastSeenMs: T0 + 200_000, endMs: T0 + 200_000 }));
    parts.store.recordEpisode(episode({ startMs: T0 + 240_000, thresholdMs: T0 + 240_000, lastSeenMs: T0 + 360_000, endMs: T0 + 360_000 }));
    expect(parts.store.get(incident.id)).toMatchObject({ durationSec: 360, observedSec: 320, unseenSec: 40 });
    expect(rowsOf("zh-CN").map((r) => r.cells.duration)).toEqual(["0:05:20（另有 0:00:40 无画面）"]);
    expect(rowsOf("en").map((r) => r.cells.duration)).toEqual(["0:05:20 (+0:00:40 not seen)"]);
  });

  it("an incident watched throughout shows its whole duration", () => {
    parts.store.recordEpisode(episode({ endMs: T0 + 200_000 }));
    expect(rowsOf("zh-CN").map((r) => r.cells.duration)).toEqual(["0:03:20"]);
  });
});
