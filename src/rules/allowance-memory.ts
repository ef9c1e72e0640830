/**
 * Remembers, per rule and subject, when an allowance ended: a bicycle or a
 * stall inside a licensed area (stall_allowed) during its hours is allowed;
 * when the hours end, its dwell counts from that frame, not from when it came
 * to rest. Only subjects seen in the previous frame are remembered.
 */
export class AllowanceMemory {
  private previous = new Map<string, number>();
  private current = new Map<string, number>();

  /** Call once at the start of each frame. */
  nextFrame(): void {
    this.previous = this.current;
    this.current = new Map();
  }

  /** The subject is allowed in this frame. */
  allow(key: string): void {
    this.current.set(key, Number.NaN);
  }

  /** The subject is not allowed in this frame: when its allowance ended, or -Infinity if it never had one. */
  endedAt(key: string, timeMs: number): number {
    const before = this.previous.get(key);
    if (before === undefined) return -Infinity;
    const ended = Number.isNaN(before) ? timeMs : before;
    this.current.set(key, ended);
    return ended;
  }

  clear(): void {
    this.previous = new Map();
    this.current = new Map();
  }
}
