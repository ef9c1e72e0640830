/**
 * Dwell carried over a restart. A vehicle still parked when `kerbside run`
 * restarts is a new track to the new run's tracker; without help its dwell
 * would count from zero again and the open incident would only be continued
 * a whole threshold later. This hook (EpisodeBook's `resume`) finds, for a
 * new subject, an incident of the same point, rule and zone that a previous
 * run left open (last seen before this run started, within the store's merge
 * gap) with a matching box: the dwell counts from that incident's start, so
 * the same incident is continued at once, its start and threshold unchanged.
 * Each incident is resumed by one subject at most.
 */
import type { Box } from "../detect/types.js";
import { boxesMatch, DEFAULT_MERGE_GAP_MS } from "../incidents/incident-store.js";
import type { IncidentStore } from "../incidents/types.js";
import type { Logger } from "../log.js";
import type { DwellResume } from "../rules/episode-book.js";

export interface DwellResumeOptions {
  store: IncidentStore;
  pointId: string;
  /** When this run's live detection of the point started. */
  startedMs: number;
  /** An incident's box (recorded stream's pixels) in the live stream's pixels. */
  toStream: (box: Box) => Box;
  /** How long after its last sighting an incident may still be resumed. @defaultValue the store's merge gap (10 min) */
  withinMs?: number;
  log: Logger;
}

export function resumeOpenIncidents(options: DwellResumeOptions): DwellResume {
  const { store, pointId, startedMs, log } = options;
  const withinMs = options.withinMs ?? DEFAULT_MERGE_GAP_MS;
  const taken = new Set<string>();
  return ({ rule, zoneId, box, timeMs }) => {
    const match = store
      .list({ pointId, rule, openOnly: true })
      .filter((i) => i.zoneId === zoneId && !taken.has(i.id) && i.lastSeenMs < startedMs && timeMs - i.lastSeenMs <= withinMs)
      .filter((i) => boxesMatch(options.toStream(i.box), box))
      .sort((a, b) => b.lastSeenMs - a.lastSeenMs)[0];
    if (!match) return undefined;
    taken.add(match.id);
    log.info({ incident: match.id, rule, zone: zoneId, unseenSec: Math.round((timeMs - match.lastSeenMs) / 1000) }, "live dwell resumed from an incident left open before the restart");
    return { startMs: match.startMs, lastSeenMs: match.lastSeenMs };
  };
}
