/**
 * ffmpeg recorders left behind by a Kerbside process that was killed hard
 * (SIGKILL, OOM killer): ffmpeg ignores SIGPIPE and stdin EOF, so it records
 * on for ever. A recorder notes its child (pid and start time) and itself
 * (the owner: pid and start time) in a file; the next start stops that
 * process only if it really is a leftover: the same process (its start time
 * matches, so a reused pid is never signalled), still an ffmpeg writing into
 * the same folder, and its owner is gone (a live Kerbside's recorder is never
 * taken for a leftover). SIGTERM lets ffmpeg finalise its open segment;
 * SIGKILL follows after the timeout.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { commandLine, identify, isAlive, parentPid, processStartTime, type ProcessIdentity } from "./proc-info.js";

/** `<ffmpeg pid> <its start time> <owner pid> <owner start time>` ("-" where unknown). */
export function notePid(pidFile: string, pid: number | undefined): void {
  if (pid === undefined) return;
  const owner = identify(process.pid);
  writeFileSync(pidFile, `${pid} ${processStartTime(pid) ?? "-"} ${owner.pid} ${owner.startTime ?? "-"}\n`);
}

interface PidRecord {
  child: ProcessIdentity;
  /** Absent in files written before owners were recorded. */
  owner?: ProcessIdentity;
}

export function parsePidRecord(text: string): PidRecord | undefined {
  const [pid, start, ownerPid, ownerStart] = text.trim().split(/\s+/);
  const id = (p: string | undefined, t: string | undefined): ProcessIdentity | undefined => {
    const n = Number(p);
    return Number.isInteger(n) && n > 0 ? { pid: n, startTime: t && t !== "-" ? t : null } : undefined;
  };
  const child = id(pid, start);
  return child ? { child, owner: id(ownerPid, ownerStart) } : undefined;
}

/** Whether the recorded ffmpeg is a leftover: the same process, and no live Kerbside owns it. */
export function isLeftover(record: PidRecord, dir: string): boolean {
  const { child, owner } = record;
  if (!isFfmpegWritingInto(child.pid, dir)) return false;
  if (child.startTime !== null && processStartTime(child.pid) !== child.startTime) return false;
  if (owner) return owner.pid !== process.pid && !isAlive(owner);
  // An old pid-only file: a leftover's parent died, so it was handed to init (or a subreaper that is no Kerbside).
  const ppid = parentPid(child.pid);
  if (ppid === null || ppid === 1) return true;
  return !(commandLine(ppid) ?? []).some((arg) => /kerbside|node/.test(path.basename(arg)));
}

export function forgetPid(pidFile: string): void {
  rmSync(pidFile, { force: true });
}

/** Stops the ffmpeg named in `pidFile` if it still writes under `dir`; returns its pid when it did. */
export async function stopOrphanFfmpeg(pidFile: string, dir: string, timeoutMs: number): Promise<number | undefined> {
  let record: PidRecord | undefined;
  try {
    record = parsePidRecord(readFileSync(pidFile, "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  if (!record || !isLeftover(record, dir)) return undefined;
  forgetPid(pidFile);
  const { pid } = record.child;
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
