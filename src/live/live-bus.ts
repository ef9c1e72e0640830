/**
 * Live detection events for the board (`point.health`): the server forwards
 * them to sockets. Each listener runs in isolation: one that throws is logged
 * and never stops the others or the detection loop.
 */
import { errorMessage } from "../errors.js";
import type { Logger } from "../log.js";
import type { LiveEvents } from "./types.js";

type Listener<E extends keyof LiveEvents> = (payload: LiveEvents[E]) => void;
type AnyListener = (payload: LiveEvents[keyof LiveEvents]) => void;

export class LiveBus {
  private readonly listeners = new Map<keyof LiveEvents, Set<AnyListener>>();

  constructor(private readonly log: Logger) {}

  on<E extends keyof LiveEvents>(event: E, listener: Listener<E>): () => void {
    const set = this.listeners.get(event) ?? new Set<AnyListener>();
    set.add(listener as AnyListener);
    this.listeners.set(event, set);
    return () => void set.delete(listener as AnyListener);
  }

  emit<E extends keyof LiveEvents>(event: E, payload: LiveEvents[E]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      try {
        listener(payload);
      } catch (error) {
        this.log.error({ event, err: errorMessage(error) }, "live listener failed");
      }
    }
  }
}
