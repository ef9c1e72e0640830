/**
 * One live point's judgement: the same tracker, rule engine and incident
 * store as an archive scan, fed with live frames. An episode is recorded
 * (and, through a PublishingIncidentStore, published) in the frame its dwell
 * threshold is crossed; its threshold snapshot is drawn from that frame in
 * the background. The rest of the evidence (first seen, crop, clip) comes
 * when the archive scan of the recorded segment merges into the same
 * incident. Tracking runs in the live stream's pixels; episodes are stored
 * in the recorded stream's (a substream is scaled up), so live and archive
 * episodes of one vehicle overlap and merge. The tracker lives as long as
 * the point does: a camera that drops and returns within the tracker's
 * memory keeps its episode; a vehicle still parked across a restart of the
 * service continues the incident left open, with its dwell, and so does one
 * whose dwell was still under way (saved after each frame, dwell-resume.ts).
 */
import sharp from "sharp";
import type { Deployment, PointConfig } from "../config/schema.js";
import type { Box, Detection, RgbFrame } from "../detect/types.js";
import { errorMessage } from "../errors.js";
import { EvidenceCollector } from "../incidents/evidence.js";
import type { IncidentStore } from "../incidents/types.js";
import type { Logger } from "../log.js";
import { RuleEngine } from "../rules/rule-engine.js";
import type { Episode, EpisodeEvent, FrameObservation } from "../rules/types.js";
import { watchedClasses } from "../rules/watched-classes.js";
import { toSourcePixels, type Size } from "../scan/box-scale.js";
import { SparseTracker } from "../track/sparse-tracker.js";
import { resumeDwells } from "./dwell-resume.js";
import type { PendingDwellStore } from "./pending-dwell-store.js";
import type { LiveFrame, LiveFrameObserver } from "./types.js";

export interface LivePointOptions {
  deployment: Pick<Deployment, "rules" | "schedules" | "units" | "timezone" | "storageDir">;
  point: PointConfig;
  labels: readonly string[];
  store: IncidentStore;
  /** The recorded stream's size (null: unknown yet, the live stream's is used). */
  recordSize: () => Size | null;
  /** Every tracked frame (the closed loop's spot watcher verifies cases from it). */
  observeFrame?: LiveFrameObserver;
  /** Where dwells under way are kept for the next run (none: a restart counts them from zero). */
  pending?: PendingDwellStore;
  log: Logger;
  now?: () => number;
}

export class LivePoint {
  readonly classes: string[];
  private readonly tracker = new SparseTracker();
  private readonly engine: RuleEngine;
  private readonly evidence: EvidenceCollector;
  private evidenceQueue: Promise<void> = Promise.resolve();
  private lastTimeMs = -Infinity;
  /** The current frame's stream and recorded sizes (the resume hook compares boxes in the stream's pixels). */
  private sizes: { stream: Size; record: Size } | null = null;
  private savedPending = 0;

  constructor(private readonly options: LivePointOptions) {
    const { deployment, point } = options;
    const resume = resumeDwells({
      store: options.store, pending: options.pending, pointId: point.id, startedMs: (options.now ?? Date.now)(), log: options.log,
      toStream: (box) => (this.sizes ? scaleBox(box, this.sizes.record, this.sizes.stream) : box),
    });
    this.engine = new RuleEngine({ deployment, point, labels: options.labels, resume });
    this.classes = watchedClasses(this.engine.rules);
    this.evidence = new EvidenceCollector(options.store, {
      rootDir: deployment.storageDir,
      relativePaths: true,
      pointId: point.id,
      pointName: point.name,
      timeZone: deployment.timezone,
      zones: point.zones,
      // Live evidence is drawn from frames in hand; footage is the archive scan's.
      locate: () => null,
    });
  }

  /** One detected frame (`found` in the model-size image's pixels) → the episode events, recorded. */
  handle(frame: LiveFrame, image: RgbFrame, found: readonly Detection[]): EpisodeEvent[] {
    if (frame.timeMs <= this.lastTimeMs) return [];
    this.lastTimeMs = frame.timeMs;
    const stream = frame.streamSize ?? { width: image.width, height: image.height };
    const detections = toSourcePixels([...found], { width: image.width, height: image.height }, stream);
    const record = this.options.recordSize() ?? stream;
    this.sizes = { stream, record };
    const obs = this.tracker.update(frame.timeMs, detections, stream.width, stream.height);
    const events = this.engine.observe(obs);
    this.savePending(stream, record);
    this.observe(scaleObservation(obs, stream, record), image);
    for (const event of events) this.record({ ...event, episode: scaleEpisode(event.episode, stream, record) }, image, record);
    return events;
  }

  private savePending(stream: Size, record: Size): void {
    const { pending, point, log } = this.options;
    const dwells = this.engine.pendingDwells();
    if (!pending || (dwells.length === 0 && this.savedPending === 0)) return;
    try {
      pending.replace(point.id, dwells.map((d) => ({ ...d, box: scaleBox(d.box, stream, record) })));
      this.savedPending = dwells.length;
    } catch (error) {
      log.warn({ err: errorMessage(error) }, "dwells under way could not be saved; a restart would count them from zero");
    }
  }

  private observe(observation: FrameObservation, image: RgbFrame): void {
    try {
      this.options.observeFrame?.({ pointId: this.options.point.id, observation, image });
    } catch (error) {
      this.options.log.warn({ err: errorMessage(error) }, "live frame observer failed");
    }
  }

  /** Resolves once the snapshots queued so far are written (or failed). */
  drain(): Promise<void> {
    return this.evidenceQueue;
  }

  private record(event: EpisodeEvent, image: RgbFrame, recordSize: Size): void {
    const { incident, created } = this.options.store.recordEpisode(event.episode);
    const log = this.options.log.child({ incident: incident.id });
    const facts = { rule: incident.rule, zone: incident.zoneId, label: incident.label, episodeStartMs: event.episode.startMs };
    if (created) log.info(facts, "live incident opened");
    if (event.type !== "opened") return;
    // The archive scan of short segments (or a restart's open incident) may have recorded this episode first.
    if (!created) log.info(facts, "live episode joined an open incident");
    const episode = event.episode;
    this.evidenceQueue = this.evidenceQueue.then(() => this.snapshot(incident.id, episode, image, recordSize, log));
  }

  private async snapshot(incidentId: string, episode: Episode, image: RgbFrame, size: Size, log: Logger): Promise<void> {
    const incident = this.options.store.get(incidentId);
    if (!incident) return;
    try {
      const picture = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
        .resize(size.width, size.height, { fit: "fill" })
        .png({ compressionLevel: 1 })
        .toBuffer();
      await this.evidence.thresholdSnapshotFrom(incident, episode, picture);
    } catch (error) {
      log.warn({ err: errorMessage(error) }, "live threshold snapshot failed; the archive scan takes one from the recording");
    }
  }
}

/** A tracked frame from the live stream's pixels to the recorded stream's. */
export function scaleObservation(obs: FrameObservation, from: Size, to: Size): FrameObservation {
  if (from.width === to.width && from.height === to.height) return obs;
  const tracks = obs.tracks.map((t) => ({ ...t, box: scaleBox(t.box, from, to) }));
  return { ...obs, frameWidth: to.width, frameHeight: to.height, tracks };
}

/** An episode's boxes from the live stream's pixels to the recorded stream's. */
export function scaleEpisode(episode: Episode, from: Size, to: Size): Episode {
  if (from.width === to.width && from.height === to.height) return episode;
  const scale = (b: Box): Box => scaleBox(b, from, to);
  return { ...episode, firstBox: scale(episode.firstBox), thresholdBox: scale(episode.thresholdBox), lastBox: scale(episode.lastBox) };
}

export function scaleBox(b: Box, from: Size, to: Size): Box {
  const fx = to.width / from.width;
  const fy = to.height / from.height;
  return { x1: b.x1 * fx, y1: b.y1 * fy, x2: b.x2 * fx, y2: b.y2 * fy };
}
