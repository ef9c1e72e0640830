/**
 * The rule engine for one monitoring point: tracked objects in, violation
 * episodes out. Per frame and per rule active at that instant, it finds the
 * subjects (stationary tracks of watched classes, or stall clusters) whose
 * ground point is in an active zone of a watched kind, and hands them to the
 * episode book, which does the dwell bookkeeping.
 *
 * Dwell counts from the latest of: the subject coming to rest, the rule
 * becoming active, the zone becoming active, the subject ceasing to be
 * allowed. nonmotor_parking and stall_encroachment ignore subjects inside an
 * active stall_allowed zone (a licensed night-market area in its hours).
 * An object has at most one open episode at a time: the first rule to reach
 * its threshold claims it (a motorcycle on the sidewalk is not reported by
 * both sidewalk_parking and nonmotor_parking).
 */
import type { Deployment, PointConfig, RuleKind } from "../config/schema.js";
import type { Interval } from "../footage/types.js";
import { AllowanceMemory } from "./allowance-memory.js";
import { EpisodeBook, type DwellResume, type PendingDwell, type Presence } from "./episode-book.js";
import { isRuleActive, minDwellSecAt, resolvePointRules } from "./resolve.js";
import { resolveSchedules } from "./schedule.js";
import { ClusterIdentity, findStallClusters, type StallClusterOptions } from "./stall-clusters.js";
import { trackSubjects, type Subject } from "./subjects.js";
import type { EpisodeEvent, FrameObservation, ResolvedRule } from "./types.js";
import { compileZones, isZoneActive, zonesContainingBox, type CompiledZone } from "./zones.js";

export interface RuleEngineArgs {
  deployment: Pick<Deployment, "rules" | "schedules" | "units" | "timezone">;
  point: Pick<PointConfig, "id" | "category" | "units" | "rules" | "schedules" | "zones">;
  /** IANA zone for schedules; default: the deployment's timezone. */
  timeZone?: string;
  /** The model's labels (explicit stall classes are used when present). */
  labels?: readonly string[];
  stall?: StallClusterOptions;
  /** Live detection after a restart: dwell already under way in an incident a previous run left open (EpisodeBook). */
  resume?: DwellResume;
}

interface FrameContext {
  width: number;
  height: number;
  timeMs: number;
  /** Zones active at this instant, in config order. */
  activeZones: CompiledZone[];
}

/** Rules that still apply inside a licensed stall area (a car parked in the night market is still parked illegally). */
const APPLY_IN_STALL_AREAS: readonly RuleKind[] = ["illegal_parking", "sidewalk_parking"];

export class RuleEngine {
  readonly rules: readonly ResolvedRule[];
  readonly zones: readonly CompiledZone[];
  private readonly timeZone: string;
  private readonly book: EpisodeBook;
  private readonly clusters = new ClusterIdentity();
  private readonly activeSince = new Map<string, number>();
  private readonly allowances = new AllowanceMemory();

  constructor(private readonly args: RuleEngineArgs) {
    const { deployment, point } = args;
    this.timeZone = args.timeZone ?? deployment.timezone;
    this.rules = resolvePointRules(deployment, point, args.labels ? { labels: args.labels } : {}).filter((r) => r.enabled);
    this.zones = compileZones(point, resolveSchedules(deployment, point));
    this.book = new EpisodeBook(point.id, args.resume);
  }

  /** One sampled frame's tracks (times increasing) → opened/updated/closed episodes. */
  observe(obs: FrameObservation): EpisodeEvent[] {
    const t = obs.timeMs;
    const activeZones = this.zones.filter((z) => isZoneActive(z, t, this.timeZone));
    for (const z of this.zones) this.noteActive(`zone:${z.zone.id}`, activeZones.includes(z), t);
    const frame: FrameContext = { width: obs.frameWidth, height: obs.frameHeight, timeMs: t, activeZones };
    const events: EpisodeEvent[] = [];
    this.allowances.nextFrame();
    for (const rule of this.rules) {
      const active = isRuleActive(rule, t, this.timeZone);
      this.noteActive(`rule:${rule.kind}`, active, t);
      if (!active) {
        events.push(...this.book.closeAll(rule.kind));
        continue;
      }
      const presences = this.subjectsFor(rule, obs).flatMap((s) => this.presence(rule, s, frame));
      const ctx = { rule: rule.kind, unit: rule.unit, timeMs: t, minDwellMs: minDwellSecAt(rule, t, this.timeZone) * 1000 };
      events.push(...this.book.step(ctx, presences));
    }
    return events;
  }

  /** Dwells under way below their threshold (live detection persists them across a restart). */
  pendingDwells(): PendingDwell[] {
    return this.book.pending();
  }

  /** No frame in `gap` although the footage goes on (a hole inside a segment): not watched (EpisodeBook.noteUnseen). */
  noteUnseen(gap: Interval): void {
    this.book.noteUnseen(gap);
  }

  /** End of footage: closes every open episode at its last sighting. */
  finish(_atMs: number): EpisodeEvent[] {
    this.activeSince.clear();
    this.allowances.clear();
    return this.book.closeAll();
  }

  private noteActive(key: string, active: boolean, t: number): void {
    if (!active) this.activeSince.delete(key);
    else if (!this.activeSince.has(key)) this.activeSince.set(key, t);
  }

  private subjectsFor(rule: ResolvedRule, obs: FrameObservation): Subject[] {
    if (rule.kind !== "stall_encroachment") return trackSubjects(obs.tracks, rule.classes);
    return this.clusters.assign(findStallClusters(obs.tracks, rule.classes, rule.soloClasses, this.args.stall));
  }

  private presence(rule: ResolvedRule, subject: Subject, frame: FrameContext): Presence[] {
    const inside = zonesContainingBox(frame.activeZones, subject.box, frame.width, frame.height);
    const allowanceKey = `${rule.kind}:${subject.ref}`;
    if (!APPLY_IN_STALL_AREAS.includes(rule.kind) && inside.some((z) => z.zone.kind === "stall_allowed")) {
      this.allowances.allow(allowanceKey);
      return [];
    }
    const allowedEnd = this.allowances.endedAt(allowanceKey, frame.timeMs);
    const zone = inside.find((z) => rule.zones.includes(z.zone.kind))?.zone;
    if (!zone) return [];
    const since = (key: string): number => this.activeSince.get(key) ?? frame.timeMs;
    const dwellStartMs = Math.max(subject.stationarySinceMs, since(`rule:${rule.kind}`), since(`zone:${zone.id}`), allowedEnd);
    return [{ subject, zone, dwellStartMs }];
  }
}
