/**
 * The board's latest frame per point (the server's LatestFrames), fed by
 * the live sampler: each live frame replaces the point's previous one and is
 * announced to the listeners at once, so a tile refreshes at the point's
 * sampling rate; the JPEG is encoded only when someone asks for it (cached
 * per frame). Points without live frames (archives, NVR playback, a camera
 * still connecting) fall back to another LatestFrames (the segment-based one,
 * set by the board with fallBackTo()).
 */
import sharp from "sharp";
import type { RgbFrame } from "../detect/types.js";
import type { FrameListener, LatestFrame, LatestFrames as BoardFrames } from "../server/frames/latest-frames.js";
import type { Size } from "../scan/box-scale.js";
import type { LatestFrames } from "./types.js";

/** Tiles are at most this wide. */
const TILE_WIDTH = 960;

interface Held {
  atMs: number;
  frame: RgbFrame;
  streamSize: Size | null;
  jpeg?: Promise<LatestFrame>;
}

export class LiveFrames implements LatestFrames, BoardFrames {
  private readonly held = new Map<string, Held>();
  private readonly listeners = new Set<FrameListener>();

  private fallback: BoardFrames | undefined;

  /** Points without live frames are answered by `fallback`. */
  fallBackTo(fallback: BoardFrames): this {
    this.fallback = fallback;
    return this;
  }

  /** Called by the live maintainer with every sampled frame. */
  put(pointId: string, frame: { timeMs: number; frame: RgbFrame; streamSize: Size | null }): void {
    this.held.set(pointId, { atMs: frame.timeMs, frame: frame.frame, streamSize: frame.streamSize });
    for (const listener of this.listeners) listener(pointId, frame.timeMs);
  }

  latestTime(pointId: string): number | null {
    return this.held.get(pointId)?.atMs ?? this.fallback?.latestTime(pointId) ?? null;
  }

  async latest(pointId: string): Promise<LatestFrame | null> {
    const held = this.held.get(pointId);
    if (!held) return this.fallback ? this.fallback.latest(pointId) : null;
    // Back to the stream's aspect ratio (the frame is stretched to the model's square input).
    const aspect = held.streamSize ? held.streamSize.height / held.streamSize.width : held.frame.height / held.frame.width;
    const width = Math.min(TILE_WIDTH, held.streamSize?.width ?? held.frame.width);
    held.jpeg ??= sharp(held.frame.data, { raw: { width: held.frame.width, height: held.frame.height, channels: 3 } })
      .resize(width, Math.max(2, Math.round(width * aspect)), { fit: "fill" })
      .jpeg({ quality: 80 })
      .toBuffer()
      .then((jpeg) => ({ jpeg, atMs: held.atMs }));
    return held.jpeg;
  }

  onFrame(listener: FrameListener): () => void {
    this.listeners.add(listener);
    const off = this.fallback?.onFrame((pointId, atMs) => {
      if (!this.held.has(pointId)) listener(pointId, atMs);
    });
    return () => {
      this.listeners.delete(listener);
      off?.();
    };
  }

  poll(pointIds: readonly string[]): void {
    this.fallback?.poll?.(pointIds.filter((id) => !this.held.has(id)));
  }
}
