/**
 * Stops a child process the careful way: SIGTERM, wait, then SIGKILL.
 * Resolves once the process has exited (or at once if it already has).
 * For children whose stdout is binary (the frame sampler's raw RGB pipe,
 * evidence extraction); line-oriented children use process.ts, whose stop()
 * also asks ffmpeg to quit first so an open segment is finalised.
 */
import type { SpawnedChild } from "./spawner.js";

export async function stopProcess(child: SpawnedChild, graceMs = 2000): Promise<void> {
  if (hasExited(child)) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => {
    if (!hasExited(child)) child.kill("SIGKILL");
  }, graceMs);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

export function hasExited(child: SpawnedChild): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}
