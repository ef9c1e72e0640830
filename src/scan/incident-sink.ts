/**
 * Where episode events end up: each one is recorded in the incident store at
 * once (which merges re-scans and resumes into the same incident and, wrapped
 * in a PublishingIncidentStore, publishes it on the bus). Evidence is
 * collected in the background, one incident step at a time, so the frames
 * keep flowing while ffmpeg cuts clips: when an episode opens (first seen,
 * threshold, crop, clip) and when it closes (last seen). The scan drains the
 * queue before it marks a segment done. Evidence that fails is logged and
 * retried by the next scan (the ScanJob leaves the segment unfinished); it
 * never stops the scan.
 */
import { errorMessage } from "../errors.js";
import type { EvidenceCollector } from "../incidents/evidence.js";
import type { Incident, IncidentStore } from "../incidents/types.js";
import type { Logger } from "../log.js";
import type { EpisodeEvent } from "../rules/types.js";

export class IncidentSink {
  readonly incidentIds = new Set<string>();
  evidenceFailures = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: IncidentStore,
    private readonly evidence: EvidenceCollector | null,
    private readonly log: Logger,
  ) {}

  handle(events: readonly EpisodeEvent[]): void {
    for (const event of events) this.one(event);
  }

  /**
   * Incidents closed without an episode event (left open by a crashed scan):
   * their last-seen snapshot is taken when `locatable` says this scan read the
   * footage of their last sighting. A failure is logged only: the incident is
   * closed, so scanning the segment again would not bring it back.
   */
  closedWithoutEpisode(incidents: readonly Incident[], locatable: (timeMs: number) => boolean): void {
    for (const incident of incidents) {
      this.incidentIds.add(incident.id);
      const collector = this.evidence;
      if (!collector || !locatable(incident.lastSeenMs)) continue;
      this.queue = this.queue.then(() =>
        collector.collectLastSeen(incident).then(
          () => undefined,
          (error: unknown) => this.log.warn({ incident: incident.id, err: errorMessage(error) }, "last-seen snapshot of a closed incident failed"),
        ),
      );
    }
  }

  /** Resolves once all evidence queued so far is collected (or has failed). */
  drain(): Promise<void> {
    return this.queue;
  }

  private one(event: EpisodeEvent): void {
    const { incident, created } = this.store.recordEpisode(event.episode);
    this.incidentIds.add(incident.id);
    if (created) this.log.info({ incident: incident.id, rule: incident.rule, zone: incident.zoneId }, "incident opened");
    if (this.evidence && event.type !== "updated") this.queue = this.queue.then(() => this.collect(incident.id, event));
  }

  private async collect(incidentId: string, event: EpisodeEvent): Promise<void> {
    const collector = this.evidence;
    const incident = this.store.get(incidentId);
    if (!collector || !incident) return;
    try {
      const opened = await collector.collect(incident, event.episode, "opened");
      if (event.type === "closed") await collector.collect(opened, event.episode, "closed");
    } catch (error) {
      this.evidenceFailures++;
      this.log.warn({ incident: incidentId, err: errorMessage(error) }, "evidence collection failed; the next scan retries it");
    }
  }
}
