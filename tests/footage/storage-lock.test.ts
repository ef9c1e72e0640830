// One Kerbside per storage directory: a lock file with pid + start time that
// a live holder keeps, and that a crashed or reused-pid holder cannot keep stuck.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isKerbsideError } from "../../src/errors.js";
import { processStartTime } from "../../src/ffmpeg/proc-info.js";
import { acquireStorageLock, LOCK_FILE, storageLockHolder } from "../../src/footage/storage-lock.js";
import { tempDir } from "./helpers.js";

const tmp = tempDir("lock");
afterAll(() => tmp.cleanup());

function holdInChild(dir: string) {
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve("tests/footage/fixtures/lock-child.ts"), dir], { stdio: ["ignore", "pipe", "inherit"] });
  const locked = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("locked") && resolve());
    child.once("exit", (code) => reject(new Error(`lock child exited with ${code}`)));
  });
  return { child, locked };
}

describe("storage lock", () => {
  it("refuses a second process while the first lives, naming its pid and command; a crash does not leave it stuck", async () => {
    const dir = path.join(tmp.dir, "a");
    const { child, locked } = holdInChild(dir);
    await locked;
    const error = (() => {
      try {
        acquireStorageLock(dir);
      } catch (e) {
        return e;
      }
    })();
    expect(isKerbsideError(error, "KERB_ERR_STORAGE_LOCKED")).toBe(true);
    expect((error as Error).message).toContain(`pid ${child.pid} (`);
    expect((error as Error).message).toContain("lock-child.ts");
    expect(storageLockHolder(dir)?.pid).toBe(child.pid);

    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    const lock = acquireStorageLock(dir);
    expect(JSON.parse(readFileSync(lock.file, "utf8"))).toMatchObject({ pid: process.pid, startTime: processStartTime(process.pid) });
    lock.release();
    lock.release();
    expect(existsSync(lock.file)).toBe(false);
  }, 40_000);

  it("takes over a lock whose pid now belongs to another process (pid reused after a crash)", () => {
    const dir = path.join(tmp.dir, "b");
    const first = acquireStorageLock(dir);
    // The same pid as a live process, but not that process's start time: the holder is long gone.
    writeFileSync(first.file, JSON.stringify({ pid: process.ppid, startTime: "1", command: "kerbside run", since: "2026-11-30T00:00:00Z" }));
    const lock = acquireStorageLock(dir);
    expect(JSON.parse(readFileSync(path.join(dir, LOCK_FILE), "utf8")).pid).toBe(process.pid);
    lock.release();
  });

  it("release leaves a lock that another process took meanwhile", () => {
    const dir = path.join(tmp.dir, "c");
    const lock = acquireStorageLock(dir);
    writeFileSync(lock.file, JSON.stringify({ pid: process.ppid, startTime: processStartTime(process.ppid), command: "other", since: "now" }));
    lock.release();
    expect(existsSync(lock.file)).toBe(true);
  });
});
