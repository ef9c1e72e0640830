/**
 * Watches the spots of dispatched and resolved cases in the footage. The
 * scanner hands it every tracked frame of every scan (ScanJob's
 * `observeFrame` hook, observe()) and live detection every tracked live frame
 * (LivePoint's `observeFrame`, observeLive()); for each case watched at that
 * point and frame time it records whether the object is still there, then
 * judges the case again over everything seen so far (verification.ts):
 * clear for verifyClearSec → the system verifies and closes it with a
 * before/after pair; still there at the deadline → it fails verification,
 * stays open and is flagged overdue, with the frame as proof.
 *
 * Live and archive frames of the same minutes are observations of the same
 * spot in one log, judged by time, so seeing a minute twice never makes the
 * spot clear longer; and a case the live frames have already closed (or
 * flagged overdue) is not judged again when the archive scan sees those
 * minutes: closed cases are not watched, and an overdue flag is set once.
 *
 * observe() is synchronous and cheap (a few SQLite rows); judging and the
 * evidence frames (ffmpeg) run on a background queue, so the scanner never
 * waits for them. Failures are logged; the next frame judges again.
 */
import type { Deployment, PointConfig, RuleKind, Zone } from "../config/schema.js";
import type { WorkflowConfig } from "../config/schema-workflow.js";
import { errorMessage, isKerbsideError } from "../errors.js";
import type { Incident, IncidentStore } from "../incidents/types.js";
import { logger, type Logger } from "../log.js";
import { resolvePointRules } from "../rules/resolve.js";
import type { LiveFrameObserver } from "../live/types.js";
import type { FrameObservation } from "../rules/types.js";
import type { FrameObserver } from "../scan/frame-observer.js";
import { SYSTEM_ACTOR, type CaseService } from "./case-service.js";
import type { CaseStore } from "./case-store.js";
import type { SpotObservationLog } from "./spot-observations.js";
import { SpotPictures } from "./spot-pictures.js";
import { objectAtSpot, type SpotTarget } from "./spot-presence.js";
import type { CaseRecord } from "./types.js";
import { recordSpotFrame, reuseLastSnapshot, type SpotEvidenceContext } from "./verification-evidence.js";
import { judgeSpot, type SpotObservation, type Verdict } from "./verification.js";

export interface SpotWatcherOptions {
  cases: CaseStore;
  service: CaseService;
  incidents: Pick<IncidentStore, "get" | "addEvidence">;
  observations: SpotObservationLog;
  deployment: Pick<Deployment, "rules" | "schedules" | "units" | "timezone"> & { points: readonly PointConfig[] };
  workflow: Pick<WorkflowConfig, "verifyClearSec">;
  /** Evidence root (the storage dir) and whether paths are stored relative to it. */
  evidence: { rootDir: string; relativePaths: boolean };
  /** Observations further apart break a clear run (a hole in the footage is not "clear"). @defaultValue 30 s */
  maxGapMs?: number;
  log?: Logger;
}

const WATCHED = ["dispatched", "resolved"] as const;

export class SpotWatcher {
  private readonly log: Logger;
  private readonly targets = new Map<string, SpotTarget | null>();
  private readonly pending = new Set<string>();
  private readonly pictures = new SpotPictures();
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly options: SpotWatcherOptions) {
    this.log = (options.log ?? logger).child({ module: "spot-watcher" });
  }

  /** The hook for ScanJob's observeFrame. */
  readonly observe: FrameObserver = (frame) => {
    this.record(frame.pointId, frame.observation, { path: frame.path, offsetSec: frame.offsetSec, source: "archive" });
  };

  /** The hook for live detection (LivePoint's observeFrame): the frame is kept in memory for the evidence. */
  readonly observeLive: LiveFrameObserver = (frame) => {
    const { observation: o } = frame;
    const seen = this.record(frame.pointId, o, { path: "", offsetSec: 0, source: "live" }, () =>
      this.pictures.putLive(frame.pointId, o.timeMs, frame.image, { width: o.frameWidth, height: o.frameHeight }),
    );
    for (const { incidentId, present } of seen) if (present) this.pictures.pinLive(incidentId, frame.pointId, o.timeMs);
  };

  /** Records the frame for every case watched at the point then; `keep` runs once, before, when any is. */
  private record(pointId: string, frame: FrameObservation, where: Omit<SpotObservation, "atMs" | "box">, keep?: () => void): { incidentId: string; present: boolean }[] {
    if (this.closed) return [];
    const t = frame.timeMs;
    const seen: { incidentId: string; present: boolean }[] = [];
    for (const c of this.options.cases.list({ states: WATCHED, pointId })) {
      if (c.watchFromMs === null || t <= c.watchFromMs) continue;
      const target = this.target(c);
      if (!target) continue;
      if (seen.length === 0) keep?.();
      const box = objectAtSpot(target, frame.tracks, frame.frameWidth, frame.frameHeight);
      this.options.observations.add(c.incidentId, { atMs: t, box, ...where });
      seen.push({ incidentId: c.incidentId, present: box !== null });
    }
    // Judged after the frame is in every case's log (and its picture held).
    for (const { incidentId } of seen) this.schedule(incidentId);
    return seen;
  }

  /** Resolves when every judgement queued so far is done. */
  drain(): Promise<void> {
    return this.queue;
  }

  /** Stops taking frames and waits for the queue; safe to call twice. */
  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
  }

  private schedule(incidentId: string): void {
    if (this.pending.has(incidentId)) return;
    this.pending.add(incidentId);
    this.queue = this.queue.then(async () => {
      this.pending.delete(incidentId);
      try {
        await this.judge(incidentId);
      } catch (error) {
        this.log.warn({ incident: incidentId, err: errorMessage(error) }, "footage verification failed; judged again with the next frame");
      }
    });
  }

  private async judge(incidentId: string): Promise<void> {
    const c = this.options.cases.get(incidentId);
    const incident = this.options.incidents.get(incidentId);
    if (!c || !incident || c.watchFromMs === null || !(WATCHED as readonly string[]).includes(c.state)) {
      this.pictures.release(incidentId);
      return;
    }
    const observations = this.options.observations.list(incidentId);
    const verdict = judgeSpot(
      { watchFromMs: c.watchFromMs, deadlineMs: c.deadlineMs, verifyClearSec: this.options.workflow.verifyClearSec, maxGapMs: this.maxGapMs() },
      observations,
    );
    if (verdict.kind === "clear") await this.verified(c, incident, verdict, observations);
    if (verdict.kind === "still_there" && c.overdueAtMs === null) await this.failed(c, incident, verdict);
  }

  private maxGapMs(): number {
    return this.options.maxGapMs ?? 30_000;
  }

  private async verified(c: CaseRecord, incident: Incident, verdict: Extract<Verdict, { kind: "clear" }>, observations: readonly SpotObservation[]): Promise<void> {
    const after = await this.afterFrame(c, verdict, observations);
    if (!after) {
      this.log.info({ incident: c.incidentId }, "spot clear, but no frame of the clear run is at hand yet; judged again with the next frame");
      return;
    }
    const ctx = this.evidenceContext(incident);
    const beforeFrame = verdict.before && (await this.pictures.frame(c.incidentId, c.pointId, verdict.before));
    const withBefore = verdict.before && beforeFrame
      ? await recordSpotFrame(this.options.incidents, incident, verdict.before, "verify_before", ctx, beforeFrame)
      : reuseLastSnapshot(this.options.incidents, incident);
    const withAfter = await recordSpotFrame(this.options.incidents, withBefore, after.observation, "verify_after", ctx, after.frame);
    const clearSec = Math.round((after.observation.atMs - verdict.clearFromMs) / 1000);
    const note = `footage shows the spot clear for ${clearSec} s from ${new Date(verdict.clearFromMs).toISOString()}`;
    const evidence = withAfter.evidence.filter((e) => e.kind === "verify_before" || e.kind === "verify_after").map((e) => e.path);
    this.act(c, () =>
      this.options.service.act(c.incidentId, { action: "verify", result: "pass", note }, SYSTEM_ACTOR, {
        expectedVersion: c.version,
        amend: (_next, entry) => void Object.assign(entry.details, { evidence, clearFromMs: verdict.clearFromMs, afterMs: after.observation.atMs }),
      }),
    );
    this.pictures.release(c.incidentId);
  }

  /**
   * The "after" of the pair: the frame that completed the clear run, or (a
   * live frame no longer held, e.g. after a restart) the nearest later frame
   * of the same run that is.
   */
  private async afterFrame(c: CaseRecord, verdict: Extract<Verdict, { kind: "clear" }>, observations: readonly SpotObservation[]): Promise<{ observation: SpotObservation; frame: Buffer } | null> {
    let previous = verdict.after;
    for (const o of [verdict.after, ...observations.filter((x) => x.atMs > verdict.after.atMs)]) {
      if (o.box || o.atMs - previous.atMs > this.maxGapMs()) break;
      const frame = await this.pictures.frame(c.incidentId, c.pointId, o);
      if (frame) return { observation: o, frame };
      previous = o;
    }
    return null;
  }

  private async failed(c: CaseRecord, incident: Incident, verdict: Extract<Verdict, { kind: "still_there" }>): Promise<void> {
    const frame = await this.pictures.frame(c.incidentId, c.pointId, verdict.proof);
    if (!frame) return; // a live frame no longer held: the next sighting is the proof
    const proof = await recordSpotFrame(this.options.incidents, incident, verdict.proof, "verify_fail", this.evidenceContext(incident), frame);
    const evidence = proof.evidence.filter((e) => e.kind === "verify_fail" && e.atMs === verdict.proof.atMs).map((e) => e.path);
    const note = `still there at ${new Date(verdict.proof.atMs).toISOString()}, after the deadline`;
    this.act(c, () =>
      this.options.service.act(c.incidentId, { action: "verify", result: "fail", note }, SYSTEM_ACTOR, {
        expectedVersion: c.version,
        amend: (next, entry) => {
          next.overdueAtMs = next.updatedAtMs;
          Object.assign(entry.details, { evidence, overdue: true, proofMs: verdict.proof.atMs });
        },
      }),
    );
  }

  /** A user acting meanwhile wins: the system step is skipped and judged again on the next frame. */
  private act(c: CaseRecord, run: () => unknown): void {
    try {
      run();
    } catch (error) {
      if (!isKerbsideError(error, "KERB_ERR_CASE_CONFLICT") && !isKerbsideError(error, "KERB_ERR_CASE_STATE")) throw error;
      this.log.info({ incident: c.incidentId }, "case changed while its footage was judged; judged again later");
    }
  }

  private target(c: CaseRecord): SpotTarget | null {
    const key = `${c.pointId}\u0000${c.rule}\u0000${c.zoneId}\u0000${c.incidentId}`;
    if (!this.targets.has(key)) this.targets.set(key, this.resolveTarget(c));
    return this.targets.get(key) ?? null;
  }

  private resolveTarget(c: CaseRecord): SpotTarget | null {
    const point = this.point(c.pointId);
    const incident = this.options.incidents.get(c.incidentId);
    const zone = point?.zones.find((z) => z.id === c.zoneId);
    if (!point || !zone || !incident) return null;
    const rule = resolvePointRules(this.options.deployment, point).find((r) => r.kind === (c.rule as RuleKind));
    return { zone, box: incident.box, classes: rule?.classes ?? [incident.label] };
  }

  private evidenceContext(incident: Incident): SpotEvidenceContext {
    const point = this.point(incident.pointId);
    const zone: Zone | undefined = point?.zones.find((z) => z.id === incident.zoneId);
    return { ...this.options.evidence, pointName: point?.name ?? incident.pointId, timeZone: this.options.deployment.timezone, zone };
  }

  private point(pointId: string): PointConfig | undefined {
    return this.options.deployment.points.find((p) => p.id === pointId);
  }
}
