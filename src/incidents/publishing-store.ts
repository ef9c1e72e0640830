/**
 * Wraps any IncidentStore so that every created or changed incident is
 * published on the bus: "incident.created" for a new one, "incident.updated"
 * when a merge or new evidence changed it. A re-scan that changes nothing
 * publishes nothing.
 */
import type { Episode } from "../rules/types.js";
import type { IncidentBus } from "./bus.js";
import type { Evidence, Incident, IncidentQuery, IncidentStore, RecordResult } from "./types.js";

export class PublishingIncidentStore implements IncidentStore {
  constructor(
    private readonly inner: IncidentStore,
    private readonly bus: IncidentBus,
  ) {}

  recordEpisode(episode: Episode, options?: { mergeGapMs?: number }): RecordResult {
    const result = this.inner.recordEpisode(episode, options);
    if (result.created) this.bus.emit("incident.created", result.incident);
    else if (result.changed !== false) this.bus.emit("incident.updated", result.incident);
    return result;
  }

  addEvidence(incidentId: string, evidence: Evidence): Incident {
    const incident = this.inner.addEvidence(incidentId, evidence);
    this.bus.emit("incident.updated", incident);
    return incident;
  }

  closeStale(pointId: string, lastSeenBeforeMs: number): Incident[] {
    const closed = this.inner.closeStale(pointId, lastSeenBeforeMs);
    for (const incident of closed) this.bus.emit("incident.updated", incident);
    return closed;
  }

  get(id: string): Incident | undefined {
    return this.inner.get(id);
  }

  list(query?: IncidentQuery): Incident[] {
    return this.inner.list(query);
  }

  close(): void {
    this.inner.close();
  }
}
