/**
 * Reads one live point's stream for detection, for as long as it runs:
 * ffmpeg decodes (keyframes first, see reader-args.ts) and writes one RGB
 * frame per sampling interval, each handed on the moment it is complete with
 * the wall clock as its capture time. stdout is never paused (a live camera
 * cannot wait): the consumer keeps only the latest frame. A camera that
 * drops, or a stream that stalls, is reconnected with backoff (1 s doubling
 * to maxBackoffMs); a new interval (the schedule changed) restarts ffmpeg.
 * close() stops ffmpeg SIGTERM → SIGKILL and is safe to call twice.
 */
import path from "node:path";
import type { RecordInput } from "../ffmpeg/record-args.js";
import { withSourceFile } from "../ffmpeg/source-file.js";
import { spawnTool, type ToolChild } from "../ffmpeg/run-tool.js";
import { stopProcess } from "../ffmpeg/stop-process.js";
import { Watchdog } from "../ffmpeg/watchdog.js";
import { redactText } from "../footage/redact.js";
import type { Logger } from "../log.js";
import { ShowinfoReader } from "../scan/showinfo-times.js";
import { buildReaderArgs, keyframesTooSparse, parseInputSize } from "./reader-args.js";
import type { LiveFrame } from "./types.js";

export interface FrameReaderOptions {
  pointId: string;
  input: RecordInput;
  /** The detector's input size. */
  width: number;
  height: number;
  everySec: number;
  /**
   * Where in its interval this point samples, as a fraction (0–1): points
   * started together spread their frames over the interval instead of all
   * reaching the shared detector at once.
   */
  phase?: number;
  onFrame: (frame: LiveFrame) => void;
  /** online: frames flow; offline: ffmpeg ended or stalled, a reconnect follows (error redacted). */
  onState: (state: "online" | "offline", error?: string) => void;
  log: Logger;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Restart when no frame came for this long (default max(20 s, 4 intervals)). */
  stallMs?: number;
  now?: () => number;
  /** Where an HTTP URL with credentials is written (0600) for ffmpeg to read, off its command line. */
  secretDir: string;
}

type Child = ToolChild;

export class FrameReader {
  reconnects = 0;
  private child: Child | null = null;
  private everySec: number;
  private keyframesOnly = true;
  private closed = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private readonly now: () => number;

  constructor(private readonly options: FrameReaderOptions) {
    this.everySec = options.everySec;
    this.now = options.now ?? Date.now;
  }

  start(): void {
    if (this.loop || this.closed) return;
    this.loop = this.run();
  }

  /** The schedule's interval changed: ffmpeg restarts with it (no backoff). */
  setInterval(everySec: number): void {
    if (everySec === this.everySec) return;
    this.everySec = everySec;
    if (this.child) void stopProcess(this.child, 2000);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    if (this.child) await stopProcess(this.child, 2000);
    await this.loop;
  }

  private async run(): Promise<void> {
    const initial = this.options.initialBackoffMs ?? 1000;
    let backoff = initial;
    while (!this.closed) {
      const { frames, error, restart } = await this.runOnce();
      if (this.closed) break;
      if (restart) continue;
      this.options.onState("offline", redactText(error));
      if (frames > 0) backoff = initial;
      this.reconnects++;
      this.options.log.warn({ retryInMs: backoff, reason: redactText(error) }, "live stream lost; reconnecting");
      await this.sleep(backoff);
      backoff = Math.min(backoff * 2, this.options.maxBackoffMs ?? 60_000);
    }
  }

  /** One ffmpeg run; `restart`: stopped on purpose (new interval, long GOP), go again at once. */
  private runOnce(): Promise<{ frames: number; error: string; restart: boolean }> {
    const { width, height } = this.options;
    const everySec = this.everySec;
    const keyframesOnly = this.keyframesOnly;
    const phaseSec = (this.options.phase ?? 0) * everySec;
    const args = buildReaderArgs({ input: this.readerInput(), everySec, width, height, keyframesOnly, phaseSec });
    const child = spawnTool("ffmpeg", args);
    this.child = child;
    const stderr = new ShowinfoReader(40);
    const frameBytes = width * height * 3;
    const pts: number[] = [];
    let current = Buffer.allocUnsafe(frameBytes);
    let filled = 0;
    let frames = 0;
    let streamSize: { width: number; height: number } | null = null;
    let reason = "";
    const stop = (why: string): void => {
      reason ||= why;
      void stopProcess(child, 2000);
    };
    const emit = (data: Buffer): void => {
      const timeMs = this.now();
      stall.touch();
      sparse.touch();
      if (frames++ === 0) {
        streamSize = parseInputSize(stderr.stderrTail());
        this.options.onState("online");
      }
      const t = stderr.times.shift();
      if (t !== undefined) pts.push(t);
      if (keyframesOnly && pts.length <= 5 && keyframesTooSparse(pts, everySec)) this.decodeEveryFrame(everySec, stop);
      this.options.onFrame({ pointId: this.options.pointId, timeMs, frame: { width, height, data }, streamSize });
    };
    child.stdout.on("data", (chunk: Buffer) => {
      for (let offset = 0; offset < chunk.length; ) {
        const n = Math.min(chunk.length - offset, frameBytes - filled);
        chunk.copy(current, filled, offset, offset + n);
        filled += n;
        offset += n;
        if (filled === frameBytes) {
          const data = current;
          current = Buffer.allocUnsafe(frameBytes);
          filled = 0;
          emit(data);
        }
      }
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (text: string) => void stderr.push(text));
    const stallMs = this.options.stallMs ?? Math.max(20_000, everySec * 4000);
    const stall = new Watchdog({ idleMs: stallMs, now: this.now, onStall: () => stop(`no frame for ${Math.round(stallMs / 1000)} s (stalled)`) });
    // Keyframes only, and frames stop coming after the first one: the GOP is longer than the interval.
    const sparse = new Watchdog({
      idleMs: Math.max(6000, everySec * 3000), armed: false, now: this.now,
      onStall: () => {
        if (keyframesOnly && this.keyframesOnly) this.decodeEveryFrame(everySec, stop);
      },
    });
    return new Promise((resolve) => {
      child.on("error", (error) => (reason ||= `ffmpeg could not start: ${error.message}`));
      child.on("close", (code, signal) => {
        stall.stop();
        sparse.stop();
        stderr.end();
        this.child = null;
        const restart = reason === "restart" || (reason === "" && (everySec !== this.everySec));
        const tail = stderr.stderrTail().split("\n").filter((l) => l.trim() !== "").slice(-2).join(" | ");
        const how = reason || (code === 0 ? "stream ended" : `ffmpeg exited with ${code ?? signal}`);
        resolve({ frames, error: tail ? `${how}: ${tail}` : how, restart });
      });
    });
  }

  /** A camera URL with credentials goes to ffmpeg in a 0600 file, as the recorder's does (see source-file.ts). */
  private readerInput(): RecordInput {
    return withSourceFile(this.options.input, path.join(this.options.secretDir, ".detect.ffconcat"));
  }

  /** Keyframes come further apart than the interval (a long GOP): decode every frame from now on. */
  private decodeEveryFrame(everySec: number, stop: (why: string) => void): void {
    this.keyframesOnly = false;
    this.options.log.info({ everySec }, "keyframes come further apart than the interval; decoding every frame");
    stop("restart");
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
