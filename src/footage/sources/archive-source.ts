/**
 * A folder of exported files whose names carry their start time
 * (J01_20261208T080000.mp4 …), indexed in place as they appear. The folder is
 * polled (works on network shares where fs.watch does not); a file is taken
 * once its size and mtime held still for one poll, so half-copied exports
 * wait. A file that changes after it was indexed (a copy that stalled for a
 * poll and then went on) is probed again, also after a restart, so a
 * half-copied export is not left marked unreadable. Files older than the
 * retention window are ignored.
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { errorMessage } from "../../errors.js";
import { parseStartTimeFromName } from "../file-time.js";
import { retentionCutoff } from "../retention.js";
import type { FootageSource, SegmentHandler, SourceHealth } from "../types.js";
import { HealthTracker } from "./health-tracker.js";
import { PollingLoop } from "./polling-loop.js";
import type { SourceContext } from "./source-context.js";

export const DEFAULT_ARCHIVE_PATTERN = /\.(mp4|mkv|avi|mov|ts|flv|m4v|mpg|mpeg|dav|h264|264)$/i;

export interface ArchiveFile {
  path: string;
  name: string;
  /** undefined when the name carries no start time. */
  startMs: number | undefined;
  size: number;
  mtimeMs: number;
}

/** The video files in `dir` matching `pattern`, sorted by name. Throws if the folder cannot be read. */
export function listArchiveFiles(dir: string, pattern: string | undefined, timeZone: string): ArchiveFile[] {
  const match = pattern ? new RegExp(pattern) : DEFAULT_ARCHIVE_PATTERN;
  return readdirSync(dir)
    .filter((name) => match.test(name))
    .sort()
    .flatMap((name) => {
      const file = path.join(dir, name);
      const stats = statSync(file, { throwIfNoEntry: false });
      if (!stats?.isFile()) return [];
      return [{ path: file, name, startMs: parseStartTimeFromName(name, timeZone)?.getTime(), size: stats.size, mtimeMs: stats.mtimeMs }];
    });
}

export class ArchiveSource implements FootageSource {
  readonly kind = "archive" as const;
  private readonly tracker: HealthTracker;
  private readonly lastSeen = new Map<string, string>();
  /** path → the size:mtime signature it was last indexed (or skipped) with. */
  private readonly done = new Map<string, string>();
  private loop: PollingLoop | undefined;
  private closed = false;

  constructor(private readonly ctx: SourceContext) {
    this.tracker = new HealthTracker(ctx.now, ctx.onHealth);
  }

  start(onSegment: SegmentHandler): void {
    if (this.loop || this.closed) return;
    this.loop = new PollingLoop(() => this.poll(onSegment), this.ctx.tuning.archivePollMs, (error) => {
      this.ctx.log.error({ err: errorMessage(error) }, "archive poll failed");
      this.tracker.set("online", { error: `archive poll failed: ${errorMessage(error)}` });
    });
    this.loop.start();
  }

  health(): SourceHealth {
    return this.tracker.snapshot();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.loop?.stop();
    this.tracker.set("stopped");
  }

  private async poll(onSegment: SegmentHandler): Promise<void> {
    const { point, deployment, store, log } = this.ctx;
    if (point.source.kind !== "archive") return;
    let files: ArchiveFile[];
    try {
      files = listArchiveFiles(point.source.dir, point.source.pattern, deployment.timezone);
    } catch (error) {
      this.tracker.set("offline", { error: `cannot read archive folder: ${errorMessage(error)}` });
      return;
    }
    this.tracker.set("online");
    const cutoff = retentionCutoff(this.ctx.now(), deployment.retentionDays);
    for (const file of files) {
      if (this.closed) return;
      const signature = `${file.size}:${file.mtimeMs}`;
      if (this.done.get(file.path) === signature || !this.isSettled(file, signature)) continue;
      this.done.set(file.path, signature);
      if (store.get(file.path)?.sizeBytes === file.size) continue;
      if (file.startMs === undefined) {
        log.warn({ code: "KERB_ERR_FOOTAGE_NAME", file: file.name }, "archive file name carries no start time; skipped");
        this.tracker.set("online", { error: `KERB_ERR_FOOTAGE_NAME: ${file.name} carries no start time` });
        continue;
      }
      if (file.startMs < cutoff) continue;
      try {
        await onSegment({ pointId: point.id, path: file.path, startMs: file.startMs, adopt: false });
      } catch (error) {
        // Not a bad file (those become unreadable rows) but a failure around it: retried next poll.
        this.done.delete(file.path);
        log.error({ file: file.name, err: errorMessage(error) }, "indexing an archive file failed; retrying next poll");
        this.tracker.set("online", { error: `${file.name}: indexing failed: ${errorMessage(error)}` });
        continue;
      }
      const segment = store.get(file.path);
      if (segment?.status === "ok") this.tracker.segment(segment.endMs);
      else if (segment?.error) this.tracker.set("online", { error: `${file.name}: ${segment.error}` });
    }
  }

  /** True once a file's size and mtime are unchanged since the previous poll. */
  private isSettled(file: ArchiveFile, signature: string): boolean {
    const previous = this.lastSeen.get(file.path);
    this.lastSeen.set(file.path, signature);
    return previous === signature && file.size > 0;
  }
}
