/**
 * CPU and memory of processes, read from /proc (Linux): a process's own
 * utime + stime and its RSS, the descendants of a pid, and the whole
 * machine's busy share, so the live bench can tell Kerbside's cost from the
 * simulated cameras' and from other users of a shared box.
 */
import { readdirSync, readFileSync } from "node:fs";

const TICK_MS = 10; // USER_HZ = 100 on Linux

export interface ProcSample {
  cpuMs: number;
  rssBytes: number;
}

export function procSample(pid: number): ProcSample | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const cpuTicks = Number(fields[11]) + Number(fields[12]);
    const rssPages = Number(fields[21]);
    return { cpuMs: cpuTicks * TICK_MS, rssBytes: rssPages * 4096 };
  } catch {
    return null; // exited meanwhile
  }
}

/** A process's arguments (empty once it has exited). */
export function commandLine(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter((a) => a !== "");
  } catch {
    return []; // exited meanwhile
  }
}

/** Every live process whose ancestry reaches `root`. */
export function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // exited meanwhile
    }
  }
  const out: number[] = [];
  for (const pid of parent.keys()) {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) {
      if (p === root) {
        out.push(pid);
        break;
      }
    }
  }
  return out;
}

export function sumSamples(pids: readonly number[]): ProcSample {
  return pids.map(procSample).reduce<ProcSample>((sum, s) => (s ? { cpuMs: sum.cpuMs + s.cpuMs, rssBytes: sum.rssBytes + s.rssBytes } : sum), { cpuMs: 0, rssBytes: 0 });
}

/** Machine-wide busy and total jiffies (all cores), from /proc/stat. */
export function machineTicks(): { busy: number; total: number } {
  const cpu = (readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "").trim().split(/\s+/).slice(1).map(Number);
  const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0);
  const total = cpu.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}
