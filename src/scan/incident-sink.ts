/**
 * Where episode events end up: each one is recorded in the incident store
 * (which merges re-scans and resumes into the same incident and, wrapped in a
 * PublishingIncidentStore, publishes it on the bus), and evidence is collected
 * when an episode opens (first seen, threshold, crop, clip) and closes (last
 * seen). Evidence that fails is logged and retried by the next scan; it never
 * stops the scan.
 */
import { errorMessage } from "../errors.js";
import type { EvidenceCollector } from "../incidents/evidence.js";
import type { IncidentStore } from "../incidents/types.js";
import type { Logger } from "../log.js";
import type { EpisodeEvent } from "../rules/types.js";

export class IncidentSink {
  readonly incidentIds = new Set<string>();
  evidenceFailures = 0;

  constructor(
    private readonly store: IncidentStore,
    private readonly evidence: EvidenceCollector | null,
    private readonly log: Logger,
  ) {}

  async handle(events: readonly EpisodeEvent[]): Promise<void> {
    for (const event of events) await this.one(event);
  }

  private async one(event: EpisodeEvent): Promise<void> {
    const { incident, created } = this.store.recordEpisode(event.episode);
    this.incidentIds.add(incident.id);
    if (created) this.log.info({ incident: incident.id, rule: incident.rule, zone: incident.zoneId }, "incident opened");
    if (!this.evidence || event.type === "updated") return;
    try {
      const opened = await this.evidence.collect(incident, event.episode, "opened");
      if (event.type === "closed") await this.evidence.collect(opened, event.episode, "closed");
    } catch (error) {
      this.evidenceFailures++;
      this.log.warn({ incident: incident.id, err: errorMessage(error) }, "evidence collection failed; the next scan retries it");
    }
  }
}
