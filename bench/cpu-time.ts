/**
 * CPU seconds used by this process (all its threads: the detector's worker
 * included) and by the children it has reaped (every ffmpeg and ffprobe the
 * scan ran), from /proc/self/stat. On a shared box the wall clock measures
 * the neighbours too; CPU time is what a method costs, so a projection from
 * it says what the box would do with both cores kept busy.
 */
import { readFileSync } from "node:fs";

/** USER_HZ: the kernel reports these fields in clock ticks of 1/100 s on Linux. */
const TICKS_PER_SEC = 100;

export function cpuSeconds(): number {
  const stat = readFileSync("/proc/self/stat", "utf8");
  // Fields after the command name (which may hold spaces) start at state (field 3).
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime, stime, cutime, cstime are fields 14–17: indices 11–14 after the name.
  const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
  return ticks / TICKS_PER_SEC;
}
