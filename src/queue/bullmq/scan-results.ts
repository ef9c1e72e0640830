/**
 * What a remote worker found in one scan job, and how the main node takes it
 * in. A worker scans into a scratch store of its own (in memory, fresh per
 * job attempt) and ships every episode it recorded, grouped by the incident
 * they formed, with that incident's evidence (files it wrote to the shared
 * storage). The main node records the episodes into its own store through
 * the same merge a local scan uses, so a retried job — or a result delivered
 * twice — updates the incidents it already made instead of duplicating them.
 */
import type { Evidence, Incident, IncidentQuery, IncidentStore, RecordResult } from "../../incidents/types.js";
import type { Episode } from "../../rules/types.js";

export interface IncidentGroup {
  episodes: Episode[];
  evidence: Evidence[];
}

export interface ScanResultPayload {
  jobId: string;
  pointId: string;
  attempt: number;
  groups: IncidentGroup[];
}

/** An IncidentStore that remembers every episode recorded through it, by the incident it went to. */
export class CapturingIncidentStore implements IncidentStore {
  private readonly episodes = new Map<string, Episode[]>();

  constructor(private readonly inner: IncidentStore) {}

  recordEpisode(episode: Episode, options?: { mergeGapMs?: number }): RecordResult {
    const result = this.inner.recordEpisode(episode, options);
    const list = this.episodes.get(result.incident.id) ?? [];
    list.push(structuredClone(episode));
    this.episodes.set(result.incident.id, list);
    return result;
  }

  addEvidence(incidentId: string, evidence: Evidence): Incident {
    return this.inner.addEvidence(incidentId, evidence);
  }

  get(id: string): Incident | undefined {
    return this.inner.get(id);
  }

  list(query?: IncidentQuery): Incident[] {
    return this.inner.list(query);
  }

  closeStale(pointId: string, lastSeenBeforeMs: number): Incident[] {
    return this.inner.closeStale(pointId, lastSeenBeforeMs);
  }

  close(): void {
    this.inner.close();
  }

  groups(): IncidentGroup[] {
    return [...this.episodes.entries()].map(([id, episodes]) => ({ episodes, evidence: this.inner.get(id)?.evidence ?? [] }));
  }
}

/** Records a worker's result in the main store; returns the incidents it made or updated. */
export function mergeScanResult(store: IncidentStore, payload: ScanResultPayload): Incident[] {
  const touched = new Map<string, Incident>();
  for (const group of payload.groups) {
    let incident: Incident | undefined;
    for (const episode of group.episodes) incident = store.recordEpisode(episode).incident;
    if (incident === undefined) continue;
    for (const evidence of group.evidence) {
      const known = incident.evidence.some((e) => e.kind === evidence.kind && e.atMs === evidence.atMs);
      if (!known) incident = store.addEvidence(incident.id, evidence);
    }
    touched.set(incident.id, incident);
  }
  return [...touched.values()];
}
