/**
 * The latest frame of each point, for the tiles of the board. LatestFrames
 * is the interface; SegmentFrames takes a frame from the end of the point's
 * newest recorded segment (one ffmpeg run per new segment, cached). A live
 * sampler can implement the same interface and call the listeners with each
 * sampled frame, so the board refreshes as fast as it samples.
 */
import type { SegmentStore } from "../../footage/segment-store.js";
import { extractFrame } from "../../incidents/evidence-frame.js";
import { loggedError } from "../log-error.js";
import type { Logger } from "../../log.js";
import sharp from "sharp";

export interface LatestFrame {
  jpeg: Buffer;
  /** Footage time the frame shows. */
  atMs: number;
}

export type FrameListener = (pointId: string, atMs: number) => void;

export interface LatestFrames {
  /** The newest frame of the point, or null when it has none yet. */
  latest(pointId: string): Promise<LatestFrame | null>;
  /** Time of the newest frame known without decoding (null: none). */
  latestTime(pointId: string): number | null;
  /** Called whenever a point has a newer frame; returns the unsubscribe function. */
  onFrame(listener: FrameListener): () => void;
  /** Optional: called every second by the board server with the points to look at (for sources that poll). */
  poll?(pointIds: readonly string[]): void;
}

export class SegmentFrames implements LatestFrames {
  private readonly cache = new Map<string, { segmentPath: string; frame: Promise<LatestFrame | null> }>();
  private readonly listeners = new Set<FrameListener>();
  private readonly announced = new Map<string, number>();
  private readonly newestSeen = new Map<string, { path: string; startMs: number; endMs: number }>();

  constructor(
    private readonly segments: SegmentStore,
    private readonly log: Logger,
  ) {}

  latestTime(pointId: string): number | null {
    return this.newestSegment(pointId)?.endMs ?? null;
  }

  async latest(pointId: string): Promise<LatestFrame | null> {
    const segment = this.newestSegment(pointId);
    if (!segment) return null;
    const cached = this.cache.get(pointId);
    if (cached?.segmentPath === segment.path) return cached.frame;
    const frame = this.grab(segment.path, segment.startMs, segment.endMs);
    this.cache.set(pointId, { segmentPath: segment.path, frame });
    return frame;
  }

  onFrame(listener: FrameListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells listeners about points whose newest segment changed (the board server calls it periodically). */
  poll(pointIds: readonly string[]): void {
    for (const pointId of pointIds) {
      const atMs = this.latestTime(pointId);
      if (atMs === null || this.announced.get(pointId) === atMs) continue;
      this.announced.set(pointId, atMs);
      for (const listener of this.listeners) listener(pointId, atMs);
    }
  }

  /** The newest readable segment: a full lookup once per point, then only segments ending after the known newest. */
  newestSegment(pointId: string): { path: string; startMs: number; endMs: number } | undefined {
    const known = this.newestSeen.get(pointId);
    const list = this.segments.list({ pointId, status: "ok", ...(known ? { fromMs: known.endMs } : {}) });
    let best = known;
    for (const s of list) if (!best || s.endMs > best.endMs) best = { path: s.path, startMs: s.startMs, endMs: s.endMs };
    if (best) this.newestSeen.set(pointId, best);
    return best;
  }

  private async grab(file: string, startMs: number, endMs: number): Promise<LatestFrame | null> {
    const offsetSec = Math.max(0, (endMs - startMs) / 1000 - 0.5);
    try {
      const png = await extractFrame(file, offsetSec);
      return { jpeg: await sharp(png).jpeg({ quality: 80 }).toBuffer(), atMs: startMs + offsetSec * 1000 };
    } catch (error) {
      this.log.warn({ file, err: loggedError(error) }, "cannot take the latest frame");
      return null;
    }
  }
}
