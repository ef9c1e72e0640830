/**
 * Collects an incident's evidence from the footage it was found in: annotated
 * snapshots when the object was first seen, when the dwell threshold was
 * crossed and when it was last seen, a crop of the object, and a short clip
 * around the threshold moment. Every file's SHA-256 and size are recorded
 * through the incident store. Evidence already recorded is not collected again
 * (a re-scan or a resumed scan adds nothing twice).
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Box } from "../detect/types.js";
import type { Zone } from "../config/schema.js";
import { KerbsideError } from "../errors.js";
import { formatLocal } from "../time/time-zone.js";
import type { Episode } from "../rules/types.js";
import { annotateSnapshot, cropObject } from "./evidence-annotate.js";
import { cutClip } from "./evidence-clip.js";
import { makePreview } from "./evidence-preview.js";
import { extractFrame } from "./evidence-frame.js";
import { digestFile } from "./evidence-hash.js";
import type { Evidence, EvidenceKind, Incident, IncidentStore } from "./types.js";

/** Where a footage instant lives: a file and the offset into it. */
export type FootageLocator = (timeMs: number) => { path: string; offsetSec: number } | null;

export interface EvidenceContext {
  /** Evidence goes under `<rootDir>/evidence/<pointId>/<incidentId>/`. */
  rootDir: string;
  /** Store paths relative to rootDir (configured deployments) or absolute (ad-hoc scans). */
  relativePaths: boolean;
  pointId: string;
  pointName: string;
  timeZone: string;
  zones: readonly Zone[];
  locate: FootageLocator;
  /** Clip span around the threshold moment (default 5 s before, 5 s after). */
  clipBeforeSec?: number;
  clipAfterSec?: number;
}

export type EvidenceStage = "opened" | "closed";

/** What a snapshot's zone and caption need: an episode's or an incident's rule, zone and label. */
type Labelled = Pick<Episode, "rule" | "zoneId" | "label">;

interface Moment {
  kind: Exclude<EvidenceKind, "clip" | "crop">;
  atMs: number;
  box: Box;
  title: string;
}

export class EvidenceCollector {
  constructor(
    private readonly store: IncidentStore,
    private readonly context: EvidenceContext,
  ) {}

  /** Collects what the stage calls for and is not yet recorded; returns the updated incident. */
  async collect(incident: Incident, episode: Episode, stage: EvidenceStage): Promise<Incident> {
    const dir = this.incidentDir(incident.id);
    await mkdir(dir, { recursive: true });
    let current = incident;
    for (const moment of this.moments(episode, stage)) {
      if (!this.wanted(current, moment)) continue;
      current = await this.snapshot(current, episode, moment, dir);
    }
    if (stage === "opened" && !has(current, "crop")) current = await this.crop(current, episode, dir);
    if (stage === "opened" && !has(current, "clip")) current = await this.clip(current, episode, dir);
    if (stage === "opened" && !has(current, "clip_preview")) current = await this.preview(current, dir);
    return current;
  }

  /**
   * The last-seen snapshot of an incident closed without its episode (one a
   * crashed scan left open, closed when the resumed scan reached the end of
   * the footage), from the incident's own last sighting and box.
   */
  async collectLastSeen(incident: Incident): Promise<Incident> {
    const moment: Moment = { kind: "snapshot_last", atMs: incident.lastSeenMs, box: incident.box, title: "last seen" };
    if (!this.wanted(incident, moment)) return incident;
    const dir = this.incidentDir(incident.id);
    await mkdir(dir, { recursive: true });
    return this.snapshot(incident, incident, moment, dir);
  }

  incidentDir(incidentId: string): string {
    return path.join(this.context.rootDir, "evidence", this.context.pointId, incidentId);
  }

  /**
   * First-seen and threshold snapshots are taken once. A last-seen snapshot is
   * taken when this episode is the incident's newest sighting (a resumed scan
   * that saw the object longer adds one; a re-scan of older footage does not).
   */
  private wanted(incident: Incident, moment: Moment): boolean {
    if (moment.kind !== "snapshot_last") return !has(incident, moment.kind);
    return moment.atMs >= incident.lastSeenMs && !has(incident, moment.kind, moment.atMs);
  }

  private moments(episode: Episode, stage: EvidenceStage): Moment[] {
    if (stage === "closed") return [{ kind: "snapshot_last", atMs: episode.lastSeenMs, box: episode.lastBox, title: "last seen" }];
    return [
      { kind: "snapshot_first", atMs: episode.startMs, box: episode.firstBox, title: "first seen" },
      { kind: "snapshot_threshold", atMs: episode.thresholdMs, box: episode.thresholdBox, title: "dwell threshold" },
    ];
  }

  /**
   * The threshold snapshot from a picture already in hand (live detection:
   * the frame the dwell threshold was crossed in, as a JPEG or PNG at the
   * source's size), before any recorded segment holds that moment. The
   * archive scan adds the rest (first seen, crop, clip) from the recording.
   */
  async thresholdSnapshotFrom(incident: Incident, episode: Episode, image: Buffer): Promise<Incident> {
    const moment: Moment = { kind: "snapshot_threshold", atMs: episode.thresholdMs, box: episode.thresholdBox, title: "dwell threshold" };
    if (!this.wanted(incident, moment)) return incident;
    const dir = this.incidentDir(incident.id);
    await mkdir(dir, { recursive: true });
    return this.writeSnapshot(incident, episode, moment, dir, image);
  }

  private async snapshot(incident: Incident, episode: Labelled, moment: Moment, dir: string): Promise<Incident> {
    return this.writeSnapshot(incident, episode, moment, dir, await this.frameAt(moment.atMs));
  }

  private async writeSnapshot(incident: Incident, episode: Labelled, moment: Moment, dir: string, frame: Buffer): Promise<Incident> {
    const zone = this.context.zones.find((z) => z.id === episode.zoneId);
    const jpeg = await annotateSnapshot(frame, {
      polygon: zone?.polygon ?? [],
      box: moment.box,
      caption: this.caption(episode, moment.atMs, moment.title),
    });
    const file = path.join(dir, `${moment.kind}-${moment.atMs}.jpg`);
    await writeFile(file, jpeg);
    return this.record(incident, moment.kind, file, moment.atMs);
  }

  private async crop(incident: Incident, episode: Episode, dir: string): Promise<Incident> {
    const frame = await this.frameAt(episode.thresholdMs);
    const file = path.join(dir, "crop.jpg");
    await writeFile(file, await cropObject(frame, episode.thresholdBox));
    return this.record(incident, "crop", file, episode.thresholdMs);
  }

  private async clip(incident: Incident, episode: Episode, dir: string): Promise<Incident> {
    const at = this.mustLocate(episode.thresholdMs);
    const before = this.context.clipBeforeSec ?? 5;
    const after = this.context.clipAfterSec ?? 5;
    // Near a segment boundary the span runs into the neighbouring segment(s): join them rather than cut the clip short.
    const first = this.context.locate(episode.thresholdMs - before * 1000);
    const last = this.context.locate(episode.thresholdMs + after * 1000);
    const files = [...new Set([first?.path ?? at.path, at.path, last?.path ?? at.path])];
    const startSec = first && first.path !== at.path ? first.offsetSec : Math.max(0, at.offsetSec - before);
    const atSec = first && first.path !== at.path ? startSec + before : at.offsetSec;
    const clip = await cutClip(files, startSec, atSec - startSec + after, dir);
    const clipStartMs = episode.thresholdMs - (atSec - startSec) * 1000;
    return this.record(incident, "clip", clip.path, Math.round(clipStartMs));
  }

  /** The board's playable copy of the sealed clip (which stays as cut). */
  private async preview(incident: Incident, dir: string): Promise<Incident> {
    const clip = incident.evidence.find((e) => e.kind === "clip");
    if (!clip) return incident;
    const sealed = this.context.relativePaths ? path.resolve(this.context.rootDir, clip.path) : clip.path;
    return this.record(incident, "clip_preview", await makePreview(sealed, dir), clip.atMs);
  }

  private async frameAt(timeMs: number): Promise<Buffer> {
    const at = this.mustLocate(timeMs);
    return extractFrame(at.path, at.offsetSec);
  }

  private mustLocate(timeMs: number): { path: string; offsetSec: number } {
    const at = this.context.locate(timeMs);
    if (!at) throw new KerbsideError("KERB_ERR_EVIDENCE", `no footage holds ${new Date(timeMs).toISOString()}`);
    return at;
  }

  private caption(episode: Labelled, atMs: number, title: string): string[] {
    const c = this.context;
    const zone = c.zones.find((z) => z.id === episode.zoneId);
    return [
      `${c.pointName} (${c.pointId})`,
      `${episode.rule} · ${zone?.name ?? episode.zoneId} · ${episode.label} · ${title}`,
      `${formatLocal(atMs, c.timeZone)} ${c.timeZone}`,
    ];
  }

  private async record(incident: Incident, kind: EvidenceKind, file: string, atMs: number): Promise<Incident> {
    const digest = await digestFile(file);
    const stored = this.context.relativePaths ? path.relative(this.context.rootDir, file) : path.resolve(file);
    const evidence: Evidence = { kind, path: stored, sha256: digest.sha256, bytes: digest.bytes, atMs };
    return this.store.addEvidence(incident.id, evidence);
  }
}

function has(incident: Incident, kind: EvidenceKind, atMs?: number): boolean {
  return incident.evidence.some((e) => e.kind === kind && (atMs === undefined || e.atMs === atMs));
}
