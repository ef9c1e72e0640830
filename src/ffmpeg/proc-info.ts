/**
 * What /proc says about a process: its start time (clock ticks since boot,
 * field 22 of /proc/<pid>/stat), parent and command line. A pid together
 * with its start time names one process for ever: a pid the kernel reused
 * has another start time. Where /proc is missing (not Linux) the start time
 * is unknown and only "is a process with this pid alive" can be answered.
 */
import { readFileSync } from "node:fs";

export interface ProcessIdentity {
  pid: number;
  /** null where /proc is unavailable. */
  startTime: string | null;
}

/** Fields after the command name, which sits in parentheses and may itself hold spaces or parentheses. */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

export function processStartTime(pid: number): string | null {
  return statFields(pid)?.[19] ?? null;
}

export function parentPid(pid: number): number | null {
  const ppid = Number(statFields(pid)?.[1]);
  return Number.isInteger(ppid) ? ppid : null;
}

export function commandLine(pid: number): string[] | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter((arg) => arg !== "");
  } catch {
    return null;
  }
}

export function identify(pid: number): ProcessIdentity {
  return { pid, startTime: processStartTime(pid) };
}

/** True when exactly that process (same pid, same start time where known) still runs. */
export function isAlive(who: ProcessIdentity): boolean {
  const now = processStartTime(who.pid);
  if (now !== null) return who.startTime === null || now === who.startTime;
  try {
    process.kill(who.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
