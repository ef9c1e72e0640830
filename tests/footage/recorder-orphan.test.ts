// Kerbside killed hard (SIGKILL, OOM, power cut of the service only) leaves
// its ffmpeg recorder running: ffmpeg ignores the closed pipes. The next start
// must stop that orphan (so it does not record on forever, hold a listening
// port or write into files being indexed) and index what it recorded.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseDeployment } from "../../src/config/load.js";
import { stopOrphanFfmpeg } from "../../src/ffmpeg/orphan.js";
import { FootageService } from "../../src/footage/footage-service.js";
import { openDatabase } from "../../src/store/database.js";
import { recordingDeployment } from "./fixtures/record-deployment.js";
import { memoryLogger, SAMPLE, tempDir, waitFor } from "./helpers.js";

const tmp = tempDir("orphan");
afterAll(() => {
  for (const pid of ffmpegWritingInto(tmp.dir)) process.kill(pid, "SIGKILL");
  tmp.cleanup();
});

/** ffmpeg processes whose command line names a path under `dir`. */
function ffmpegWritingInto(dir: string): number[] {
  return readdirSync("/proc").filter((name) => /^\d+$/.test(name)).flatMap((name) => {
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0");
      return path.basename(cmdline[0] ?? "") === "ffmpeg" && cmdline.some((arg) => arg.startsWith(dir)) ? [Number(name)] : [];
    } catch {
      return [];
    }
  });
}

describe("recorder after a crash", () => {
  it("never stops the ffmpeg of a Kerbside that is still running, only once that Kerbside is gone", async () => {
    const storageDir = path.join(tmp.dir, "live-owner");
    const child = spawn(process.execPath, ["--import", "tsx", path.resolve("tests/footage/fixtures/record-child.ts"), storageDir, SAMPLE], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("online") && resolve());
        child.once("exit", (code) => reject(new Error(`recording child exited with ${code}`)));
      });
      const incoming = path.join(storageDir, "footage", "O1", ".incoming");
      const pidFile = path.join(incoming, "ffmpeg.pid");
      const [ffmpegPid] = ffmpegWritingInto(storageDir);
      expect(readFileSync(pidFile, "utf8").split(" ").map(Number).slice(0, 1)).toEqual([ffmpegPid]);
      expect(await stopOrphanFfmpeg(pidFile, incoming, 1000)).toBeUndefined();
      expect(ffmpegWritingInto(storageDir)).toEqual([ffmpegPid]);

      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));
      expect(await stopOrphanFfmpeg(pidFile, incoming, 2000)).toBe(ffmpegPid);
      expect(ffmpegWritingInto(storageDir)).toEqual([]);
    } finally {
      child.kill("SIGKILL");
    }
  }, 40_000);

  it("stops the ffmpeg a killed Kerbside left behind and indexes its segment", async () => {
    const storageDir = path.join(tmp.dir, "data");
    const child = spawn(process.execPath, ["--import", "tsx", path.resolve("tests/footage/fixtures/record-child.ts"), storageDir, SAMPLE], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const online = new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("online") && resolve());
      child.once("exit", (code) => reject(new Error(`recording child exited with ${code}`)));
    });
    await online;
    await new Promise((r) => setTimeout(r, 1500));
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    const orphans = ffmpegWritingInto(tmp.dir);
    expect(orphans).toHaveLength(1);

    const deployment = parseDeployment(recordingDeployment(storageDir, SAMPLE), path.join(storageDir, "d.yaml"));
    const db = openDatabase(path.join(storageDir, "kerbside.db"));
    const restartedAt = Date.now();
    const footage = new FootageService({ deployment, db, log: memoryLogger().log, retentionSchedule: false, tuning: { stopTimeoutMs: 2000 } });
    try {
      footage.start();
      await waitFor(() => !ffmpegWritingInto(tmp.dir).includes(orphans[0]!), 10_000, "the orphan ffmpeg to be stopped");
      await waitFor(() => footage.store.list({ pointId: "O1" }).some((s) => s.status === "ok" && s.startMs < restartedAt - 1000), 10_000, "the orphan's segments");
    } finally {
      await footage.close();
      db.close();
    }
    expect(ffmpegWritingInto(tmp.dir)).toEqual([]);
  }, 40_000);
});
