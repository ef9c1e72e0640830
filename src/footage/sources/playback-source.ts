/**
 * NVR playback: every round, looks at the point's coverage over the recent
 * past and fetches the missing ranges through the configured time-range URL
 * template ({start:FORMAT} / {end:FORMAT}), one Matroska file per range.
 * A failing NVR is marked offline and the range retried after a backoff.
 */
import { mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { errorMessage } from "../../errors.js";
import type { ManagedProcess } from "../../ffmpeg/process.js";
import { startTool } from "../../ffmpeg/run-tool.js";
import { Watchdog } from "../../ffmpeg/watchdog.js";
import { buildPlaybackArgs } from "../../ffmpeg/record-args.js";
import { withSourceFile } from "../../ffmpeg/source-file.js";
import { planBackfill } from "../backfill-plan.js";
import { incomingDir } from "../layout.js";
import { expandPlaybackTemplate, validatePlaybackTemplate } from "../playback-url.js";
import { redactText, redactUrl } from "../redact.js";
import { retentionCutoff } from "../retention.js";
import { compactStamp } from "../../time/time-zone.js";
import type { FootageSource, Interval, SegmentHandler, SourceHealth } from "../types.js";
import { HealthTracker } from "./health-tracker.js";
import { PollingLoop } from "./polling-loop.js";
import { DEFAULT_SEGMENT_SEC, type SourceContext } from "./source-context.js";

const RANGES_PER_ROUND = 12;

export class PlaybackSource implements FootageSource {
  readonly kind = "playback" as const;
  private readonly tracker: HealthTracker;
  private readonly retryAfter = new Map<number, number>();
  private readonly failures = new Map<number, number>();
  private loop: PollingLoop | undefined;
  private proc: ManagedProcess | undefined;
  private closed = false;
  /** After a failure the NVR is left alone until then. */
  private pausedUntil = 0;

  constructor(private readonly ctx: SourceContext) {
    if (ctx.point.source.kind !== "playback") throw new Error("PlaybackSource needs a playback source");
    validatePlaybackTemplate(ctx.point.source.urlTemplate);
    this.tracker = new HealthTracker(ctx.now, ctx.onHealth);
  }

  start(onSegment: SegmentHandler): void {
    if (this.loop || this.closed) return;
    this.loop = new PollingLoop(() => this.backfill(onSegment), this.ctx.tuning.playbackIntervalMs, (error) => {
      this.ctx.log.error({ err: redactText(errorMessage(error)) }, "playback backfill round failed");
      this.tracker.set("offline", { error: `playback backfill failed: ${errorMessage(error)}` });
    });
    this.loop.start();
  }

  health(): SourceHealth {
    return this.tracker.snapshot();
  }

  async close(): Promise<void> {
    this.closed = true;
    const stopping = this.loop?.stop();
    await this.proc?.stop();
    await stopping;
    this.tracker.set("stopped");
  }

  /**
   * One round: fetch the planned ranges oldest first; stop at the first
   * failure, unless that range failed before: a range the NVR never has (the
   * camera was off then) does not show the NVR is down, and must not block
   * the ranges after it until it leaves the lookback window. The next range
   * decides: a second failure in a row ends the round.
   */
  async backfill(onSegment: SegmentHandler): Promise<void> {
    const { point, store, tuning, deployment } = this.ctx;
    const now = this.ctx.now();
    if (now < this.pausedUntil) return;
    const from = Math.max(now - tuning.playbackLookbackMs, retentionCutoff(now, deployment.retentionDays));
    const gaps = store.coverage(point.id, from, now - tuning.playbackLagMs).gaps;
    const ranges = planBackfill(gaps, { segmentSec: this.segmentSec(), maxRanges: RANGES_PER_ROUND, retryAfter: this.retryAfter, nowMs: now });
    let previousFailed = false;
    for (const range of ranges) {
      if (this.closed) return;
      const failedBefore = this.failures.has(range.fromMs);
      const ok = await this.fetch(range, onSegment);
      if (!ok && (!failedBefore || previousFailed)) return;
      previousFailed = !ok;
    }
  }

  private async fetch(range: Interval, onSegment: SegmentHandler): Promise<boolean> {
    const { point, tuning, deployment, log } = this.ctx;
    if (point.source.kind !== "playback") return false;
    const zone = point.source.timeZone === "local" ? deployment.timezone : "utc";
    const url = expandPlaybackTemplate(point.source.urlTemplate, { ...range, zone });
    const dir = incomingDir(deployment.storageDir, point.id);
    mkdirSync(dir, { recursive: true });
    const out = path.join(dir, `${point.id}_${compactStamp(range.fromMs, "UTC")}Z.mkv`);
    const durationSec = (range.toMs - range.fromMs) / 1000;
    // An NVR that keeps the connection open but trickles nothing would hold this round for ever: stop it when the progress lines stop.
    const stallMs = tuning.stallTimeoutMs ?? Math.max(30_000, tuning.ioTimeoutSec * 3000);
    const input = withSourceFile({ kind: "playback", url, durationSec, ioTimeoutSec: tuning.ioTimeoutSec }, path.join(dir, ".playback.ffconcat"));
    const urlFile = "urlFile" in input ? input.urlFile : undefined;
    const proc = startTool("ffmpeg", buildPlaybackArgs(url, durationSec, tuning.ioTimeoutSec, out, urlFile), {
      stopTimeoutMs: tuning.stopTimeoutMs,
      extraPipes: [() => watchdog.touch()],
    });
    const watchdog = new Watchdog({ idleMs: stallMs, now: this.ctx.now, onStall: () => void proc.stop() });
    this.proc = proc;
    const exit = await proc.exited.finally(() => watchdog.stop());
    if (this.closed) return false;
    const size = statSync(out, { throwIfNoEntry: false })?.size ?? 0;
    if (exit.code !== 0 || size === 0) {
      const failures = (this.failures.get(range.fromMs) ?? 0) + 1;
      this.failures.set(range.fromMs, failures);
      const backoffMs = Math.min(tuning.initialBackoffMs * 2 ** failures, tuning.maxBackoffMs);
      this.retryAfter.set(range.fromMs, this.ctx.now() + backoffMs);
      this.pausedUntil = this.ctx.now() + backoffMs;
      const stalled = watchdog.stalled ? `no data for ${stallMs} ms; stopped` : "";
      const reason = redactText(stalled || exit.stderr.split("\n").slice(-2).join(" | ") || `ffmpeg exited with ${exit.code}`);
      this.tracker.set("offline", { error: `playback ${redactUrl(url)} failed: ${reason}` });
      log.warn({ reason }, "NVR playback failed");
      return false;
    }
    this.tracker.set("online");
    await onSegment({ pointId: point.id, path: out, startMs: range.fromMs, adopt: true });
    this.tracker.segment(range.toMs);
    return true;
  }

  private segmentSec(): number {
    const source = this.ctx.point.source;
    return source.kind === "playback" && source.segmentSec !== undefined ? source.segmentSec : DEFAULT_SEGMENT_SEC;
  }
}
