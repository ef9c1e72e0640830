/**
 * The set-up both restart tests share: a point replaying the sample clip live
 * (the white van parked in a no-parking zone all along) with segments too
 * long to close during a test, so only live detection reports in time; and a
 * service on it that records every incident event and live frame time.
 */
import path from "node:path";
import { parseDeployment } from "../../src/config/load.js";
import type { Deployment } from "../../src/config/schema.js";
import type { Incident } from "../../src/incidents/types.js";
import { KerbsideService } from "../../src/service/kerbside-service.js";
import { memoryLogger } from "../footage/helpers.js";
import { encodeH264, VAN_ZONE } from "../service/fixtures.js";

export function restartDeployment(dir: string, dwellSec: number, everySec: number): Deployment {
  const clip = encodeH264(path.join(dir, "camera.mp4"), 30);
  return parseDeployment({
    storageDir: path.join(dir, "data"), timezone: "Asia/Shanghai", detector: { threads: 1 },
    units: [{ id: "traffic_police", name: "交警大队" }],
    rules: { illegal_parking: { classes: ["car", "truck", "bus"], zones: ["no_parking"], minDwellSec: dwellSec, unit: "traffic_police" } },
    sampling: { everySec },
    points: [{
      id: "L01", name: "测试点位", category: "main_road", units: ["traffic_police"],
      source: { kind: "file", path: clip, live: true, loop: true, segmentSec: 600 },
      zones: [{ id: "van", name: "楼前禁停区", kind: "no_parking", polygon: JSON.parse(VAN_ZONE) as [number, number][] }],
    }],
  }, path.join(dir, "kerbside.yaml"));
}

export function startRestartService(deployment: Deployment) {
  const memory = memoryLogger();
  const frames: number[] = [];
  // Every live frame sampled (detected or not): the capture time of the new run's first one.
  const latestFrames = { put: (_pointId: string, f: { timeMs: number }) => void frames.push(f.timeMs) };
  const service = new KerbsideService({ deployment, log: memory.log, sweepMs: 0, retentionSchedule: false, latestFrames, tuning: { stopTimeoutMs: 4000 } });
  const created: Incident[] = [];
  const updated: Incident[] = [];
  service.bus.on("incident.created", (i) => void created.push(i));
  service.bus.on("incident.updated", (i) => void updated.push(i));
  service.start();
  return { service, created, updated, frames, lines: memory.lines };
}
