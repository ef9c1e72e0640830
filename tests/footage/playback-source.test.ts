// NVR playback backfill against a real HTTP server that serves MPEG-TS for
// any time range, then fails: ranges requested with the right placeholders,
// files indexed at the requested start, failures marked offline, redacted.
import { createReadStream } from "node:fs";
import { createServer, type Server } from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDeployment } from "../../src/config/load.js";
import { indexFootage } from "../../src/footage/indexer.js";
import { SqliteSegmentStore } from "../../src/footage/segment-store.js";
import { PlaybackSource } from "../../src/footage/sources/playback-source.js";
import { DEFAULT_TUNING } from "../../src/footage/sources/source-context.js";
import type { SourceHealth } from "../../src/footage/types.js";
import { openDatabase } from "../../src/store/database.js";
import { makeH264Clip, memoryLogger, tempDir } from "./helpers.js";

const tmp = tempDir("playback");
let server: Server;
let port = 0;
let failing = false;
/** A range the NVR has no footage for (the camera was off): always 404. */
let missingRange = "never";
const requests: string[] = [];

beforeAll(async () => {
  const ts = makeH264Clip(path.join(tmp.dir, "nvr.ts"), 8);
  server = createServer((req, res) => {
    requests.push(req.url ?? "");
    if (failing || (req.url ?? "").includes(missingRange)) {
      res.writeHead(failing ? 503 : 404).end("no footage");
      return;
    }
    res.writeHead(200, { "content-type": "video/mp2t" });
    createReadStream(ts).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  port = typeof address === "object" && address ? address.port : 0;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  tmp.cleanup();
});

describe("playback source", () => {
  it("backfills gaps through the URL template, then marks the NVR offline when it fails", async () => {
    const secret = "Nvr5ecret";
    const deployment = parseDeployment(
      {
        storageDir: path.join(tmp.dir, "data"),
        units: [{ id: "u", name: "县公安局交警大队" }],
        points: [
          {
            id: "J06",
            name: "长江路与黄河路交叉口",
            category: "junction",
            units: ["u"],
            source: {
              kind: "playback",
              urlTemplate: `http://admin:${secret}@127.0.0.1:${port}/cam/playback?channel=1&starttime={start:YYYY_MM_DD_HH_mm_ss}&endtime={end:YYYY_MM_DD_HH_mm_ss}`,
              timeZone: "local",
              segmentSec: 5,
            },
          },
        ],
      },
      path.join(tmp.dir, "deployment.yaml"),
    );
    const point = deployment.points[0]!;
    const db = openDatabase(":memory:");
    const store = new SqliteSegmentStore(db);
    const { log, lines } = memoryLogger();
    let now = Date.parse("2026-12-08T00:00:20Z");
    const healths: SourceHealth[] = [];
    const source = new PlaybackSource({
      point,
      deployment,
      store,
      log,
      tuning: { ...DEFAULT_TUNING, playbackLookbackMs: 20_000, playbackLagMs: 0 },
      onHealth: (h) => healths.push(h),
      now: () => now,
    });
    const handler = async (footage: Parameters<typeof indexFootage>[0]) => {
      await indexFootage(footage, { store, storageDir: deployment.storageDir, timeZone: deployment.timezone, sourceKind: "playback", expectedDurationSec: 5, log });
    };
    try {
      await source.backfill(handler);
      expect(requests).toEqual([
        "/cam/playback?channel=1&starttime=2026_12_08_08_00_00&endtime=2026_12_08_08_00_05",
        "/cam/playback?channel=1&starttime=2026_12_08_08_00_05&endtime=2026_12_08_08_00_10",
        "/cam/playback?channel=1&starttime=2026_12_08_08_00_10&endtime=2026_12_08_08_00_15",
        "/cam/playback?channel=1&starttime=2026_12_08_08_00_15&endtime=2026_12_08_08_00_20",
      ]);
      const segments = store.list({ pointId: "J06" });
      expect(segments.map((s) => s.startMs - Date.parse("2026-12-08T00:00:00Z"))).toEqual([0, 5000, 10_000, 15_000]);
      expect(segments.every((s) => s.status === "ok" && Math.abs(s.endMs - s.startMs - 5000) <= 200)).toBe(true);
      expect(segments[0]!.path).toBe(path.join(deployment.storageDir, "footage", "J06", "20261208", "J06_20261208T080000.mkv"));
      expect(source.health()).toMatchObject({ state: "online", lastSegmentAt: now });

      await source.backfill(handler);
      expect(requests).toHaveLength(4);

      failing = true;
      now += 10_000;
      await source.backfill(handler);
      expect(requests).toHaveLength(5);
      const health = source.health();
      expect(health.state).toBe("offline");
      expect(health.lastError).toContain("***:***@127.0.0.1");
      const everything = [...lines, JSON.stringify(healths)].join("\n");
      expect(everything).not.toContain(secret);

      await source.backfill(handler);
      expect(requests).toHaveLength(5);
      now += 2500;
      await source.backfill(handler);
      // The failed range again; as it had failed before, the next one decides, and fails too: the round ends.
      expect(requests).toHaveLength(7);
      expect(requests[5]).toBe(requests[4]);
      expect(requests[6]).not.toBe(requests[5]);
      failing = false;
      now += 5000;
      await source.backfill(handler);
      expect(source.health().state).toBe("online");
      expect(store.list({ pointId: "J06" }).length).toBeGreaterThanOrEqual(5);
    } finally {
      await source.close();
      await source.close();
      db.close();
    }
  });
});

describe("playback source, a range the NVR never has", () => {
  it("does not block the backfill of the ranges after it", async () => {
    const deployment = parseDeployment(
      {
        storageDir: path.join(tmp.dir, "data-missing"),
        units: [{ id: "u", name: "u" }],
        points: [{
          id: "J07", name: "j7", category: "junction", units: ["u"],
          source: { kind: "playback", urlTemplate: `http://127.0.0.1:${port}/tracks/101?starttime={start}Z&endtime={end}Z`, segmentSec: 5 },
        }],
      },
      path.join(tmp.dir, "deployment.yaml"),
    );
    const db = openDatabase(":memory:");
    const store = new SqliteSegmentStore(db);
    const log = memoryLogger().log;
    // Rounds come further apart than the longest NVR pause, as in production (10 min vs 60 s).
    let now = Date.parse("2026-12-09T00:00:30Z");
    missingRange = "starttime=20261209T000005Z";
    const source = new PlaybackSource({
      point: deployment.points[0]!, deployment, store, log,
      tuning: { ...DEFAULT_TUNING, playbackLookbackMs: 30_000, playbackLagMs: 0, initialBackoffMs: 1000, maxBackoffMs: 2000 },
      onHealth: () => undefined, now: () => now,
    });
    const handler = async (footage: Parameters<typeof indexFootage>[0]) => {
      await indexFootage(footage, { store, storageDir: deployment.storageDir, timeZone: deployment.timezone, sourceKind: "playback", expectedDurationSec: 5, log });
    };
    try {
      for (let round = 0; round < 3; round++) {
        await source.backfill(handler);
        now += 2500;
      }
      const starts = store.list({ pointId: "J07" }).map((s) => (s.startMs - Date.parse("2026-12-09T00:00:00Z")) / 1000);
      expect(starts).toEqual([0, 10, 15, 20, 25, 30]);
    } finally {
      missingRange = "never";
      await source.close();
      db.close();
    }
  });
});
