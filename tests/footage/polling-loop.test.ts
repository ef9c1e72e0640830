// A polling source whose round fails (indexing threw: a file vanished mid-way,
// the disk is full…) must keep polling and say what failed, not reject into
// nowhere (an unhandled rejection ends the process and every camera with it).
import { copyFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseDeployment } from "../../src/config/load.js";
import { SqliteSegmentStore } from "../../src/footage/segment-store.js";
import { ArchiveSource } from "../../src/footage/sources/archive-source.js";
import { DEFAULT_TUNING } from "../../src/footage/sources/source-context.js";
import { compactStamp } from "../../src/time/time-zone.js";
import type { NewFootage } from "../../src/footage/types.js";
import { openDatabase } from "../../src/store/database.js";
import { makeClip, memoryLogger, tempDir, waitFor } from "./helpers.js";

const tmp = tempDir("polling");
afterAll(() => tmp.cleanup());

describe("polling sources", () => {
  it("an archive round whose indexing throws is logged and reported, and the next rounds go on", async () => {
    const dir = path.join(tmp.dir, "exports");
    mkdirSync(dir);
    const deployment = parseDeployment(
      {
        storageDir: path.join(tmp.dir, "data"),
        units: [{ id: "u", name: "u" }],
        points: [{ id: "A1", name: "a", category: "junction", units: ["u"], source: { kind: "archive", dir: "exports" } }],
      },
      path.join(tmp.dir, "d.yaml"),
    );
    const clip = makeClip(path.join(tmp.dir, "clip.mkv"), 1);
    const startedAt = Date.now();
    const name = (minutesAgo: number) => `A1_${compactStamp(startedAt - minutesAgo * 60_000, "Asia/Shanghai")}.mkv`;
    copyFileSync(clip, path.join(dir, name(30)));
    const db = openDatabase(":memory:");
    const { log, lines } = memoryLogger();
    const source = new ArchiveSource({
      point: deployment.points[0]!,
      deployment,
      store: new SqliteSegmentStore(db),
      log,
      tuning: { ...DEFAULT_TUNING, archivePollMs: 100 },
      onHealth: () => undefined,
      now: Date.now,
    });
    const seen: string[] = [];
    let calls = 0;
    source.start(async (footage: NewFootage) => {
      calls++;
      if (calls === 1) throw new Error("disk full");
      seen.push(path.basename(footage.path));
    });
    try {
      await waitFor(() => source.health().lastError?.includes("disk full"), 5000, "the failure in the health");
      expect(source.health().lastError).toContain(name(30));
      expect(lines.some((l) => l.includes("disk full"))).toBe(true);
      copyFileSync(clip, path.join(dir, name(20)));
      await waitFor(() => seen.includes(name(20)), 5000, "the next export");
    } finally {
      await source.close();
      db.close();
    }
  });
});
