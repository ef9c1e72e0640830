// A finished segment whose indexing failed (database busy, disk hiccup) must
// not sit in incoming/ unindexed until the camera next drops: the recorder
// hands it again once the next segment is finished.
import { renameSync, mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SegmentRecorder } from "../../src/footage/recorder.js";
import { DEFAULT_TUNING } from "../../src/footage/sources/source-context.js";
import { makeH264Clip, memoryLogger, tempDir, waitFor } from "./helpers.js";

const tmp = tempDir("recorder-retry");
afterAll(() => tmp.cleanup());

describe("recorder", () => {
  it("hands a segment whose indexing failed again after the next one, while still recording", async () => {
    const clip = makeH264Clip(path.join(tmp.dir, "camera.mp4"), 4);
    const archived = path.join(tmp.dir, "archived");
    mkdirSync(archived);
    const { log, lines } = memoryLogger();
    const recorder = new SegmentRecorder({
      kind: "file",
      pointId: "R1",
      input: { kind: "file", path: clip, realtime: true, loop: true },
      segmentSec: 2,
      incomingDir: path.join(tmp.dir, "incoming"),
      endsAtEof: false,
      tuning: { ...DEFAULT_TUNING, stopTimeoutMs: 2000 },
      log,
      onHealth: () => undefined,
      now: Date.now,
    });
    const attempts: string[] = [];
    const indexed: string[] = [];
    recorder.start(async (footage) => {
      const name = path.basename(footage.path);
      attempts.push(name);
      if (attempts.length === 1) throw new Error("database is locked");
      renameSync(footage.path, path.join(archived, name));
      indexed.push(name);
    });
    try {
      await waitFor(() => attempts.length >= 1, 15_000, "the first segment");
      const first = attempts[0]!;
      await waitFor(() => indexed.includes(first), 10_000, "the failed segment to be handed again");
      expect(lines.some((l) => l.includes("database is locked") && l.includes(first))).toBe(true);
    } finally {
      await recorder.close();
    }
  }, 40_000);
});
