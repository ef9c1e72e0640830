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
const requests: string[] = [];

beforeAll(async () => {
  const ts = makeH264Clip(path.join(tmp.dir, "nvr.ts"), 8);
  server = createServer((req, res) => {
    requests.push(req.url ?? "");
    if (failing) {
      res.writeHead(503).end("NVR busy");
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
      expect(requests).toHaveLength(6);
      expect(requests[5]).toBe(requests[4]);
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
