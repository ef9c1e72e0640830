/**
 * The in-process event bus for incidents: the scanner publishes, the board
 * (sockets) and notifiers subscribe. Each listener runs in isolation: one
 * that throws or rejects is logged and never stops the others or the scan.
 */
import { errorMessage } from "../errors.js";
import { logger, type Logger } from "../log.js";
import type { IncidentEvents } from "./types.js";

export type IncidentEventName = keyof IncidentEvents;
export type IncidentListener<E extends IncidentEventName> = (payload: IncidentEvents[E]) => void | Promise<void>;

type AnyListener = (payload: IncidentEvents[IncidentEventName]) => void | Promise<void>;

export class IncidentBus {
  private readonly listeners = new Map<IncidentEventName, Set<AnyListener>>();
  private readonly log: Logger;

  constructor(options: { log?: Logger } = {}) {
    this.log = options.log ?? logger.child({ module: "incident-bus" });
  }

  /** Subscribes; returns a function that unsubscribes. */
  on<E extends IncidentEventName>(event: E, listener: IncidentListener<E>): () => void {
    const set = this.listeners.get(event) ?? new Set<AnyListener>();
    set.add(listener as AnyListener);
    this.listeners.set(event, set);
    return () => this.off(event, listener);
  }

  off<E extends IncidentEventName>(event: E, listener: IncidentListener<E>): void {
    this.listeners.get(event)?.delete(listener as AnyListener);
  }

  /** Calls every listener of the event synchronously; failures are logged, not thrown. */
  emit<E extends IncidentEventName>(event: E, payload: IncidentEvents[E]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      try {
        const result = listener(payload);
        if (result instanceof Promise) result.catch((error: unknown) => this.report(event, error));
      } catch (error) {
        this.report(event, error);
      }
    }
  }

  listenerCount(event: IncidentEventName): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  private report(event: IncidentEventName, error: unknown): void {
    this.log.error({ event, err: errorMessage(error) }, "incident listener failed");
  }
}
