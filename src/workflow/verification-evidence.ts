/**
 * The evidence of a footage verification: the frame that showed the object
 * (before, or the proof it was still there at the deadline) and a frame from
 * the clear footage (after), each annotated like the incident's snapshots
 * (zone, box, point, rule, local time) and hashed, recorded on the incident.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Zone } from "../config/schema.js";
import { formatLocal } from "../time/time-zone.js";
import { annotateSnapshot } from "../incidents/evidence-annotate.js";
import { digestFile } from "../incidents/evidence-hash.js";
import type { Evidence, Incident, IncidentStore } from "../incidents/types.js";
import type { SpotObservation } from "./verification.js";

export interface SpotEvidenceContext {
  /** The storage dir: evidence goes under `<rootDir>/evidence/<point>/<incident>/`. */
  rootDir: string;
  relativePaths: boolean;
  pointName: string;
  timeZone: string;
  zone: Zone | undefined;
}

export type SpotEvidenceKind = "verify_before" | "verify_after" | "verify_fail";

const TITLES: Record<SpotEvidenceKind, string> = {
  verify_before: "核查 before: still there",
  verify_after: "核查 after: spot clear",
  verify_fail: "核查 failed: still there at the deadline",
};

export async function recordSpotFrame(
  store: Pick<IncidentStore, "addEvidence">,
  incident: Incident,
  observation: SpotObservation,
  kind: SpotEvidenceKind,
  ctx: SpotEvidenceContext,
  /** The observation's frame (PNG), from spot-pictures.ts. */
  frame: Buffer,
): Promise<Incident> {
  const dir = path.join(ctx.rootDir, "evidence", incident.pointId, incident.id);
  await mkdir(dir, { recursive: true });
  const jpeg = await annotateSnapshot(frame, {
    polygon: ctx.zone?.polygon ?? [],
    box: observation.box ?? incident.box,
    caption: [
      `${ctx.pointName} (${incident.pointId})`,
      `${incident.rule} · ${ctx.zone?.name ?? incident.zoneId} · ${incident.label} · ${TITLES[kind]}`,
      `${formatLocal(observation.atMs, ctx.timeZone)} ${ctx.timeZone}`,
    ],
  });
  const file = path.join(dir, `${kind}-${observation.atMs}.jpg`);
  await writeFile(file, jpeg);
  const digest = await digestFile(file);
  const stored = ctx.relativePaths ? path.relative(ctx.rootDir, file) : path.resolve(file);
  const evidence: Evidence = { kind, path: stored, sha256: digest.sha256, bytes: digest.bytes, atMs: observation.atMs };
  return store.addEvidence(incident.id, evidence);
}

/**
 * Without a frame of the object after the action (it left before the first
 * frame watched), the "before" of the pair is the incident's own latest
 * snapshot, already annotated and hashed: recorded again as verify_before.
 */
export function reuseLastSnapshot(store: Pick<IncidentStore, "addEvidence">, incident: Incident): Incident {
  const snapshots = incident.evidence.filter((e) => e.kind === "snapshot_last" || e.kind === "snapshot_threshold" || e.kind === "snapshot_first");
  const latest = [...snapshots].sort((a, b) => b.atMs - a.atMs)[0];
  if (!latest) return incident;
  return store.addEvidence(incident.id, { ...latest, kind: "verify_before" });
}
