/**
 * The best frames of a parked vehicle for its plate: candidate moments over
 * its stay are decoded again from the archive at full resolution, the
 * vehicle and what may hide it are located in each (the service's detector;
 * without one, the incident's box stands for the vehicle in every frame),
 * each frame gets its figures (frame-quality.ts: size, sharpness,
 * occlusion) and the frames are ranked, best first.
 */
import type { Box, Detection } from "../detect/types.js";
import type { FootageLocator } from "../incidents/evidence.js";
import { boxesMatch } from "../incidents/incident-store.js";
import type { Incident } from "../incidents/types.js";
import { iou } from "../track/box-geometry.js";
import { labelGrouper, DEFAULT_LABEL_GROUPS } from "../track/label-groups.js";
import { frameFigures, rankFrames, type RankedFrame } from "./frame-quality.js";
import type { RgbImage } from "./types.js";
import { frameAt, plateMoments } from "./vehicle-frames.js";

/** Detects objects in a full-resolution frame, boxes in its pixels. */
export type FrameDetect = (image: RgbImage) => Promise<Detection[]>;

export interface CandidateFrame {
  image: RgbImage;
  figures: RankedFrame;
}

/** A vehicle the detector does not find where the incident's is counts as at least this hidden. */
const UNSEEN_OCCLUSION = 0.5;
const group = labelGrouper(DEFAULT_LABEL_GROUPS);

/** Boxes this alike are the detector's second guess at the same object (a car also called a truck), not something in front of it. */
const SAME_OBJECT_IOU = 0.6;

/** The incident's vehicle in this frame's detections, and the boxes of other objects. */
export function locateVehicle(incident: Pick<Incident, "box" | "label">, found: readonly Detection[]): { vehicle: Box | null; others: Box[] } {
  const same = found.filter((d) => group(d.label) === group(incident.label) && boxesMatch(d.box, incident.box));
  const vehicle = same.sort((a, b) => iou(b.box, incident.box) - iou(a.box, incident.box))[0]?.box ?? null;
  const others = found.map((d) => d.box).filter((b) => vehicle === null || iou(b, vehicle) < SAME_OBJECT_IOU);
  return { vehicle, others };
}

/** Up to `count` candidate frames of the incident, ranked best first; `signal` stops between frames (the service closing). */
export async function bestFrames(incident: Incident, locate: FootageLocator, count: number, detect?: FrameDetect, signal?: AbortSignal): Promise<CandidateFrame[]> {
  const frames: { image: RgbImage; figures: Awaited<ReturnType<typeof frameFigures>> }[] = [];
  for (const atMs of plateMoments(incident, count)) {
    signal?.throwIfAborted();
    const image = await frameAt(locate, atMs);
    if (image === null) continue;
    const { vehicle, others } = detect ? locateVehicle(incident, await detect(image)) : { vehicle: incident.box, others: [] };
    const figures = await frameFigures(atMs, image, vehicle ?? incident.box, others, incident.box);
    frames.push({ image, figures: vehicle ? figures : { ...figures, occlusion: Math.max(figures.occlusion, UNSEEN_OCCLUSION) } });
  }
  const ranked = rankFrames(frames.map((f) => f.figures));
  return ranked.map((figures) => ({ image: frames.find((f) => f.figures.atMs === figures.atMs)!.image, figures }));
}
