/**
 * The recorder loop of one live source: runs ffmpeg (stream copy into
 * wall-clock-named segments), announces each finished segment, watches that
 * data keeps flowing, and when the camera drops marks it offline and
 * reconnects with exponential backoff. close() sends ffmpeg "q" so the open
 * segment is finalised, then SIGTERM, then SIGKILL. The child's pid is kept
 * in incoming/ffmpeg.pid, so an ffmpeg a killed Kerbside left recording is
 * stopped on the next start before its files are swept into the index.
 */
import { mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import type { SourceKind } from "../config/schema.js";
import { errorMessage } from "../errors.js";
import type { Logger } from "../log.js";
import { forgetPid, notePid, stopOrphanFfmpeg } from "../ffmpeg/orphan.js";
import type { ExitInfo, ManagedProcess } from "../ffmpeg/process.js";
import { startTool } from "../ffmpeg/run-tool.js";
import { Watchdog } from "../ffmpeg/watchdog.js";
import { buildRecordArgs, parseSegmentListLine, RECORD_ENV, SEGMENT_EXTENSION, type RecordInput } from "../ffmpeg/record-args.js";
import { withSourceFile } from "../ffmpeg/source-file.js";
import { parseStartTimeFromName } from "./file-time.js";
import { HealthTracker } from "./sources/health-tracker.js";
import type { SourceTuning } from "./sources/source-context.js";
import type { FootageSource, Segment, SegmentHandler, SourceHealth } from "./types.js";

/** Recorded segments in a row that must be unreadable before the camera's health says "failing". */
export const FAILING_AFTER_UNREADABLE = 2;

export interface RecorderOptions {
  kind: SourceKind;
  pointId: string;
  input: RecordInput;
  segmentSec: number;
  incomingDir: string;
  /** A clean end of input is final (a file replayed without loop), not a drop. */
  endsAtEof: boolean;
  tuning: SourceTuning;
  log: Logger;
  onHealth: (health: SourceHealth) => void;
  now: () => number;
}

interface RunResult {
  exit: ExitInfo;
  lastDataAt: number | null;
  stalled: boolean;
}

export class SegmentRecorder implements FootageSource {
  readonly kind: SourceKind;
  private readonly tracker: HealthTracker;
  private proc: ManagedProcess | undefined;
  private loop: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  private closed = false;
  private wake: (() => void) | undefined;
  private queue: Promise<void> = Promise.resolve();
  private readonly handed = new Set<string>();
  private unreadableInARow = 0;

  constructor(private readonly options: RecorderOptions) {
    this.kind = options.kind;
    this.tracker = new HealthTracker(options.now, options.onHealth);
  }

  start(onSegment: SegmentHandler): void {
    if (this.loop || this.closed) return;
    mkdirSync(this.options.incomingDir, { recursive: true });
    this.loop = this.run(onSegment);
  }

  health(): SourceHealth {
    return this.tracker.snapshot();
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.closed = true;
    this.wake?.();
    await this.proc?.stop();
    await this.loop;
    await this.queue;
    this.tracker.set("stopped");
  }

  private async run(onSegment: SegmentHandler): Promise<void> {
    const { tuning, log } = this.options;
    let backoff = tuning.initialBackoffMs;
    await this.stopOrphan();
    this.sweepIncoming(onSegment);
    for (let attempt = 0; !this.closed; attempt++) {
      if (attempt > 0) this.tracker.reconnect();
      const started = this.options.now();
      const result = await this.runOnce(onSegment);
      this.sweepIncoming(onSegment);
      if (this.closed) break;
      if (result.exit.code === 0 && !result.stalled && this.options.endsAtEof) {
        this.tracker.set("ended");
        log.info("input ended");
        break;
      }
      const reason = describeExit(result);
      if (this.unreadableInARow >= FAILING_AFTER_UNREADABLE) {
        // Not a camera outage: it sends, but nothing recorded from it can be read.
        this.tracker.set("failing", { error: `${this.unreadableInARow} recorded segments in a row are unreadable; ${reason}` });
      } else {
        this.tracker.set("offline", { atMs: result.lastDataAt ?? this.options.now(), error: reason });
      }
      log.warn({ reason: this.health().lastError, retryInMs: backoff }, "camera offline; reconnecting");
      if (result.lastDataAt !== null && result.lastDataAt - started > backoff) backoff = tuning.initialBackoffMs;
      await this.sleep(backoff);
      backoff = Math.min(backoff * 2, tuning.maxBackoffMs);
    }
  }

  /** A camera URL with credentials goes to ffmpeg in a 0600 file, not on its command line (see source-file.ts). */
  private recordInput(): RecordInput {
    return withSourceFile(this.options.input, path.join(this.options.incomingDir, ".source.ffconcat"));
  }

  private runOnce(onSegment: SegmentHandler): Promise<RunResult> {
    const { options } = this;
    const args = buildRecordArgs(this.recordInput(), {
      dir: options.incomingDir,
      pointId: options.pointId,
      segmentSec: options.segmentSec,
      alignToClock: true,
    });
    let lastDataAt: number | null = null;
    const stallMs = options.tuning.stallTimeoutMs ?? Math.max(30_000, options.segmentSec * 3000);
    // Armed from the first progress line: until then ffmpeg's own I/O timeout covers a camera that never answers.
    const watchdog = new Watchdog({
      idleMs: stallMs,
      armed: false,
      now: options.now,
      onStall: () => {
        options.log.warn({ stallMs }, "no data from camera; restarting ffmpeg");
        void proc.stop();
      },
    });
    const proc = startTool("ffmpeg", args, {
      env: { ...process.env, ...RECORD_ENV },
      quitInput: "q",
      stopTimeoutMs: options.tuning.stopTimeoutMs,
      onStdoutLine: (line) => this.onListLine(line, onSegment),
      extraPipes: [
        (line) => {
          if (!line.startsWith("progress=")) return;
          lastDataAt = options.now();
          watchdog.touch();
          // Data flowing is not "online" while everything it makes is unreadable: only a readable segment clears "failing".
          if (this.health().state !== "failing") this.tracker.set("online", { atMs: lastDataAt });
        },
      ],
    });
    this.proc = proc;
    void proc.started.then((pid) => this.notePid(pid));
    return proc.exited.then((exit) => {
      watchdog.stop();
      forgetPid(this.pidFile());
      return { exit, lastDataAt, stalled: watchdog.stalled };
    });
  }

  private onListLine(line: string, onSegment: SegmentHandler): void {
    const entry = parseSegmentListLine(line);
    if (!entry) return;
    const name = path.basename(entry.name);
    const startMs = this.hand(path.join(this.options.incomingDir, name), onSegment);
    if (startMs !== undefined) this.tracker.segment(startMs + Math.round((entry.endSec - entry.startSec) * 1000));
    this.sweepIncoming(onSegment, name);
  }

  /** Queues a finished file for indexing once; returns its start time. */
  private hand(file: string, onSegment: SegmentHandler): number | undefined {
    if (this.handed.has(file)) return undefined;
    this.handed.add(file);
    const startMs = parseStartTimeFromName(path.basename(file), "UTC")?.getTime();
    const footage = { pointId: this.options.pointId, path: file, startMs, adopt: true };
    this.queue = this.queue.then(() =>
      onSegment(footage)
        .then((segment) => segment && this.noteResult(segment))
        .catch((error: unknown) => this.options.log.error({ file: path.basename(file), err: errorMessage(error) }, "indexing failed"))
        .finally(() => this.handed.delete(file)),
    );
    return startMs;
  }

  /**
   * A recorder whose every segment is unreadable (a stream ffmpeg cannot
   * mux, a codec the container refuses) would otherwise loop quietly:
   * reconnect, one bad file, reconnect. After a few in a row the camera's
   * health says "failing" with the reason, which `footage status` and the run
   * report show as an error; a readable segment puts it back online.
   */
  private noteResult(segment: Pick<Segment, "status" | "error">): void {
    if (segment.status === "ok") {
      this.unreadableInARow = 0;
      if (this.health().state === "failing") this.tracker.set("online");
      return;
    }
    this.unreadableInARow++;
    if (this.unreadableInARow < FAILING_AFTER_UNREADABLE) return;
    const error = `${this.unreadableInARow} recorded segments in a row are unreadable (last: ${segment.error ?? "unknown"}); check the camera's stream`;
    if (this.health().state !== "failing") this.options.log.error({ err: error }, "recorder produces unreadable segments");
    this.tracker.set("failing", { error });
  }

  private pidFile(): string {
    return path.join(this.options.incomingDir, "ffmpeg.pid");
  }

  private notePid(pid: number | undefined): void {
    try {
      notePid(this.pidFile(), pid);
    } catch (error) {
      this.options.log.warn({ err: errorMessage(error) }, "cannot note the ffmpeg pid (a crash could leave it running)");
    }
  }

  /** An ffmpeg an earlier, killed Kerbside left recording into incoming/. */
  private async stopOrphan(): Promise<void> {
    try {
      const pid = await stopOrphanFfmpeg(this.pidFile(), this.options.incomingDir, this.options.tuning.stopTimeoutMs);
      if (pid !== undefined) this.options.log.warn({ pid }, "stopped the ffmpeg an earlier run left recording");
    } catch (error) {
      this.options.log.error({ err: errorMessage(error) }, "cannot stop the ffmpeg an earlier run left recording");
    }
  }

  /**
   * Files left in incoming/ by a killed ffmpeg, an earlier crash or an
   * indexing that failed. While ffmpeg runs, only files named before
   * `finishedUpTo` (the segment it just finished; the open one is newer).
   */
  private sweepIncoming(onSegment: SegmentHandler, finishedUpTo?: string): void {
    if (finishedUpTo === undefined && this.proc?.isRunning()) return;
    const prefix = `${this.options.pointId}_`;
    let names: string[];
    try {
      names = readdirSync(this.options.incomingDir);
    } catch (error) {
      this.options.log.error({ err: errorMessage(error) }, "cannot list the recorder's incoming folder");
      return;
    }
    for (const name of names) {
      if (!name.startsWith(prefix) || !name.endsWith(`.${SEGMENT_EXTENSION}`)) continue;
      if (finishedUpTo === undefined || name < finishedUpTo) this.hand(path.join(this.options.incomingDir, name), onSegment);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

function describeExit(result: RunResult): string {
  if (result.stalled) return "no data from the camera (stalled); restarted";
  const { exit } = result;
  if (exit.spawnError) return `ffmpeg could not start: ${exit.spawnError}`;
  const last = exit.stderr.split("\n").filter((l) => l.trim() !== "").slice(-2).join(" | ");
  const how = exit.code === 0 ? "stream ended (camera disconnected)" : `ffmpeg exited with ${exit.code ?? exit.signal}`;
  return last ? `${how}: ${last}` : how;
}
