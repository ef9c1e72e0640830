/**
 * The link retention asks about: footage an incident still needs. A segment
 * is kept while it overlaps an incident of its point that is still open (a
 * scan may extend it) or has no evidence clip yet (the next scan retries the
 * evidence from this footage). Closed incidents with their clip keep their own
 * files under <storageDir>/evidence/ and no longer hold the footage.
 */
import type { SegmentStore } from "../footage/segment-store.js";
import type { Incident, IncidentStore } from "../incidents/types.js";

export function footageReferences(segments: SegmentStore, incidents: IncidentStore): (file: string) => boolean {
  return (file) => {
    const segment = segments.get(file);
    if (!segment) return false;
    const overlapping = incidents.list({ pointId: segment.pointId, fromMs: segment.startMs, toMs: Math.max(segment.endMs, segment.startMs + 1) });
    return overlapping.some(needsFootage);
  };
}

function needsFootage(incident: Incident): boolean {
  return incident.endMs === null || !incident.evidence.some((e) => e.kind === "clip");
}
