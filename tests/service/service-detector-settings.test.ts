/**
 * The main job starts the detector its config describes: with
 * `detector.inputSize: 416` and two workers, live frames are sampled at 416
 * (not the 512 default) and detected, and the van parked in the no-parking
 * zone is reported, on the real sample footage replayed live.
 */
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseDeployment } from "../../src/config/load.js";
import type { Incident } from "../../src/incidents/types.js";
import { KerbsideService } from "../../src/service/kerbside-service.js";
import { memoryLogger, tempDir, waitFor } from "../footage/helpers.js";
import { encodeH264, VAN_ZONE } from "./fixtures.js";

const tmp = tempDir("service-detector-settings");
afterAll(() => tmp.cleanup());

describe("the service's detector settings", () => {
  it("samples and detects live frames at the configured input size, on two workers", async () => {
    const clip = encodeH264(path.join(tmp.dir, "camera.mp4"), 30);
    const deployment = parseDeployment({
      storageDir: path.join(tmp.dir, "data"), timezone: "Asia/Shanghai", detector: { inputSize: 416, workers: 2, threads: 1 },
      units: [{ id: "traffic_police", name: "交警大队" }],
      rules: { illegal_parking: { classes: ["car", "truck", "bus"], zones: ["no_parking"], minDwellSec: 6, unit: "traffic_police" } },
      sampling: { everySec: 2 },
      points: [{
        id: "L01", name: "测试点位", category: "main_road", units: ["traffic_police"],
        source: { kind: "file", path: clip, live: true, loop: true, segmentSec: 600 },
        zones: [{ id: "van", name: "楼前禁停区", kind: "no_parking", polygon: JSON.parse(VAN_ZONE) as [number, number][] }],
      }],
    }, path.join(tmp.dir, "kerbside.yaml"));
    const sizes: string[] = [];
    const latestFrames = { put: (_id: string, f: { frame: { width: number; height: number } }) => void sizes.push(`${f.frame.width}x${f.frame.height}`) };
    const service = new KerbsideService({ deployment, log: memoryLogger().log, sweepMs: 0, retentionSchedule: false, latestFrames, tuning: { stopTimeoutMs: 4000 } });
    const created: Incident[] = [];
    service.bus.on("incident.created", (i) => void created.push(i));
    service.start();
    try {
      const van = await waitFor(() => created[0], 120_000, "the van reported live");
      expect(van).toMatchObject({ pointId: "L01", rule: "illegal_parking", zoneId: "van" });
      expect(new Set(sizes)).toEqual(new Set(["416x416"]));
      expect((await service.backfillDetector()).card.input).toMatchObject({ width: 416, height: 416 });
    } finally {
      await service.close();
    }
  }, 200_000);
});
