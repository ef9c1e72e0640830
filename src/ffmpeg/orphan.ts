/**
 * ffmpeg recorders left behind by a Kerbside process that was killed hard
 * (SIGKILL, OOM killer): ffmpeg ignores SIGPIPE and stdin EOF, so it records
 * on for ever. A recorder notes its child's pid in a file; the next start
 * stops that process if it is still an ffmpeg writing into the same folder
 * (checked through /proc, so a reused pid is never signalled). SIGTERM lets
 * ffmpeg finalise its open segment; SIGKILL follows after the timeout.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

export function notePid(pidFile: string, pid: number | undefined): void {
  if (pid !== undefined) writeFileSync(pidFile, `${pid}\n`);
}

export function forgetPid(pidFile: string): void {
  rmSync(pidFile, { force: true });
}

/** Stops the ffmpeg named in `pidFile` if it still writes under `dir`; returns its pid when it did. */
export async function stopOrphanFfmpeg(pidFile: string, dir: string, timeoutMs: number): Promise<number | undefined> {
  let pid: number;
  try {
    pid = Number(readFileSync(pidFile, "utf8").trim());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  forgetPid(pidFile);
  if (!Number.isInteger(pid) || pid <= 0 || !isFfmpegWritingInto(pid, dir)) return undefined;
  for (const signal of ["SIGTERM", "SIGKILL"] as const) {
    signalQuietly(pid, signal);
    if (await goneWithin(pid, dir, timeoutMs)) return pid;
  }
  return pid;
}

/** True when process `pid` is an ffmpeg with an argument under `dir` (false where /proc is unavailable). */
export function isFfmpegWritingInto(pid: number, dir: string): boolean {
  let args: string[];
  try {
    args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  } catch {
    return false;
  }
  const prefix = `${path.resolve(dir)}${path.sep}`;
  return /ffmpeg/i.test(path.basename(args[0] ?? "")) && args.some((arg) => arg.startsWith(prefix));
}

function signalQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

async function goneWithin(pid: number, dir: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (isFfmpegWritingInto(pid, dir)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}
