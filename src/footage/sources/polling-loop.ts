/**
 * Runs a round, waits, runs the next. Used by sources that poll (archive
 * folders, NVR playback). stop() cancels the wait and resolves once a round
 * in progress has finished, so nothing is written after a source closed.
 * A round that throws is handed to onError and the loop goes on: a rejection
 * left unhandled would end the process, and every camera with it.
 */
export class PollingLoop {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly round: () => Promise<void>,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Starts the first round now; calling it again while running does nothing. */
  start(): void {
    if (this.current || this.stopped) return;
    const tick = (): void => {
      this.current = this.round()
        .catch((error: unknown) => this.onError(error))
        .finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, this.intervalMs);
      });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current;
  }
}
