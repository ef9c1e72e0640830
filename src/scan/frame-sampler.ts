/**
 * Runs ffmpeg on one segment and yields sampled RGB frames with their exact
 * pts, through a bounded queue: when `queueSize` frames wait unread, ffmpeg's
 * stdout is paused, the pipe fills and ffmpeg blocks, so memory stays bounded
 * however long the footage. Each stdout byte is copied once, into the frame's
 * own buffer. Stopping early (break / close()) ends ffmpeg SIGTERM → SIGKILL.
 * A watchdog stops an ffmpeg that shows no output for `stallTimeoutMs` while
 * the consumer waits for it (never while the full queue holds it back): the
 * segment is then reported as unreadable (or read in part) and the scan goes on.
 */
import type { RgbFrame } from "../detect/types.js";
import { KerbsideError } from "../errors.js";
import { toolPath } from "../ffmpeg/run-tool.js";
import { Watchdog } from "../ffmpeg/watchdog.js";
import { spawnSamplerProcesses, type DemuxerHandle, type SamplerChild, type SamplerProcessOptions } from "./packet-dropping-sampler.js";
import { ShowinfoReader } from "./showinfo-times.js";
import { stopProcess } from "../ffmpeg/stop-process.js";

export interface SampledFrame {
  /** 0-based index among the sampled frames of this segment. */
  index: number;
  /** Seconds from the start of the file. */
  ptsSec: number;
  frame: RgbFrame;
}

export interface FrameSamplerOptions extends SamplerProcessOptions {
  /** Frames decoded ahead of the consumer before ffmpeg is paused (default 4). */
  queueSize?: number;
  /** SIGTERM → SIGKILL grace when stopping early (default 2000 ms). */
  stopGraceMs?: number;
  /** Stop ffmpeg when it shows no frame or log line for this long while frames are awaited (default 60 s). */
  stallTimeoutMs?: number;
  ffmpegPath?: string;
}

/** Decoding between two sampled frames takes seconds at most; a minute of silence is a wedged ffmpeg. */
export const SAMPLER_STALL_TIMEOUT_MS = 60_000;

export interface SamplerStats {
  frames: number;
  queued: number;
  maxQueued: number;
}

type Child = SamplerChild;

export class FrameSampler implements AsyncIterable<SampledFrame> {
  readonly stats: SamplerStats = { frames: 0, queued: 0, maxQueued: 0 };
  /** Set when ffmpeg failed after some frames were read (a truncated or damaged tail). */
  partialError: string | null = null;
  private readonly frameBytes: number;
  private readonly queueSize: number;
  private readonly stderr = new ShowinfoReader();
  private readonly frames: Buffer[] = [];
  private child: Child | null = null;
  private demuxer: DemuxerHandle | null = null;
  private demuxExit: number | null | undefined;
  private current: Buffer;
  private filled = 0;
  private pending: Buffer | null = null;
  private exit: { code: number | null; signal: string | null } | null = null;
  private spawnError: Error | null = null;
  private wake: (() => void) | null = null;
  private closed = false;
  private watchdog: Watchdog | null = null;

  constructor(private readonly options: FrameSamplerOptions) {
    this.frameBytes = options.width * options.height * 3;
    this.queueSize = Math.max(1, options.queueSize ?? 4);
    this.current = Buffer.allocUnsafe(this.frameBytes);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<SampledFrame> {
    this.start();
    try {
      for (;;) {
        const next = await this.next();
        if (!next) return;
        yield next;
      }
    } finally {
      await this.close();
    }
  }

  /** ffmpeg's pid once started (for tests and logs). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Stops ffmpeg if it still runs; safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const child = this.child;
    this.frames.length = 0;
    this.watchdog?.stop();
    if (!child) return;
    child.stdout.destroy();
    const grace = this.options.stopGraceMs ?? 2000;
    await Promise.all([stopProcess(child, grace), this.demuxer ? stopProcess(this.demuxer.child, grace) : undefined]);
  }

  /**
   * Starts ffmpeg now (iterating starts it too): a scan starts the next
   * segment's sampler early so its first frames are ready; it decodes only up
   * to the queue bound, then waits.
   */
  start(): void {
    if (this.child || this.closed) return;
    const ffmpeg = this.options.ffmpegPath ?? toolPath("ffmpeg");
    const { decoder: child, demuxer } = spawnSamplerProcesses(ffmpeg, this.options);
    this.child = child;
    this.demuxer = demuxer;
    void demuxer?.exited.then((code) => {
      this.demuxExit = code;
      this.notify();
    });
    const watchdog = new Watchdog({
      idleMs: this.options.stallTimeoutMs ?? SAMPLER_STALL_TIMEOUT_MS,
      onStall: () => {
        this.notify();
        const grace = this.options.stopGraceMs ?? 2000;
        void Promise.all([stopProcess(child, grace), demuxer ? stopProcess(demuxer.child, grace) : undefined]);
      },
    });
    this.watchdog = watchdog;
    child.stdout.on("data", (chunk: Buffer) => {
      watchdog.touch();
      this.onData(chunk);
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (text: string) => {
      watchdog.touch();
      if (this.stderr.push(text) > 0) this.notify();
    });
    child.on("error", (error) => {
      watchdog.stop();
      this.spawnError = error;
      this.notify();
    });
    child.on("close", (code, signal) => {
      watchdog.stop();
      this.stderr.end();
      this.exit = { code, signal };
      this.notify();
    });
  }

  /** Copies a chunk into frame buffers; stops (keeping the rest) once the queue is full. */
  private onData(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.frames.length >= this.queueSize) {
        this.pending = chunk.subarray(offset);
        this.hold();
        return;
      }
      const n = Math.min(chunk.length - offset, this.frameBytes - this.filled);
      chunk.copy(this.current, this.filled, offset, offset + n);
      this.filled += n;
      offset += n;
      if (this.filled === this.frameBytes) this.pushFrame();
    }
  }

  private pushFrame(): void {
    this.frames.push(this.current);
    this.current = Buffer.allocUnsafe(this.frameBytes);
    this.filled = 0;
    this.stats.queued = this.frames.length;
    this.stats.maxQueued = Math.max(this.stats.maxQueued, this.frames.length);
    if (this.frames.length >= this.queueSize) this.hold();
    this.notify();
  }

  /** After the consumer took a frame: finish the held-back chunk, then let ffmpeg go on. */
  private release(): void {
    const pending = this.pending;
    this.pending = null;
    if (pending) this.onData(pending);
    if (!this.pending && this.frames.length < this.queueSize) {
      this.watchdog?.resume();
      this.child?.stdout.resume();
    }
  }

  /** Backpressure: ffmpeg is held back on purpose, which the watchdog must not take for a stall. */
  private hold(): void {
    this.watchdog?.pause();
    this.child?.stdout.pause();
  }

  private async next(): Promise<SampledFrame | null> {
    for (;;) {
      if (this.closed) return null;
      if (this.spawnError) {
        throw new KerbsideError("KERB_ERR_FFMPEG_MISSING", `cannot start ffmpeg for ${this.options.input}: ${this.spawnError.message}`);
      }
      const ready = this.takeReady();
      if (ready) return ready;
      if (this.exit && (!this.demuxer || this.demuxExit !== undefined)) return this.finish();
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private takeReady(): SampledFrame | null {
    if (this.frames.length === 0 || this.stderr.times.length === 0) return null;
    const data = this.frames.shift() as Buffer;
    const ptsSec = this.stderr.times.shift() as number;
    this.stats.queued = this.frames.length;
    this.release();
    const index = this.stats.frames++;
    return { index, ptsSec, frame: { width: this.options.width, height: this.options.height, data } };
  }

  private finish(): null {
    const exit = this.exit;
    const demuxFailed = this.demuxer !== null && this.demuxExit !== 0;
    const failed = (exit !== null && exit.code !== 0) || demuxFailed;
    const stalled = this.watchdog?.stalled === true;
    const reason = stalled
      ? `ffmpeg stalled (no output for ${this.options.stallTimeoutMs ?? SAMPLER_STALL_TIMEOUT_MS} ms) and was stopped`
      : !failed ? "" : demuxFailed
        ? `the keyframe demuxer exited with ${this.demuxExit ?? "a signal"}: ${this.demuxer?.stderrTail() ?? ""}`
        : `ffmpeg exited with ${exit?.code ?? exit?.signal}`;
    if (this.frames.length > 0 || this.pending) throw this.failure("ffmpeg wrote a frame whose pts it did not log");
    if (failed && this.stats.frames === 0) throw this.failure(reason);
    if (failed) this.partialError = stalled ? reason : `${reason}: ${this.stderr.stderrTail()}`;
    return null;
  }

  private failure(reason: string): KerbsideError {
    const tail = this.stderr.stderrTail();
    return new KerbsideError(
      "KERB_ERR_FOOTAGE_UNREADABLE",
      `cannot sample ${this.options.input}: ${reason}${tail ? `\n${tail}` : ""}`,
    );
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
