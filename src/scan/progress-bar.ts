/**
 * The terminal progress bar of `kerbside scan`: shown on stderr only when it
 * is a terminal (and not with --json), so scripts and pipes see clean output.
 */
import cliProgress from "cli-progress";
import type { ScanProgressEvent } from "./scan-job.js";

export interface ProgressView {
  /** true when a bar is drawn. */
  readonly active: boolean;
  update(event: ScanProgressEvent): void;
  /** Stops drawing; `done` fills the bar (the scan finished). */
  stop(done?: boolean): void;
}

export function createProgressView(enabled: boolean, stream: NodeJS.WriteStream = process.stderr): ProgressView {
  if (!enabled || !stream.isTTY) return { active: false, update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: "scan [{bar}] {percentage}% | segment {segment}/{segments} | {frames} frames | {incidents} incidents",
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    active: true,
    update(event) {
      const payload = { segment: event.segmentIndex + 1, segments: event.segmentCount, frames: event.frames, incidents: event.incidents };
      const value = Math.round(((event.segmentIndex + event.fraction) / Math.max(1, event.segmentCount)) * 1000);
      if (!started) bar.start(1000, value, payload);
      else bar.update(value, payload);
      started = true;
    },
    stop(done = false) {
      if (started && done) bar.update(1000);
      if (started) bar.stop();
      started = false;
    },
  };
}
