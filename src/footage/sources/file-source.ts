/**
 * One local file. With `live: true` it is replayed as a camera (see
 * live-source.ts); otherwise it is indexed once, in place, as one segment
 * starting at `start`, else the time in its name, else mtime − duration.
 */
import path from "node:path";
import { parseStartTimeFromName } from "../file-time.js";
import type { FootageSource, SegmentHandler, SourceHealth } from "../types.js";
import { HealthTracker } from "./health-tracker.js";
import type { SourceContext } from "./source-context.js";

export function fileStartMs(file: string, start: string | undefined, timeZone: string): number | undefined {
  if (start !== undefined) return Date.parse(start);
  return parseStartTimeFromName(path.basename(file), timeZone)?.getTime();
}

export class FileSource implements FootageSource {
  readonly kind = "file" as const;
  private readonly tracker: HealthTracker;
  private task: Promise<void> | undefined;

  constructor(private readonly ctx: SourceContext) {
    this.tracker = new HealthTracker(ctx.now, ctx.onHealth);
  }

  start(onSegment: SegmentHandler): void {
    const { source, id } = this.ctx.point;
    if (this.task || source.kind !== "file") return;
    const footage = { pointId: id, path: source.path, startMs: fileStartMs(source.path, source.start, this.ctx.deployment.timezone), adopt: false };
    this.task = onSegment(footage).then(
      () => {
        const segment = this.ctx.store.get(source.path);
        if (segment?.status === "ok") this.tracker.segment(segment.endMs);
        this.tracker.set("ended", segment?.error ? { error: segment.error } : {});
      },
      (error: unknown) => this.tracker.set("offline", { error: String(error) }),
    );
  }

  health(): SourceHealth {
    return this.tracker.snapshot();
  }

  async close(): Promise<void> {
    await this.task;
  }
}
