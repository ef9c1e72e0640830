// A simulated camera for the live tests and the bench: ffmpeg pushing a
// looped clip over RTSP to Kerbside, which listens (ffmpeg cannot serve RTSP
// pulls). It republishes whenever the listener goes away (a recorder
// reconnecting, a service restarting) until stopped.
import { startProcess, type ManagedProcess } from "../../src/ffmpeg/process.js";

export interface CameraStream {
  /** A clip to loop (stream-copied). */
  file: string;
  /** The URL Kerbside listens on. */
  url: string;
}

export class Camera {
  private proc: ManagedProcess | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  publishes = 0;

  /** The publishing ffmpeg's pid (to tell the camera's CPU from Kerbside's). */
  get pid(): number | undefined {
    return this.proc?.pid;
  }

  constructor(private readonly streams: readonly CameraStream[]) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops publishing (the camera drops) and waits for ffmpeg to exit. */
  async stop(): Promise<void> {
    this.running = false;
    await this.proc?.stop();
    await this.loop;
  }

  private args(): string[] {
    const inputs = this.streams.flatMap((s) => ["-re", "-stream_loop", "-1", "-i", s.file]);
    const outputs = this.streams.flatMap((s, i) => ["-map", `${i}:v:0`, "-c", "copy", "-f", "rtsp", "-rtsp_transport", "tcp", s.url]);
    return ["-v", "error", ...inputs, ...outputs];
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.proc = startProcess("ffmpeg", this.args(), { stopTimeoutMs: 1000 });
      this.publishes++;
      await this.proc.exited;
      if (this.running) await new Promise((r) => setTimeout(r, 300));
    }
  }
}
