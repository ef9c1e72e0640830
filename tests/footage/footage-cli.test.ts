// `kerbside footage record|status|index` end to end in child processes: a
// file replayed live and an unreachable camera whose password must never be
// printed or logged.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { freePort, makeH264Clip, makeGarbage, tempDir, waitFor } from "./helpers.js";

const tmp = tempDir("footage-cli");
const config = path.join(tmp.dir, "deployment.yaml");
const PASSWORD = "Pa55word";
const env = { ...process.env, KERBSIDE_LOG_LEVEL: "info" };
const cli = ["--import", "tsx", path.resolve("src/cli/main.ts"), "footage"];

beforeAll(async () => {
  makeH264Clip(path.join(tmp.dir, "camera.mp4"), 6);
  makeGarbage(path.join(tmp.dir, "broken.mp4"));
  const deadPort = await freePort();
  const point = (id: string, source: Record<string, unknown>) => ({ id, name: `点位 ${id}`, category: "main_road", units: ["u"], source });
  writeFileSync(
    config,
    stringify({
      storageDir: "data",
      units: [{ id: "u", name: "县城市管理综合执法局" }],
      points: [
        point("F01", { kind: "file", path: "camera.mp4", live: true, loop: true, segmentSec: 2 }),
        point("C01", { kind: "rtsp", url: `rtsp://admin:${PASSWORD}@127.0.0.1:${deadPort}/cam`, transport: "tcp" }),
        point("X01", { kind: "file", path: "broken.mp4", start: "2026-11-20T08:00:00+08:00" }),
      ],
    }),
  );
});
afterAll(() => tmp.cleanup());

function run(args: string[]) {
  const result = spawnSync(process.execPath, [...cli, ...args], { env, encoding: "utf8", timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("kerbside footage", () => {
  it("records until SIGINT, then status shows health, coverage and gaps without credentials", async () => {
    const child = spawn(process.execPath, [...cli, "record", "--config", config], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    const dayFiles = () => {
      const dir = path.join(tmp.dir, "data", "footage", "F01");
      try {
        return readdirSync(dir, { recursive: true }).map(String).filter((f) => /^\d{8}\/F01_.*\.mkv$/.test(f));
      } catch {
        return [];
      }
    };
    await waitFor(() => dayFiles().length >= 2 && stderr.includes("camera offline"), 30_000, "recorded segments and an offline camera");
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(readdirSync(path.join(tmp.dir, "data", "footage", "F01", ".incoming"))).toEqual([]);
    expect(stderr).not.toContain(PASSWORD);
    expect(stderr).toContain("***:***@127.0.0.1");

    const json = run(["status", "--config", config, "--json"]);
    expect(json.code).toBe(0);
    const status = JSON.parse(json.stdout) as { points: { pointId: string; coveredHours: number; segments: number; source: string; health: { state: string; reconnects: number; lastError: string } | null }[] };
    const f01 = status.points.find((p) => p.pointId === "F01")!;
    const c01 = status.points.find((p) => p.pointId === "C01")!;
    expect(f01.segments).toBeGreaterThanOrEqual(2);
    expect(f01.coveredHours * 3600).toBeGreaterThan(3);
    expect(f01.health?.state).toBe("stopped");
    expect(c01.segments).toBe(0);
    expect(c01.health?.reconnects).toBeGreaterThanOrEqual(1);
    expect(c01.health?.lastError).toMatch(/Connection refused|exited/);
    expect(c01.source).toContain("rtsp://***:***@127.0.0.1");
    const text = run(["status", "--config", config]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/F01 {2}点位 F01 {2}\[main_road\]/);
    expect(text.stdout).toMatch(/gaps: {5}\d+/);
    expect(`${json.stdout}${text.stdout}${text.stderr}`).not.toContain(PASSWORD);
  });

  it("record survives a second Ctrl-C while closing (npm forwards one too): open segments finalised and indexed", async () => {
    const child = spawn(process.execPath, [...cli, "record", "--config", config, "--point", "F01"], { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    await waitFor(() => stderr.includes('"state":"online"') || stderr.includes("Ctrl-C to stop"), 20_000, "recording");
    await new Promise((r) => setTimeout(r, 2500));
    child.kill("SIGINT");
    await new Promise((r) => setTimeout(r, 100));
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(readdirSync(path.join(tmp.dir, "data", "footage", "F01", ".incoming"))).toEqual([]);
    expect(stderr).toContain("footage service closed");
  });

  it("a second Kerbside on the same storage dir refuses to start, naming the first; the first records on", async () => {
    const first = spawn(process.execPath, [...cli, "record", "--config", config, "--point", "F01"], { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    first.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => first.on("close", resolve));
    try {
      const pidFile = path.join(tmp.dir, "data", "footage", "F01", ".incoming", "ffmpeg.pid");
      await waitFor(() => existsSync(pidFile) && stderr.includes("Ctrl-C to stop"), 60_000, "the first recorder running");
      const ffmpegPid = Number(readFileSync(pidFile, "utf8").split(" ")[0]);
      const second = run(["record", "--config", config, "--point", "F01"]);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain("KERB_ERR_STORAGE_LOCKED");
      expect(second.stderr).toContain(`pid ${first.pid} (`);
      expect(second.stderr).toMatch(/footage record --config/);
      expect(() => process.kill(ffmpegPid, 0)).not.toThrow(); // the first one's ffmpeg was left alone
      const lock = JSON.parse(readFileSync(path.join(tmp.dir, "data", "kerbside.lock"), "utf8")) as { pid: number };
      expect(lock.pid).toBe(first.pid);
    } finally {
      first.kill("SIGINT");
      await exited;
    }
    expect(existsSync(path.join(tmp.dir, "data", "kerbside.lock"))).toBe(false);
  });

  it("index marks a broken file unreadable; an unknown point is an error", () => {
    const index = run(["index", "--config", config, "--json"]);
    expect(index.code).toBe(0);
    expect(JSON.parse(index.stdout)).toEqual([{ pointId: "X01", ok: 0, unreadable: 1, skipped: [] }]);
    const status = run(["status", "--config", config, "--point", "X01"]);
    expect(status.stdout).toContain("1 unreadable");
    const unknown = run(["status", "--config", config, "--point", "NOPE"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("KERB_ERR_POINT_UNKNOWN");
  });
});
