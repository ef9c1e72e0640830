/**
 * Watches the spots of dispatched and resolved cases in the scanned footage.
 * The scanner hands it every tracked frame (ScanJob's `observeFrame` hook);
 * for each case watched at that point and frame time it records whether the
 * object is still there, then judges the case again over everything seen so
 * far (verification.ts): clear for verifyClearSec → the system verifies and
 * closes it with a before/after pair; still there at the deadline → it fails
 * verification, stays open and is flagged overdue, with the frame as proof.
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
import type { FrameObserver } from "../scan/frame-observer.js";
import { SYSTEM_ACTOR, type CaseService } from "./case-service.js";
import type { CaseStore } from "./case-store.js";
import type { SpotObservationLog } from "./spot-observations.js";
import { objectAtSpot, type SpotTarget } from "./spot-presence.js";
import type { CaseRecord } from "./types.js";
import { recordSpotFrame, reuseLastSnapshot, type SpotEvidenceContext } from "./verification-evidence.js";
import { judgeSpot, type Verdict } from "./verification.js";

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
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly options: SpotWatcherOptions) {
    this.log = (options.log ?? logger).child({ module: "spot-watcher" });
  }

  /** The hook for ScanJob's observeFrame. */
  readonly observe: FrameObserver = (frame) => {
    if (this.closed) return;
    const t = frame.observation.timeMs;
    for (const c of this.options.cases.list({ states: WATCHED, pointId: frame.pointId })) {
      if (c.watchFromMs === null || t <= c.watchFromMs) continue;
      const target = this.target(c);
      if (!target) continue;
      const box = objectAtSpot(target, frame.observation.tracks, frame.observation.frameWidth, frame.observation.frameHeight);
      this.options.observations.add(c.incidentId, { atMs: t, box, path: frame.path, offsetSec: frame.offsetSec });
      this.schedule(c.incidentId);
    }
  };

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
    if (!c || !incident || c.watchFromMs === null || !(WATCHED as readonly string[]).includes(c.state)) return;
    const verdict = judgeSpot(
      { watchFromMs: c.watchFromMs, deadlineMs: c.deadlineMs, verifyClearSec: this.options.workflow.verifyClearSec, maxGapMs: this.options.maxGapMs ?? 30_000 },
      this.options.observations.list(incidentId),
    );
    if (verdict.kind === "clear") await this.verified(c, incident, verdict);
    if (verdict.kind === "still_there" && c.overdueAtMs === null) await this.failed(c, incident, verdict);
  }

  private async verified(c: CaseRecord, incident: Incident, verdict: Extract<Verdict, { kind: "clear" }>): Promise<void> {
    const ctx = this.evidenceContext(incident);
    const withBefore = verdict.before ? await recordSpotFrame(this.options.incidents, incident, verdict.before, "verify_before", ctx) : reuseLastSnapshot(this.options.incidents, incident);
    const withAfter = await recordSpotFrame(this.options.incidents, withBefore, verdict.after, "verify_after", ctx);
    const clearSec = Math.round((verdict.after.atMs - verdict.clearFromMs) / 1000);
    const note = `footage shows the spot clear for ${clearSec} s from ${new Date(verdict.clearFromMs).toISOString()}`;
    const evidence = withAfter.evidence.filter((e) => e.kind === "verify_before" || e.kind === "verify_after").map((e) => e.path);
    this.act(c, () =>
      this.options.service.act(c.incidentId, { action: "verify", result: "pass", note }, SYSTEM_ACTOR, {
        expectedVersion: c.version,
        amend: (_next, entry) => void Object.assign(entry.details, { evidence, clearFromMs: verdict.clearFromMs, afterMs: verdict.after.atMs }),
      }),
    );
  }

  private async failed(c: CaseRecord, incident: Incident, verdict: Extract<Verdict, { kind: "still_there" }>): Promise<void> {
    const proof = await recordSpotFrame(this.options.incidents, incident, verdict.proof, "verify_fail", this.evidenceContext(incident));
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
