/**
 * Is the case's object still at its spot in this frame? Pure: an object of
 * the rule's classes detected in this very frame (the tracker coasts a parked
 * car through misses for a while; a coasting track is not proof it is still
 * there), whose ground point is in the case's zone and whose box matches the
 * incident's (the incident store's merge test: IoU ≥ 0.3 or ground points
 * within half a box size). A track known to be moving (seen for a while and
 * not at rest) is traffic passing by; a track too new to tell counts as
 * present, so that doubt delays a verification rather than faking one.
 */
import type { Box } from "../detect/types.js";
import type { Zone } from "../config/schema.js";
import { boxesMatch } from "../incidents/incident-store.js";
import type { TrackedObject } from "../rules/types.js";
import { zoneContainsBox } from "../rules/zones.js";

export interface SpotTarget {
  zone: Zone;
  box: Box;
  classes: readonly string[];
}

/** A track seen for less than this cannot be told from a parked one yet. */
export const NEW_TRACK_MS = 10_000;

function possiblyParked(t: TrackedObject): boolean {
  return t.stationary || t.lastSeenMs - t.firstSeenMs < NEW_TRACK_MS;
}

/** The matching object's box, or null when the spot is clear of it. */
export function objectAtSpot(target: SpotTarget, tracks: readonly TrackedObject[], frameWidth: number, frameHeight: number): Box | null {
  const match = tracks.find(
    (t) =>
      t.misses === 0 &&
      possiblyParked(t) &&
      target.classes.includes(t.label) &&
      zoneContainsBox(target.zone, t.box, frameWidth, frameHeight) &&
      boxesMatch(target.box, t.box),
  );
  return match ? { ...match.box } : null;
}
