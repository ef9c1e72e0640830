/**
 * Stall detection for long-running ffmpeg children: the owner calls touch()
 * whenever the child shows progress (a frame, a progress line); when nothing
 * came for `idleMs` while the watchdog is armed, `onStall` runs once. The
 * owner pauses it while it holds the child back itself (a full frame queue
 * pauses ffmpeg's stdout), so backpressure is never taken for a stall.
 */
export interface WatchdogOptions {
  idleMs: number;
  onStall: (idleMs: number) => void;
  /** Start counting at once (default), or only from the first touch() (a camera still connecting). */
  armed?: boolean;
  now?: () => number;
}

export class Watchdog {
  private last: number | null;
  private paused = false;
  private fired = false;
  private readonly timer: NodeJS.Timeout;
  private readonly now: () => number;

  constructor(private readonly options: WatchdogOptions) {
    this.now = options.now ?? Date.now;
    this.last = options.armed === false ? null : this.now();
    this.timer = setInterval(() => this.check(), Math.max(20, Math.min(1000, options.idleMs / 4)));
    this.timer.unref();
  }

  touch(): void {
    this.last = this.now();
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    if (this.paused) this.touch();
    this.paused = false;
  }

  get stalled(): boolean {
    return this.fired;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private check(): void {
    if (this.fired || this.paused || this.last === null) return;
    if (this.now() - this.last <= this.options.idleMs) return;
    this.fired = true;
    this.stop();
    this.options.onStall(this.options.idleMs);
  }
}
