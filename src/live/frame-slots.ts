/**
 * One slot per live point holding only its latest frame: a new frame
 * replaces the one waiting (counted as dropped), so memory is one frame per
 * camera however far behind the detector falls, and what gets detected is
 * always the freshest picture.
 */
import type { LiveFrame } from "./types.js";

export class LatestFrameSlots {
  private readonly slots = new Map<string, LiveFrame>();
  private readonly droppedBy = new Map<string, number>();

  put(frame: LiveFrame): void {
    if (this.slots.has(frame.pointId)) this.droppedBy.set(frame.pointId, this.dropped(frame.pointId) + 1);
    this.slots.set(frame.pointId, frame);
  }

  /** Capture time of the waiting frame, or null. */
  waitingSince(pointId: string): number | null {
    return this.slots.get(pointId)?.timeMs ?? null;
  }

  take(pointId: string): LiveFrame | undefined {
    const frame = this.slots.get(pointId);
    this.slots.delete(pointId);
    return frame;
  }

  /** A frame that arrived before the point's next due time is not worth keeping. */
  discard(pointId: string): void {
    this.slots.delete(pointId);
  }

  dropped(pointId: string): number {
    return this.droppedBy.get(pointId) ?? 0;
  }

  clear(): void {
    this.slots.clear();
  }
}
