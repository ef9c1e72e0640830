/**
 * Live detection degrading gracefully, seen from the board: two points replay
 * the sample footage live at 2 s (a junction and a main road) on one detector
 * that is the real model plus 1.5 s per frame (a box that cannot keep up).
 * The scheduler stretches the intervals, least urgent point most; /metrics
 * (bearer token) reports configured vs effective intervals, degraded points,
 * live lag, capacity and demand, and the detector's wait per lane;
 * GET /api/points carries the same as `detection`; and `point.health` with
 * the live detection health reaches police over socket.io for their point
 * (the junction) only, the admin for both.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { io as connect, type Socket } from "socket.io-client";
import { parseDeployment } from "../../src/config/load.js";
import type { Detector } from "../../src/detect/types.js";
import { createWorkerDetector } from "../../src/detect/worker-detector.js";
import { startServiceBoard, type ServiceBoard } from "../../src/server/service-board.js";
import type { DetectionView } from "../../src/server/views/detection-view.js";
import { KerbsideService } from "../../src/service/kerbside-service.js";
import { memoryLogger, tempDir, waitFor } from "../footage/helpers.js";
import { waitForAsync } from "../queue/wait-async.js";
import { encodeH264, VAN_ZONE } from "../service/fixtures.js";

const TOKEN = "metrics-token-for-the-live-test";
const ADMIN_PASSWORD = "live degradation admin";
const tmp = tempDir("live-degraded");
let service: KerbsideService;
let board: ServiceBoard;
const sockets: Socket[] = [];

/** The real detector, 1.5 s slower per frame: the scheduler's reaction is what is tested. */
async function slowDetector(): Promise<Detector> {
  const real = await createWorkerDetector({ threads: 1 });
  return {
    card: real.card,
    async detect(frame, options) {
      const found = await real.detect(frame, options);
      await new Promise((r) => setTimeout(r, 1500));
      return found;
    },
    close: () => real.close(),
  };
}

beforeAll(async () => {
  const clip = encodeH264(path.join(tmp.dir, "camera.mp4"), 30);
  const zones = [{ id: "van", kind: "no_parking", polygon: JSON.parse(VAN_ZONE) as [number, number][] }];
  const source = { kind: "file", path: clip, live: true, loop: true, segmentSec: 300 };
  const deployment = parseDeployment({
    storageDir: path.join(tmp.dir, "data"), timezone: "Asia/Shanghai", detector: { threads: 1 },
    units: [{ id: "traffic_police", name: "交警大队" }, { id: "urban_management", name: "城管局" }],
    rules: { illegal_parking: { classes: ["car", "truck", "bus"], zones: ["no_parking"], minDwellSec: 20, unit: "traffic_police" } },
    sampling: { everySec: 2 },
    board: { metricsToken: TOKEN },
    points: [
      { id: "J01", name: "人民路路口", category: "junction", units: ["traffic_police"], source, zones },
      { id: "M01", name: "解放路", category: "main_road", units: ["urban_management"], source, zones },
    ],
  }, path.join(tmp.dir, "kerbside.yaml"));
  const { log } = memoryLogger();
  service = new KerbsideService({ deployment, log, sweepMs: 0, retentionSchedule: false, createDetector: slowDetector });
  board = await startServiceBoard(service, deployment, { host: "127.0.0.1", port: 0, log, env: { KERBSIDE_ADMIN_PASSWORD: ADMIN_PASSWORD }, server: { pollMs: 200 } });
  service.start();
}, 120_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await board?.close();
  await service?.close();
  tmp.cleanup();
});

async function login(username: string, password: string): Promise<string> {
  const res = await fetch(`${board.url}/api/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password }) });
  expect(res.status, `login ${username}`).toBe(200);
  return (res.headers.get("set-cookie") ?? "").split(";")[0]!;
}

interface HealthEvent {
  pointId: string;
  health: unknown;
  detection: DetectionView | null;
}

function listen(cookie: string): HealthEvent[] {
  const socket = connect(board.url, { transports: ["websocket"], extraHeaders: { cookie } });
  sockets.push(socket);
  const events: HealthEvent[] = [];
  socket.on("point.health", (payload: HealthEvent) => events.push(payload));
  return events;
}

/** Prometheus text → value of the sample `name{labels}` (labels in the order prom-client writes them). */
function sample(text: string, name: string, labels = ""): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ""} `));
  return line === undefined ? undefined : Number(line.split(" ").at(-1));
}

async function scrape(): Promise<string> {
  const res = await fetch(`${board.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  return res.text();
}

describe("live detection when the box cannot keep up", () => {
  it("stretches the least urgent point most, and says so in /metrics, the points API and the board's point.health", async () => {
    const admin = await login("admin", ADMIN_PASSWORD);
    const created = await fetch(`${board.url}/api/users`, {
      method: "POST", headers: { "content-type": "application/json", cookie: admin },
      body: JSON.stringify({ username: "police1", role: "police", units: ["traffic_police"], password: "a long police password" }),
    });
    expect(created.status).toBe(201);
    const police = listen(await login("police1", "a long police password"));
    const everyone = listen(admin);

    const metrics = await waitForAsync(async () => {
      const text = await scrape();
      return sample(text, "kerbside_live_degraded", 'point="M01"') === 1 && sample(text, "kerbside_live_lag_seconds", 'point="M01"') !== undefined && text;
    }, 150_000, "M01 degraded in /metrics, with a live lag");

    // The main road (least urgent) is stretched at least as far as the junction, both well past the configured 2 s.
    const effective = (p: string): number => sample(metrics, "kerbside_live_effective_interval_seconds", `point="${p}"`) as number;
    expect(sample(metrics, "kerbside_live_configured_interval_seconds", 'point="J01"')).toBe(2);
    expect(sample(metrics, "kerbside_live_configured_interval_seconds", 'point="M01"')).toBe(2);
    expect(effective("M01")).toBeGreaterThan(2);
    expect(effective("M01")).toBeGreaterThanOrEqual(effective("J01"));
    expect(sample(metrics, "kerbside_live_degraded_points")).toBeGreaterThanOrEqual(1);
    const capacity = sample(metrics, "kerbside_live_capacity_fps") as number;
    // 1.5 s per frame: under 0.67 frames/s, while two points at 2 s ask for 1; granted intervals fit the capacity.
    expect(capacity).toBeLessThan(0.67);
    expect(sample(metrics, "kerbside_live_demand_fps", 'at="configured"')).toBe(1);
    expect(sample(metrics, "kerbside_live_demand_fps", 'at="effective"')).toBeLessThanOrEqual(capacity + 1e-9);
    expect(sample(metrics, "kerbside_live_lag_seconds", 'point="M01"')).toBeGreaterThanOrEqual(0);
    expect(sample(metrics, "kerbside_live_state", 'point="J01",state="detecting"')).toBe(1);
    expect(sample(metrics, "kerbside_detector_wait_seconds_count", 'lane="live"')).toBeGreaterThan(0);

    // The points API: the same figures as `detection`.
    const { points } = (await (await fetch(`${board.url}/api/points`, { headers: { cookie: admin } })).json()) as { points: { id: string; detection: DetectionView | null }[] };
    const m01 = points.find((p) => p.id === "M01")?.detection;
    expect(m01).toMatchObject({ configuredSec: 2, degraded: true });
    expect(m01!.effectiveSec).toBeGreaterThan(2);

    // The board: live detection health pushed, scoped like every point event.
    const degradedPush = await waitFor(() => everyone.find((e) => e.pointId === "M01" && e.detection?.degraded), 30_000, "M01 degraded pushed to the admin");
    expect(degradedPush.detection!.effectiveSec).toBeGreaterThan(degradedPush.detection!.configuredSec);
    const policePush = await waitFor(() => police.find((e) => e.detection?.state === "detecting" && e.detection.lagSec !== null), 30_000, "J01 detecting pushed to police");
    expect(policePush.pointId).toBe("J01");
    expect(policePush.detection!.lastDetectedAt).not.toBeNull();
    expect(police.length).toBeGreaterThan(0);
    expect(police.filter((e) => e.pointId !== "J01")).toEqual([]);
    expect(JSON.stringify([...police, ...everyone])).not.toContain(tmp.dir);
  }, 240_000);
});
