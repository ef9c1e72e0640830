/** Keeps one source's health and reports every change. */
import { redactText } from "../redact.js";
import type { SourceHealth, SourceState } from "../types.js";

export class HealthTracker {
  private health: SourceHealth;

  constructor(
    private readonly now: () => number,
    private readonly onChange: (health: SourceHealth) => void = () => undefined,
  ) {
    this.health = { state: "starting", sinceMs: now(), lastSegmentAt: null, reconnects: 0, lastError: null };
  }

  snapshot(): SourceHealth {
    return { ...this.health };
  }

  /** Enters `state` (at `atMs`, default now); an error is redacted before it is kept. */
  set(state: SourceState, options: { atMs?: number; error?: string } = {}): void {
    const error = options.error === undefined ? undefined : redactText(options.error);
    if (state === this.health.state && error === undefined) return;
    if (state !== this.health.state) this.health = { ...this.health, state, sinceMs: options.atMs ?? this.now() };
    if (error !== undefined) this.health = { ...this.health, lastError: error };
    this.onChange(this.snapshot());
  }

  segment(endMs: number): void {
    this.health = { ...this.health, lastSegmentAt: Math.max(this.health.lastSegmentAt ?? 0, endMs) };
    this.onChange(this.snapshot());
  }

  reconnect(): void {
    this.health = { ...this.health, reconnects: this.health.reconnects + 1 };
    this.onChange(this.snapshot());
  }
}
