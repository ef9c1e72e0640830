/**
 * The long-running plate loop: listens for parking incidents on the incident
 * bus and reads each vehicle's plate once its evidence is in, one incident at
 * a time, in the background, so neither the scanner nor the board waits for
 * OCR. An incident read as unreadable while open is read again once it has
 * closed (more frames to choose from). The OCR worker starts on first use.
 */
import type { IncidentBus } from "../incidents/bus.js";
import type { FootageLocator } from "../incidents/evidence.js";
import type { Incident, IncidentStore } from "../incidents/types.js";
import { errorMessage } from "../errors.js";
import { logger, type Logger } from "../log.js";
import type { FrameDetect } from "./best-frames.js";
import { PLATE_RULES, readIncidentPlate } from "./incident-plate.js";
import type { PlateStore } from "./plate-store.js";
import { DEFAULT_VOTE_OPTIONS, type VoteOptions } from "./plate-vote.js";
import { createPlateReader, type PlateReader } from "./worker-plate-reader.js";

export interface PlateMaintainerOptions {
  bus: IncidentBus;
  incidents: IncidentStore;
  plates: PlateStore;
  locatorFor: (pointId: string) => FootageLocator;
  rootDir: string;
  relativePaths: boolean;
  /** Frames read per incident, the best of the candidates (default 5). */
  frames?: number;
  /** Candidate frames decoded and ranked per incident (default 2 × frames). */
  candidates?: number;
  /** Locates the vehicle and what hides it in a frame (the service's detector); without it the incident's box is used. */
  detect?: FrameDetect;
  vote?: Partial<VoteOptions>;
  createReader?: () => Promise<PlateReader>;
  log?: Logger;
}

export class PlateMaintainer {
  private readonly log: Logger;
  private readonly queued = new Set<string>();
  private chain: Promise<void> = Promise.resolve();
  private reader: Promise<PlateReader> | null = null;
  private readonly off: (() => void)[] = [];
  private closed = false;
  /** Aborted at close: the read in progress stops between frames instead of holding the shutdown up. */
  private readonly stopping = new AbortController();

  constructor(private readonly options: PlateMaintainerOptions) {
    this.log = (options.log ?? logger).child({ module: "plates" });
    this.off.push(options.bus.on("incident.created", (i) => this.consider(i)));
    this.off.push(options.bus.on("incident.updated", (i) => this.consider(i)));
  }

  /** Resolves when every queued incident has been read. */
  async idle(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.chain;
      await seen;
    } while (seen !== this.chain);
  }

  private consider(incident: Incident): void {
    if (this.closed || !PLATE_RULES.has(incident.rule) || this.queued.has(incident.id)) return;
    if (!incident.evidence.some((e) => e.kind === "crop")) return;
    const stored = this.options.plates.get(incident.id);
    const retry = stored !== undefined && stored.status !== "read" && incident.endMs !== null && stored.readAt < incident.updatedAt && stored.framesRead < this.frames() + 1;
    if (stored !== undefined && !retry) return;
    this.queued.add(incident.id);
    this.chain = this.chain.then(() => this.read(incident.id));
  }

  private frames(): number {
    return this.options.frames ?? 5;
  }

  private async read(incidentId: string): Promise<void> {
    try {
      const incident = this.options.incidents.get(incidentId);
      if (incident === undefined || this.closed) return;
      this.reader ??= (this.options.createReader ?? createPlateReader)();
      const result = await readIncidentPlate(incident, {
        reader: await this.reader,
        incidents: this.options.incidents,
        locate: this.options.locatorFor(incident.pointId),
        rootDir: this.options.rootDir,
        relativePaths: this.options.relativePaths,
        frames: incident.endMs === null ? this.frames() : this.frames() + 1,
        candidates: this.options.candidates,
        detect: this.options.detect,
        signal: this.stopping.signal,
        vote: { ...DEFAULT_VOTE_OPTIONS, ...this.options.vote },
      });
      this.options.plates.save(incidentId, result);
      this.log.info({ incident: incidentId, status: result.status, kind: result.kind, reason: result.reason }, "plate read");
    } catch (error) {
      if (this.stopping.signal.aborted) this.log.info({ incident: incidentId }, "plate reading stopped by the close; read again when the incident is next updated");
      else this.log.warn({ incident: incidentId, err: errorMessage(error) }, "plate reading failed; the incident keeps its other evidence");
    } finally {
      this.queued.delete(incidentId);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopping.abort();
    this.off.splice(0).forEach((off) => off());
    await this.chain;
    if (this.reader !== null) await (await this.reader.catch(() => null))?.close();
  }
}
