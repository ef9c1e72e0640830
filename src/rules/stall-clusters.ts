/**
 * Stall evidence from ordinary COCO objects. A stall is a cluster of
 * stationary stall-like objects (umbrella, dining table, chair, bench, potted
 * plant, suitcase…); two objects belong together when the gap between their
 * boxes is at most linkFactor × the larger box's size (√area). A cluster
 * counts as a stall when it has
 *   - one object of an explicit stall class (stall, vendor_cart…), or
 *   - at least two stall-like objects, or
 *   - one stall-like object and at least one lingering person near it: a
 *     person track that is stationary or has been followed for lingerMs, with
 *     a gap to the object of at most linkFactor × the larger box's size.
 * The cluster is one subject, anchored on the union box of its objects; it is
 * stationary since the latest of its objects came to rest. Cluster ids stay
 * the same while a cluster keeps any object from the previous frame.
 */
import { boxGap, boxSize, unionBox } from "../track/box-geometry.js";
import type { Subject } from "./subjects.js";
import type { TrackedObject } from "./types.js";

export interface StallClusterOptions {
  /** @defaultValue 1 */
  linkFactor?: number;
  /** A person followed this long counts as lingering even if shuffling about. @defaultValue 30000 */
  lingerMs?: number;
}

export interface StallCluster {
  members: TrackedObject[];
  people: TrackedObject[];
}

function linked(a: TrackedObject, b: TrackedObject, factor: number): boolean {
  return boxGap(a.box, b.box) <= factor * Math.max(boxSize(a.box), boxSize(b.box));
}

function isLingering(person: TrackedObject, lingerMs: number): boolean {
  return person.stationary || person.lastSeenMs - person.firstSeenMs >= lingerMs;
}

/** Groups stationary stall-like tracks and keeps the groups that count as stalls. */
export function findStallClusters(
  tracks: readonly TrackedObject[],
  classes: readonly string[],
  soloClasses: readonly string[],
  options: StallClusterOptions = {},
): StallCluster[] {
  const factor = options.linkFactor ?? 1;
  const lingerMs = options.lingerMs ?? 30_000;
  const items = tracks.filter((t) => t.stationary && t.stationarySinceMs !== null && classes.includes(t.label));
  const people = tracks.filter((t) => t.label === "person" && isLingering(t, lingerMs));
  return components(items, (a, b) => linked(a, b, factor))
    .map((members) => ({ members, people: people.filter((p) => members.some((m) => linked(m, p, factor))) }))
    .filter((c) => c.members.some((m) => soloClasses.includes(m.label)) || c.members.length >= 2 || c.people.length >= 1);
}

function components<T>(items: readonly T[], isLinked: (a: T, b: T) => boolean): T[][] {
  const parent = items.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) if (isLinked(items[i]!, items[j]!)) parent[find(i)] = find(j);
  }
  const groups = new Map<number, T[]>();
  items.forEach((item, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), item]));
  return [...groups.values()];
}

/** Gives clusters ids that survive membership changes (any shared object keeps the id). */
export class ClusterIdentity {
  private previous = new Map<number, Set<number>>();
  private nextId = 1;

  assign(clusters: readonly StallCluster[]): Subject[] {
    const used = new Set<number>();
    const current = new Map<number, Set<number>>();
    const subjects = clusters.map((cluster) => {
      const ids = new Set(cluster.members.map((m) => m.trackId));
      const id = this.match(ids, used) ?? this.nextId++;
      used.add(id);
      current.set(id, ids);
      return clusterSubject(id, cluster);
    });
    this.previous = current;
    return subjects;
  }

  private match(ids: Set<number>, used: Set<number>): number | undefined {
    let best: number | undefined;
    let bestShared = 0;
    for (const [id, members] of this.previous) {
      const shared = [...members].filter((m) => ids.has(m)).length;
      if (!used.has(id) && shared > bestShared) {
        best = id;
        bestShared = shared;
      }
    }
    return best;
  }
}

function clusterSubject(id: number, cluster: StallCluster): Subject {
  const { members } = cluster;
  return {
    ref: `c${id}`,
    id,
    label: [...new Set(members.map((m) => m.label))].sort().join("+"),
    box: unionBox(members.map((m) => m.box)),
    seen: members.some((m) => m.misses === 0),
    lastSeenMs: Math.max(...members.map((m) => m.lastSeenMs)),
    stationarySinceMs: Math.max(...members.map((m) => m.stationarySinceMs ?? m.lastSeenMs)),
    peakScore: Math.max(...members.map((m) => m.peakScore)),
  };
}
