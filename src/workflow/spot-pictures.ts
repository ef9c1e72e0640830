/**
 * The pictures behind spot observations, for the verification evidence. An
 * archive observation's frame is cut from its footage file (ffmpeg). A live
 * one has no file yet when it is judged (its segment is still being
 * recorded), so the watcher keeps the live frames it may still need in
 * memory: the newest few per point with watched cases, and per watched case
 * the last frame that showed the object (its "before" or still-there proof).
 * Bounded by design; after a restart the frames of earlier live
 * observations are gone, and the watcher takes a newer frame of the same
 * clear run, or the incident's own snapshot as "before" (spot-watcher.ts).
 */
import sharp from "sharp";
import type { RgbFrame } from "../detect/types.js";
import { extractFrame } from "../incidents/evidence-frame.js";
import type { SpotObservation } from "./verification.js";

interface LivePicture {
  atMs: number;
  image: RgbFrame;
  /** The recorded stream's size: the observation's boxes are in its pixels. */
  width: number;
  height: number;
}

/** Newest live frames kept per point: the judging queue runs right behind the frames. */
const RECENT_PER_POINT = 6;

export class SpotPictures {
  private readonly recent = new Map<string, LivePicture[]>();
  private readonly pinned = new Map<string, LivePicture>();

  /** A live frame some watched case at `pointId` was observed in. */
  putLive(pointId: string, atMs: number, image: RgbFrame, size: { width: number; height: number }): void {
    const list = this.recent.get(pointId) ?? [];
    if (list.at(-1)?.atMs === atMs) return;
    list.push({ atMs, image, ...size });
    if (list.length > RECENT_PER_POINT) list.splice(0, list.length - RECENT_PER_POINT);
    this.recent.set(pointId, list);
  }

  /** The live frame at `atMs` showed the case's object: keep it as that case's latest sighting. */
  pinLive(incidentId: string, pointId: string, atMs: number): void {
    const picture = this.recent.get(pointId)?.find((p) => p.atMs === atMs);
    if (picture) this.pinned.set(incidentId, picture);
  }

  /** The case is no longer watched. */
  release(incidentId: string): void {
    this.pinned.delete(incidentId);
  }

  /** The frame of an observation (PNG, the recorded stream's size), or null when a live frame is no longer held. */
  async frame(incidentId: string, pointId: string, o: SpotObservation): Promise<Buffer | null> {
    if (o.source !== "live") return extractFrame(o.path, o.offsetSec);
    const pin = this.pinned.get(incidentId);
    const picture = pin?.atMs === o.atMs ? pin : this.recent.get(pointId)?.find((p) => p.atMs === o.atMs);
    if (!picture) return null;
    const { image } = picture;
    return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
      .resize(picture.width, picture.height, { fit: "fill" })
      .png({ compressionLevel: 1 })
      .toBuffer();
  }
}
