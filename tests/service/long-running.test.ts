/**
 * The long-running service on real footage: segments an archive source picks
 * up are scanned as they are indexed (no sweep needed), an unreachable camera
 * goes offline and keeps retrying without stopping the other point, and
 * close() is idempotent and leaves no ffmpeg child behind. `kerbside run
 * --for` records a live replay, stops it and scans what was recorded.
 */
import { execFile } from "node:child_process";
import { copyFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDeployment } from "../../src/config/load.js";
import type { Incident } from "../../src/incidents/types.js";
import { KerbsideService } from "../../src/service/kerbside-service.js";
import type { RunReport } from "../../src/service/types.js";
import { archiveName, closedPort, cutClip, cutPart, encodeH264, deploymentYaml, ffmpegChildren, ffmpegMentioning, mkdir, point, tempDir, waitFor } from "./fixtures.js";

const run = promisify(execFile);
const fixture = tempDir("service-live");
let clip = "";

beforeAll(() => {
  clip = cutClip(path.join(fixture.dir, "clip.avi"), 30);
});
afterAll(() => fixture.cleanup());

describe("the long-running service", () => {
  it("scans archive footage as it is indexed while a dead camera retries, and closes cleanly", async () => {
    const dir = mkdir(path.join(fixture.dir, "service"));
    const archive = mkdir(path.join(dir, "archive"));
    const port = await closedPort();
    const configFile = path.join(dir, "kerbside.yaml");
    writeFileSync(configFile, deploymentYaml(point("R01", `{ kind: rtsp, url: "rtsp://127.0.0.1:${port}/cam" }`) + point("B01", "{ kind: archive, dir: ./archive }")));
    const service = new KerbsideService({
      deployment: loadDeployment(configFile),
      tuning: { archivePollMs: 200, initialBackoffMs: 200, maxBackoffMs: 1000, ioTimeoutSec: 2 },
      sweepMs: 0,
      retentionSchedule: false,
    });
    const created: Incident[] = [];
    service.bus.on("incident.created", (incident) => void created.push(incident));
    const seen = new Set<string>();
    const watch = setInterval(() => ffmpegChildren().forEach((line) => seen.add(line)), 100);
    try {
      service.start();
      // The export lands after the start: only the indexing hook can get it scanned (sweepMs 0).
      copyFileSync(clip, path.join(archive, archiveName("B01", Date.now() - 3_600_000)));
      const incident = await waitFor(() => created.find((i) => i.pointId === "B01"), 90_000, "the van incident at B01");
      expect(incident).toMatchObject({ rule: "illegal_parking", zoneId: "van" });
      const camera = await waitFor(() => {
        const health = service.footage.health("R01");
        return health?.state === "offline" && health.reconnects >= 1 ? health : undefined;
      }, 20_000, "the camera offline and retrying");
      expect(camera.lastError).toBeTruthy();
    } finally {
      clearInterval(watch);
      const closing = service.close();
      expect(service.close()).toBe(closing);
      await closing;
    }
    await service.close();
    expect(seen.size).toBeGreaterThan(0); // recorder and sampler children did run
    expect(ffmpegChildren()).toEqual([]);
    expect(service.footage.health("R01")?.state).toBe("stopped");
  });

  it("scans segments that arrive one after another as one footage stream: dwell carries across the boundary", async () => {
    const dir = mkdir(path.join(fixture.dir, "stream"));
    const archive = mkdir(path.join(dir, "archive"));
    // vtest.avi has keyframes at 0, 25, 50 s: two stream-copied 25 s parts that join exactly.
    const parts = [cutPart(path.join(dir, "part1.avi"), 0, 25), cutPart(path.join(dir, "part2.avi"), 25, 25)];
    const startMs = Date.now() - 3_600_000;
    const configFile = path.join(dir, "kerbside.yaml");
    // A 30 s dwell: neither part alone holds the van long enough, only the two together.
    writeFileSync(configFile, deploymentYaml(point("B02", "{ kind: archive, dir: ./archive }")).replace("minDwellSec: 20", "minDwellSec: 30"));
    const service = new KerbsideService({ deployment: loadDeployment(configFile), tuning: { archivePollMs: 200 }, sweepMs: 0, retentionSchedule: false });
    try {
      service.start();
      copyFileSync(parts[0]!, path.join(archive, archiveName("B02", startMs)));
      await waitFor(() => service.scans.statsFor("B02").scanned.length === 1, 60_000, "the first part scanned");
      await service.scans.idle();
      expect(service.incidents.list({ pointId: "B02" })).toEqual([]);
      copyFileSync(parts[1]!, path.join(archive, archiveName("B02", startMs + 25_000)));
      await waitFor(() => service.scans.statsFor("B02").scanned.length === 2, 60_000, "the second part scanned");
      await service.scans.idle();
      const incidents = service.incidents.list({ pointId: "B02" });
      expect(incidents).toHaveLength(1);
      expect(incidents[0]!.startMs - startMs).toBeLessThan(5_000);
      expect(incidents[0]!.durationSec).toBeGreaterThanOrEqual(40);
    } finally {
      await service.close();
    }
  });

  it("leaves an incident open while its camera is recording, and ends it once the footage has ended", async () => {
    const dir = mkdir(path.join(fixture.dir, "recording"));
    const camera = encodeH264(path.join(dir, "camera.mp4"), 20);
    const configFile = path.join(dir, "kerbside.yaml");
    // Keyframes every second: 3 s segments; a 6 s dwell is crossed in the third.
    const yaml = deploymentYaml(point("L02", `{ kind: file, path: ${camera}, live: true, loop: true, segmentSec: 3 }`));
    writeFileSync(configFile, yaml.replace("minDwellSec: 20", "minDwellSec: 6"));
    const deployment = loadDeployment(configFile);
    const service = new KerbsideService({ deployment, sweepMs: 0, retentionSchedule: false });
    let id = "";
    try {
      const created: Incident[] = [];
      service.bus.on("incident.created", (incident) => void created.push(incident));
      service.start();
      // Each 3 s segment is scanned as it comes; only the re-read history makes the 6 s dwell visible.
      id = (await waitFor(() => created[0], 60_000, "the van incident while recording")).id;
      // Not scans.idle(): while the camera records, new segments keep the scanner busy (for ever on a loaded machine).
      const scanned = service.scans.statsFor("L02").scanned.length;
      await waitFor(() => service.scans.statsFor("L02").scanned.length > scanned, 60_000, "a later segment scanned");
      expect(service.incidents.get(id)?.endMs).toBeNull();
    } finally {
      await service.close();
    }
    const after = new KerbsideService({ deployment, retentionSchedule: false });
    try {
      const report = await after.runOnce();
      const incidents = report.points[0]!.incidents;
      expect(incidents.map((i) => i.id)).toEqual([id]);
      expect(incidents[0]!.end).not.toBeNull();
      expect(incidents[0]!.new).toBe(false);
    } finally {
      await after.close();
    }
  });

  it("kerbside run --for records a live replay for a while, then scans it and exits", async () => {
    const dir = mkdir(path.join(fixture.dir, "for"));
    const configFile = path.join(dir, "kerbside.yaml");
    writeFileSync(configFile, deploymentYaml(point("L01", `{ kind: file, path: ${clip}, live: true, segmentSec: 5 }`)));
    const { stdout } = await run("npx", ["tsx", "src/cli/main.ts", "run", "--config", configFile, "--for", "7", "--json"], { timeout: 90_000 });
    const doc = JSON.parse(stdout) as RunReport;
    const live = doc.points[0]!;
    expect(doc.mode).toBe("for");
    expect(live.id).toBe("L01");
    // vtest.avi has a keyframe every 25 s: stream-copied segments are cut there, so 7 s make one segment.
    expect(live.segments.indexed).toBeGreaterThanOrEqual(1);
    expect(live.segments.scanned).toBe(live.segments.inWindow);
    expect(live.frames).toBeGreaterThanOrEqual(2);
    expect(live.health?.state).toBe("stopped");
    expect(live.errors).toEqual([]);
    expect(ffmpegMentioning(dir)).toEqual([]);
  });
});
