/**
 * Process trees read from /proc, for tests that check what a signal leaves
 * behind: a pid's descendants, and any process whose command line mentions
 * a test's temp folder (orphans reparented to pid 1 included).
 */
import { readFileSync, readdirSync } from "node:fs";

export interface ProcInfo {
  pid: number;
  ppid: number;
  /** Start time in clock ticks since boot: tells a reused pid from the original. */
  startTicks: string;
  cmdline: string;
}

function readProc(pid: number): ProcInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name is in parentheses and may hold spaces: the fields follow its last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (fields[0] === "Z") return undefined; // a zombie has exited; only its parent's wait is missing
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
    return { pid, ppid: Number(fields[1]), startTicks: fields[19] ?? "", cmdline };
  } catch {
    return undefined; // gone between listing and reading
  }
}

export function allProcesses(): ProcInfo[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => readProc(Number(name)) ?? []);
}

/** Every living descendant of `pid`. */
export function descendants(pid: number): ProcInfo[] {
  const all = allProcesses();
  const out: ProcInfo[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const child of all.filter((p) => p.ppid === parent)) {
      out.push(child);
      queue.push(child.pid);
    }
  }
  return out;
}

/** Whether the very process `info` describes is still running (not a later one with its pid). */
export function stillRunning(info: ProcInfo): boolean {
  const now = readProc(info.pid);
  return now !== undefined && now.startTicks === info.startTicks;
}

export function mentioning(text: string): ProcInfo[] {
  return allProcesses().filter((p) => p.cmdline.includes(text));
}
