// Live recording against real ffmpeg servers on 127.0.0.1: an RTSP camera
// that pushes to the recorder (ffmpeg -rtsp_flags listen) and goes away and
// comes back, and an HTTP camera the recorder pulls (ffmpeg -listen 1). The
// footage is encoded as cameras send it: H.264 High with B-frames, HEVC with
// B-frames, with and without an AAC audio track.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDeployment } from "../../src/config/load.js";
import { startProcess, type ManagedProcess } from "../../src/ffmpeg/process.js";
import { FootageService } from "../../src/footage/footage-service.js";
import { openDatabase, type Db } from "../../src/store/database.js";
import { freePort, makeCameraClip, makeH264Clip, memoryLogger, tempDir, waitFor } from "./helpers.js";

const tmp = tempDir("live");
let clip: string;
beforeAll(() => {
  clip = makeH264Clip(path.join(tmp.dir, "camera.mp4"), 30);
});
afterAll(() => tmp.cleanup());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function deployment(name: string, source: Record<string, unknown>) {
  const storageDir = path.join(tmp.dir, name);
  const raw = {
    storageDir,
    units: [{ id: "u", name: "县城市管理综合执法局" }],
    points: [{ id: "L01", name: "测试点位", category: "main_road", units: ["u"], source }],
  };
  return parseDeployment(raw, path.join(tmp.dir, `${name}.yaml`));
}

function service(d: ReturnType<typeof deployment>, db: Db, log: ReturnType<typeof memoryLogger>["log"]) {
  return new FootageService({
    deployment: d,
    db,
    log,
    retentionSchedule: false,
    tuning: { initialBackoffMs: 300, maxBackoffMs: 1000, stopTimeoutMs: 4000, ioTimeoutSec: 3 },
  });
}

/** Starts an ffmpeg publisher; retries while the recorder is between attempts. */
async function publish(args: string[]): Promise<ManagedProcess> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const proc = startProcess("ffmpeg", args, { stopTimeoutMs: 1000 });
    await sleep(1000);
    if (proc.isRunning()) return proc;
    await proc.stop();
  }
  throw new Error("publisher could not connect");
}

/** Codec types of a recorded file's streams, and whatever ffmpeg complains about while decoding all of it. */
function inspect(file: string): { streams: string[]; decodeErrors: string } {
  const streams = execFileSync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", file]).toString().trim().split("\n");
  const decodeErrors = execFileSync("ffmpeg", ["-v", "error", "-i", file, "-f", "null", "-"], { stdio: ["ignore", "pipe", "pipe"] }).toString();
  return { streams, decodeErrors };
}

/** Pushes `clip` over RTSP to a listening recorder until `count` segments are indexed; returns them and the log. */
async function recordPushed(name: string, clip: string, count: number) {
  const port = await freePort();
  const url = `rtsp://127.0.0.1:${port}/cam`;
  const d = deployment(name, { kind: "rtsp", url, listen: true, transport: "tcp", segmentSec: 2 });
  const db = openDatabase(path.join(d.storageDir, "kerbside.db"));
  const { log, lines } = memoryLogger();
  const footage = service(d, db, log);
  let camera: ManagedProcess | undefined;
  const states = new Set<string>();
  try {
    footage.start();
    await sleep(500);
    camera = await publish(["-v", "error", "-re", "-i", clip, "-c", "copy", "-f", "rtsp", "-rtsp_transport", "tcp", url]);
    await waitFor(() => {
      states.add(footage.health("L01")?.state ?? "none");
      return footage.store.list({ pointId: "L01" }).length >= count;
    }, 40_000, `${count} segments`);
    states.add(footage.health("L01")?.state ?? "none");
    await footage.close();
    return { segments: footage.store.list({ pointId: "L01" }), lines, states, health: footage.healthStore.get("L01") };
  } finally {
    await camera?.stop();
    await footage.close();
    db.close();
  }
}

describe("live recording of cameras with B-frames and audio", () => {
  it("records an RTSP camera sending H.264 High with B-frames and AAC audio into readable segments", async () => {
    const clip = makeCameraClip(path.join(tmp.dir, "high-aac.mp4"), 30, { codec: "h264", audio: true });
    expect(execFileSync("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=profile,has_b_frames", "-of", "csv=p=0", clip]).toString().trim()).toBe("High,2");
    const { segments, lines, states, health } = await recordPushed("bframes-aac", clip, 4);
    expect(lines.join("\n")).not.toMatch(/unknown timestamp|Timestamps are unset/);
    expect(segments.map((s) => [s.status, s.codec])).toEqual(segments.map(() => ["ok", "h264"]));
    expect(states.has("failing")).toBe(false);
    expect(health?.reconnects).toBe(0);
    for (const s of segments) {
      const { streams, decodeErrors } = inspect(s.path);
      expect(streams).toEqual(["h264", "aac"]);
      expect(decodeErrors).toBe("");
    }
    const c = footageCoverage(segments);
    expect(c).toBeGreaterThan(5);
  });

  it("records an RTSP camera sending HEVC with B-frames into readable segments", async () => {
    const clip = makeCameraClip(path.join(tmp.dir, "hevc.mp4"), 30, { codec: "hevc" });
    const { segments, states, health } = await recordPushed("hevc", clip, 4);
    expect(segments.map((s) => [s.status, s.codec])).toEqual(segments.map(() => ["ok", "hevc"]));
    expect(states.has("failing")).toBe(false);
    expect(health?.reconnects).toBe(0);
    for (const s of segments) expect(inspect(s.path)).toEqual({ streams: ["hevc"], decodeErrors: "" });
  });

  it("shows a recorder whose segments are all unreadable as failing, with the reason, not as a quiet loop", async () => {
    const saved = process.env.FFMPEG_PATH;
    process.env.FFMPEG_PATH = path.resolve("tests/footage/fixtures/fake-ffmpeg-unreadable.mjs");
    const d = deployment("failing", { kind: "rtsp", url: "rtsp://127.0.0.1:9/cam", segmentSec: 2 });
    const db = openDatabase(path.join(d.storageDir, "kerbside.db"));
    const { log, lines } = memoryLogger();
    const footage = service(d, db, log);
    try {
      footage.start();
      const failing = await waitFor(() => (footage.health("L01")?.state === "failing" ? footage.health("L01") : undefined), 20_000, "failing health");
      expect(failing.lastError).toMatch(/recorded segments in a row are unreadable \(last: .+\)/);
      expect(footage.healthStore.get("L01")?.state).toBe("failing");
      expect(lines.some((l) => l.includes("recorder produces unreadable segments"))).toBe(true);
      expect(footage.store.list({ pointId: "L01" }).every((s) => s.status === "unreadable")).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.FFMPEG_PATH;
      else process.env.FFMPEG_PATH = saved;
      await footage.close();
      db.close();
    }
  });
});

function footageCoverage(segments: { startMs: number; endMs: number }[]): number {
  return segments.reduce((sum, s) => sum + (s.endMs - s.startMs), 0) / 1000;
}

describe("live recording", () => {
  it("records an RTSP camera that pushes, marks the drop offline, reconnects and records the gap", async () => {
    // As cameras send it (B-frames, audio): every connection starts with the untimed frame the recorder must skip.
    const clip = makeCameraClip(path.join(tmp.dir, "reconnect.mp4"), 30, { codec: "h264", audio: true });
    const port = await freePort();
    const url = `rtsp://127.0.0.1:${port}/cam`;
    const d = deployment("rtsp", { kind: "rtsp", url, listen: true, transport: "tcp", segmentSec: 2 });
    const db = openDatabase(path.join(d.storageDir, "kerbside.db"));
    const { log, lines } = memoryLogger();
    const footage = service(d, db, log);
    const publisherArgs = ["-v", "error", "-re", "-i", clip, "-c", "copy", "-f", "rtsp", "-rtsp_transport", "tcp", url];
    try {
      footage.start();
      await sleep(500);
      let camera = await publish(publisherArgs);
      await waitFor(() => footage.store.list({ pointId: "L01" }).length >= 3, 20_000, "first segments");
      expect(footage.health("L01")?.state).toBe("online");

      process.kill(camera.pid ?? 0, "SIGKILL");
      await camera.exited;
      const dropped = await waitFor(() => (footage.health("L01")?.state === "offline" ? footage.health("L01") : undefined), 10_000, "offline");
      expect(dropped?.lastError).toMatch(/stream ended|exited/);
      const before = footage.store.list({ pointId: "L01" });
      await sleep(2500);

      camera = await publish(publisherArgs);
      await waitFor(() => footage.store.list({ pointId: "L01" }).length >= before.length + 2, 20_000, "segments after reconnect");
      expect(footage.health("L01")?.state).toBe("online");
      await footage.close();
      await camera.stop();

      const segments = footage.store.list({ pointId: "L01" });
      expect(segments.every((s) => s.status === "ok" && s.codec === "h264")).toBe(true);
      expect(segments.filter((s) => s.startMs > before[before.length - 1]!.startMs).length).toBeGreaterThanOrEqual(2);
      expect(lines.join("\n")).not.toMatch(/unknown timestamp|Timestamps are unset/);
      for (const s of segments) {
        expect(existsSync(s.path)).toBe(true);
        expect(path.relative(d.storageDir, s.path)).toMatch(/^footage\/L01\/\d{8}\/L01_\d{8}T\d{6}(_\d+)?\.mkv$/);
      }
      expect(readdirSync(path.join(d.storageDir, "footage", "L01", ".incoming"))).toEqual([]);

      const first = segments[0]!;
      const last = segments[segments.length - 1]!;
      const coverage = footage.store.coverage("L01", first.startMs, last.endMs);
      const offline = coverage.gaps.filter((g) => g.reason === "offline");
      expect(offline.length).toBeGreaterThanOrEqual(1);
      const gapSec = offline.reduce((sum, g) => sum + (g.toMs - g.fromMs), 0) / 1000;
      expect(gapSec).toBeGreaterThan(2);
      expect(gapSec).toBeLessThan(30);
      const lastBefore = before[before.length - 1]!;
      expect(offline[0]!.fromMs).toBeGreaterThanOrEqual(lastBefore.startMs);
      // At least 3 segments before the drop and 2 after, of 2 s each; the first after each connect is cut short by the clock alignment.
      expect(coverage.coveredSec).toBeGreaterThan(5);

      const saved = footage.healthStore.get("L01");
      expect(saved?.state).toBe("stopped");
      expect(saved?.reconnects).toBeGreaterThanOrEqual(1);
      expect(saved?.lastSegmentAt).toBeGreaterThanOrEqual(last.startMs);
      expect(lines.some((l) => l.includes("camera offline; reconnecting"))).toBe(true);
    } finally {
      await footage.close();
      db.close();
    }
  });

  it("pulls an HTTP camera, and redacts its credentials when the camera goes away", async () => {
    const port = await freePort();
    const secret = "S3cretPass";
    const url = `http://viewer:${secret}@127.0.0.1:${port}/live.ts?token=T0ken${secret}`;
    const d = deployment("http", { kind: "http", url, segmentSec: 2 });
    const db = openDatabase(":memory:");
    const { log, lines } = memoryLogger();
    const footage = service(d, db, log);
    const camera = startProcess("ffmpeg", ["-v", "error", "-re", "-i", clip, "-c", "copy", "-f", "mpegts", "-listen", "1", `http://127.0.0.1:${port}/live.ts`]);
    try {
      await sleep(700);
      footage.start();
      await waitFor(() => footage.store.list({ pointId: "L01" }).length >= 2, 20_000, "pulled segments");
      // Not on the process list: ffmpeg reads the URL from a file only this user can read.
      const incoming = path.join(d.storageDir, "footage", "L01", ".incoming");
      const ffmpegPid = Number(readFileSync(path.join(incoming, "ffmpeg.pid"), "utf8").split(" ")[0]);
      const argv = readFileSync(`/proc/${ffmpegPid}/cmdline`, "utf8").split("\0");
      expect(argv.join(" ")).not.toContain(secret);
      expect(argv).toContain(path.join(incoming, ".source.ffconcat"));
      expect(statSync(path.join(incoming, ".source.ffconcat")).mode & 0o777).toBe(0o600);
      await camera.stop();
      const health = await waitFor(() => {
        const h = footage.health("L01");
        return h && h.state === "offline" && h.reconnects >= 2 ? h : undefined;
      }, 20_000, "offline with reconnect attempts");
      expect(health.lastError).toBeTruthy();
      await footage.close();
      const segments = footage.store.list({ pointId: "L01" });
      expect(segments.length).toBeGreaterThanOrEqual(2);
      expect(segments.every((s) => s.status === "ok" && s.sourceKind === "http")).toBe(true);
      const everything = [...lines, JSON.stringify(footage.healthStore.all()), JSON.stringify(footage.store.outages("L01", 0, Date.now()))].join("\n");
      expect(everything).not.toContain(secret);
      expect(everything).toContain("***:***@127.0.0.1");
    } finally {
      await camera.stop();
      await footage.close();
      db.close();
    }
  });

  it("restarts a recorder whose camera stalls (connected but sending nothing)", async () => {
    const port = await freePort();
    const url = `rtsp://127.0.0.1:${port}/cam`;
    const d = deployment("stall", { kind: "rtsp", url, listen: true, segmentSec: 2 });
    const db = openDatabase(":memory:");
    const { log, lines } = memoryLogger();
    const footage = new FootageService({
      deployment: d, db, log, retentionSchedule: false,
      tuning: { initialBackoffMs: 300, maxBackoffMs: 1000, stopTimeoutMs: 1500, stallTimeoutMs: 2500 },
    });
    let camera: ManagedProcess | undefined;
    try {
      footage.start();
      await sleep(500);
      camera = await publish(["-v", "error", "-re", "-i", clip, "-c", "copy", "-f", "rtsp", "-rtsp_transport", "tcp", url]);
      await waitFor(() => footage.health("L01")?.state === "online", 15_000, "online");
      process.kill(camera.pid ?? 0, "SIGSTOP");
      const stalled = await waitFor(() => (footage.health("L01")?.state === "offline" ? footage.health("L01") : undefined), 20_000, "stall detected");
      expect(stalled.lastError).toContain("stalled");
      expect(lines.some((l) => l.includes("no data from camera; restarting ffmpeg"))).toBe(true);
      await waitFor(() => (footage.health("L01")?.reconnects ?? 0) >= 1, 10_000, "restart");
    } finally {
      if (camera?.pid) process.kill(camera.pid, "SIGCONT");
      await camera?.stop();
      await footage.close();
      db.close();
    }
  });

  it("replays a file live as a camera until it ends", async () => {
    const short = makeH264Clip(path.join(tmp.dir, "short.mp4"), 5);
    const d = deployment("file", { kind: "file", path: short, live: true, segmentSec: 2 });
    const db = openDatabase(":memory:");
    const footage = service(d, db, memoryLogger().log);
    try {
      const started = Date.now();
      footage.start();
      await waitFor(() => footage.health("L01")?.state === "ended", 20_000, "end of replay");
      await footage.close();
      const segments = footage.store.list({ pointId: "L01" });
      expect(segments.length).toBeGreaterThanOrEqual(2);
      const c = footage.store.coverage("L01", segments[0]!.startMs, segments[segments.length - 1]!.endMs);
      expect(c.gaps).toEqual([]);
      // A 5 s clip. Segment starts come from 1-second file names, so neighbours may overlap by up to a second.
      expect(c.coveredSec).toBeGreaterThan(3.5);
      expect(c.coveredSec).toBeLessThan(7);
      expect(Math.abs(segments[0]!.startMs - started)).toBeLessThan(3000);
    } finally {
      await footage.close();
      db.close();
    }
  });
});
