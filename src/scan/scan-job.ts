/**
 * A resumable scan of one point's footage: segments in time order, each
 * sampled → detected → tracked → judged by the rules → recorded as incidents
 * with evidence. The tracker and rule engine carry on across contiguous
 * segments (a van parked across a segment boundary is one episode). Progress
 * is recorded per segment: a re-run skips finished segments and a crash
 * resumes at the first unfinished one (re-reading the finished segment just
 * before it, so dwell already under way is not lost). Unreadable segments are
 * reported and skipped; they never stop the job.
 */
import type { Deployment, PointConfig } from "../config/schema.js";
import type { Detector } from "../detect/types.js";
import { errorMessage, isKerbsideError } from "../errors.js";
import { EvidenceCollector } from "../incidents/evidence.js";
import type { IncidentStore } from "../incidents/types.js";
import { logger, type Logger } from "../log.js";
import { RuleEngine } from "../rules/rule-engine.js";
import { watchedClasses } from "../rules/watched-classes.js";
import type { FrameObservation } from "../rules/types.js";
import { SparseTracker } from "../track/sparse-tracker.js";
import { IncidentSink } from "./incident-sink.js";
import type { ScanProgressStore, SegmentProgress } from "./scan-progress.js";
import { scanKey } from "./scan-key.js";
import type { FrameObserver } from "./frame-observer.js";
import type { FrameSampler } from "./frame-sampler.js";
import { prepareSegment, type PreparedSegment, type ProbedSegment, type SegmentRef } from "./segment-prep.js";
import { overlapsAnyZone, scanCoarseToFine } from "./coarse-to-fine.js";
import { scanSegment, type SampledDetections, type SamplerTuning, type SegmentSampler, type SegmentScanOptions, type SegmentScanResult } from "./segment-scanner.js";
import { dwellHistoryMs, planSegments, type SegmentStep } from "./warmup-plan.js";

export type ScanSegmentInput = SegmentRef;

export interface UnreadableSegment {
  path: string;
  error: string;
}

export interface ScanProgressEvent {
  segmentIndex: number;
  segmentCount: number;
  path: string;
  /** 0–1 within the current segment. */
  fraction: number;
  frames: number;
  incidents: number;
}

export interface ScanJobOptions {
  deployment: Pick<Deployment, "rules" | "schedules" | "units" | "timezone" | "sampling">;
  point: PointConfig;
  segments: readonly ScanSegmentInput[];
  detector: Detector;
  store: IncidentStore;
  progress: ScanProgressStore;
  /** null: no evidence files (e.g. benchmarks). */
  evidence: { rootDir: string; relativePaths: boolean } | null;
  scoreThreshold?: number;
  /** Segments further apart than this start a fresh tracker (default 5 s). */
  maxGapMs?: number;
  onProgress?: (event: ScanProgressEvent) => void;
  /**
   * Leave episodes still under way at the end of the last segment open
   * (incident end = null), for footage that is still being recorded: the next
   * job re-reads that segment and carries on. Default false: the footage has
   * ended, so they close at their last sighting.
   */
  openAtEnd?: boolean;
  /** Sampler choices (packet dropping, ffmpeg threads); defaults are the fast ones. */
  sampler?: SamplerTuning;
  /** Every tracked frame, e.g. for the closed loop's footage verification (workflow/spot-watcher.ts). */
  observeFrame?: FrameObserver;
  /**
   * Coarse-to-fine scanning (coarse-to-fine.ts). Default: the point's or the
   * deployment's `sampling.backfill`, unless openAtEnd (footage still being
   * recorded keeps its fine rate); null: off.
   */
  coarseToFine?: { coarseSec: number } | null;
  log?: Logger;
}

export interface ScanSummary {
  frames: number;
  scanned: string[];
  skipped: string[];
  unreadable: UnreadableSegment[];
  incidentIds: string[];
  evidenceFailures: number;
  /** Footage time covered by the readable segments (scanned now or before), or null. */
  span: { fromMs: number; toMs: number } | null;
}


type SegmentProgressInput = Omit<SegmentProgress, "finishedAt">;

type PrepareResult = ({ ok: true } & PreparedSegment) | { ok: false; error: unknown };

interface Context {
  tracker: SparseTracker;
  engine: RuleEngine;
  lastEndMs: number;
  lastTimeMs: number;
  sawFrame: boolean;
}

export class ScanJob {
  private readonly log: Logger;
  private readonly key: string;
  private readonly sink: IncidentSink;
  private readonly located: ProbedSegment[] = [];
  private readonly abort = new AbortController();
  private readonly samplers = new Set<FrameSampler>();
  private context: Context | null = null;
  private closed = false;
  /** The last segment read to its end, as recorded in the scan progress. */
  private lastDone: SegmentProgressInput | null = null;
  /** Evidence failures already accounted for in the scan progress. */
  private failuresAccounted = 0;

  constructor(private readonly options: ScanJobOptions) {
    const { point, detector } = options;
    this.log = (options.log ?? logger).child({ module: "scan", point: point.id });
    this.key = scanKey({ deployment: options.deployment, point, model: detector.card.name, scoreThreshold: options.scoreThreshold ?? 0 });
    const collector = options.evidence
      ? new EvidenceCollector(options.store, {
          ...options.evidence,
          pointId: point.id,
          pointName: point.name,
          timeZone: options.deployment.timezone,
          zones: point.zones,
          locate: (t) => this.locate(t),
        })
      : null;
    this.sink = new IncidentSink(options.store, collector, this.log);
  }

  async run(): Promise<ScanSummary> {
    const summary: ScanSummary = { frames: 0, scanned: [], skipped: [], unreadable: [], incidentIds: [], evidenceFailures: 0, span: null };
    const segments = [...this.options.segments].sort((a, b) => a.startMs - b.startMs);
    const plan = this.plan(segments);
    const preparing = new Map<number, Promise<PrepareResult>>();
    try {
      for (let i = 0; i < segments.length; i++) {
        if (this.closed) break;
        const segment = segments[i] as ScanSegmentInput;
        const step = plan[i];
        if (step === "skip") {
          summary.skipped.push(segment.path);
          this.endContext();
          continue;
        }
        const current = preparing.get(i) ?? this.prepare(segment);
        preparing.delete(i);
        // The next segment's probe and first frames get ready while this one runs.
        const next = plan.findIndex((p, k) => k > i && p !== "skip");
        if (next >= 0) preparing.set(next, this.prepare(segments[next] as ScanSegmentInput));
        const scanned = await this.scanOne(segment, await current, i, segments.length, summary);
        if (step === "warmup") summary.skipped.push(segment.path);
        else if (scanned) summary.scanned.push(segment.path);
      }
    } finally {
      // A segment prepared ahead is stopped even if the scan failed or was closed.
      await Promise.all(preparing.values());
      await this.closeSamplers();
    }
    if (this.options.openAtEnd && !this.closed) this.context = null;
    else this.endContext();
    await this.sink.drain();
    // Evidence of episodes closed at the end of footage failed: the last segment is read again next time.
    if (this.sink.evidenceFailures > this.failuresAccounted) this.markDone(this.log);
    summary.span = this.span([...summary.scanned, ...summary.skipped]);
    if (!this.options.openAtEnd && !this.closed && summary.span) {
      this.closeLeftOpen(summary.span.toMs);
      await this.sink.drain();
    }
    summary.incidentIds = [...this.sink.incidentIds];
    summary.evidenceFailures = this.sink.evidenceFailures;
    return summary;
  }

  /**
   * The footage has ended and every episode of this job is closed: an incident
   * of the point still open and last seen within it was left open by a scan
   * that crashed (or by a recording run) and whose object the resumed scan did
   * not see long enough to continue. It ends at its last sighting.
   */
  private closeLeftOpen(footageEndMs: number): void {
    const closed = this.options.store.closeStale(this.options.point.id, footageEndMs + 1);
    this.sink.closedWithoutEpisode(closed, (t) => this.located.some((s) => s.startMs <= t && t <= s.endMs));
    if (closed.length > 0) this.log.info({ incidents: closed.map((i) => i.id) }, "incidents left open by an earlier scan closed at their last sighting");
  }

  /** Stops after the current frame; safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.abort.abort();
    await this.closeSamplers();
  }

  private async closeSamplers(): Promise<void> {
    const open = [...this.samplers];
    this.samplers.clear();
    await Promise.all(open.map((s) => s.close()));
  }

  /** scan, skip (done with the same settings) or warmup (done, but re-read ahead of an unfinished one: warmup-plan.ts). */
  private plan(segments: readonly ScanSegmentInput[]): SegmentStep[] {
    const { progress, point, deployment } = this.options;
    // Done with the same settings and the same start time (a corrected --start scans the file again).
    const done = segments.map((s) => progress.isDone(point.id, s.path, this.key) && progress.get(point.id, s.path)?.startMs === s.startMs);
    return planSegments(segments, done, (t) => dwellHistoryMs(deployment, point, t), this.maxGapMs());
  }

  /** Probes a segment and starts its sampler; never rejects. */
  private prepare(segment: ScanSegmentInput): Promise<PrepareResult> {
    const { deployment, point, detector } = this.options;
    const run = async (): Promise<PrepareResult> => {
      const prepared = await prepareSegment(segment, { deployment, point, input: detector.card.input, tuning: this.options.sampler, coarseSec: this.coarseSec() });
      this.located.push(prepared.probed);
      this.samplers.add(prepared.sampler.sampler);
      if (!this.closed) prepared.sampler.sampler.start();
      return { ok: true, ...prepared };
    };
    return run().catch((error: unknown) => ({ ok: false, error }));
  }

  /** true when the segment was read; false when it was unreadable or the job was closed. */
  private async scanOne(segment: ScanSegmentInput, prepared: PrepareResult, index: number, count: number, summary: ScanSummary): Promise<boolean> {
    const { point } = this.options;
    const log = this.log.child({ segment: segment.path });
    if (!prepared.ok) {
      if (!isKerbsideError(prepared.error, "KERB_ERR_FOOTAGE_UNREADABLE")) throw prepared.error;
      this.endContext();
      return this.unreadable(segment, prepared.error, summary, log);
    }
    const { probed, everySec } = prepared;
    const context = this.contextFor(probed);
    const durationSec = (probed.endMs - probed.startMs) / 1000;
    try {
      const scan = prepared.coarseSec === undefined ? scanSegment : (o: SegmentScanOptions) => this.scanCoarseToFine(o, durationSec);
      const result = await scan({
        prepared: prepared.sampler,
        path: probed.path,
        startMs: probed.startMs,
        source: probed.source,
        everySec,
        keyframeIntervalSec: probed.keyframeIntervalSec,
        detector: this.options.detector,
        detectOptions: { classes: watchedClasses(context.engine.rules), scoreThreshold: this.options.scoreThreshold },
        signal: this.abort.signal,
        onFrame: (frame) => {
          summary.frames++;
          // Coarse-to-fine frames lie up to coarseSec apart outside the fine windows: not a hole.
          this.onFrame(context, frame, probed.path, prepared.coarseSec ?? everySec);
          this.options.onProgress?.({
            segmentIndex: index, segmentCount: count, path: probed.path,
            fraction: durationSec > 0 ? Math.min(1, frame.ptsSec / durationSec) : 1,
            frames: summary.frames, incidents: this.sink.incidentIds.size,
          });
        },
      });
      // Stopped part-way (Ctrl-C reaches ffmpeg too, which then ends early): not done, the next run reads it again.
      if (this.abort.signal.aborted) return false;
      if (result.frames === 0) {
        this.endContext();
        return this.unreadable(segment, new Error("no frame could be decoded"), summary, log);
      }
      context.lastEndMs = Math.max(context.lastEndMs, probed.endMs);
      await this.sink.drain(); // evidence of this segment's incidents is on disk before it counts as done
      if (result.partialError) log.warn({ err: result.partialError }, "segment read only in part");
      this.lastDone = { pointId: point.id, path: segment.path, scanKey: this.key, startMs: probed.startMs, endMs: probed.endMs, status: "done", frames: result.frames, error: result.partialError };
      this.markDone(log);
      log.debug({ frames: result.frames, everySec, keyframesOnly: result.keyframesOnly, packetDropping: result.packetDropping }, "segment scanned");
      return true;
    } catch (error) {
      if (this.abort.signal.aborted) return false;
      if (!isKerbsideError(error, "KERB_ERR_FOOTAGE_UNREADABLE")) throw error;
      this.endContext();
      return this.unreadable(segment, error, summary, log);
    } finally {
      this.samplers.delete(prepared.sampler.sampler);
    }
  }

  /** A segment scanned coarse-to-fine, its frames then fed on in time order like a fine scan's. */
  private async scanCoarseToFine(options: SegmentScanOptions, durationSec: number): Promise<SegmentScanResult> {
    const prepared = options.prepared as SegmentSampler;
    const zones = this.options.point.zones;
    const result = await scanCoarseToFine({
      ...options, durationSec, fineSec: options.everySec, coarse: prepared, tuning: this.options.sampler,
      isCandidate: (d, source) => overlapsAnyZone(zones, d, source),
      onSampler: (s) => {
        this.samplers.add(s);
        return () => this.samplers.delete(s);
      },
    });
    for (const frame of result.frames) await options.onFrame(frame);
    this.log.debug({ segment: options.path, coarse: result.coarseFrames, fine: result.fineFrames, windows: result.windows.length }, "segment scanned coarse-to-fine");
    return { frames: result.frames.length, keyframesOnly: prepared.keyframesOnly, packetDropping: prepared.packetDropping, partialError: result.partialError };
  }

  private coarseSec(): number | undefined {
    const { coarseToFine, openAtEnd, point, deployment } = this.options;
    if (coarseToFine === null) return undefined;
    if (coarseToFine) return coarseToFine.coarseSec;
    if (openAtEnd) return undefined;
    return (point.sampling?.backfill ?? deployment.sampling?.backfill)?.coarseSec;
  }

  private onFrame(context: Context, frame: SampledDetections, path: string, everySec: number): void {
    // Overlapping footage (two exports of the same minutes, a recording next to
    // an NVR backfill): time already seen is not fed to the tracker again.
    if (context.sawFrame && frame.timeMs <= context.lastTimeMs) return;
    // A hole in the footage the tracker carries on across (a damaged stretch,
    // timestamps that jump): nobody saw what happened in it.
    if (context.sawFrame && frame.timeMs - context.lastTimeMs > Math.max(this.maxGapMs(), 2 * everySec * 1000)) {
      context.engine.noteUnseen({ fromMs: context.lastTimeMs, toMs: frame.timeMs });
    }
    context.sawFrame = true;
    const obs = context.tracker.update(frame.timeMs, frame.detections, frame.source.width, frame.source.height);
    context.lastTimeMs = frame.timeMs;
    this.sink.handle(context.engine.observe(obs));
    this.notifyObserver(obs, path, frame.ptsSec);
  }

  private notifyObserver(observation: FrameObservation, path: string, offsetSec: number): void {
    const observe = this.options.observeFrame;
    if (!observe) return;
    try {
      observe({ pointId: this.options.point.id, observation, path, offsetSec });
    } catch (error) {
      this.log.warn({ err: errorMessage(error) }, "frame observer failed; the scan goes on");
    }
  }

  /**
   * Records the segment as done; or, when evidence of its incidents could not
   * be collected, as failed so that the next scan reads it again and collects
   * what is missing (incidents merge, evidence already there is not taken twice).
   */
  private markDone(log: Logger): void {
    const done = this.lastDone;
    if (!done) return;
    const failures = this.sink.evidenceFailures - this.failuresAccounted;
    this.failuresAccounted = this.sink.evidenceFailures;
    if (failures === 0) {
      this.options.progress.mark(done);
      return;
    }
    const error = `evidence of ${failures} incident step(s) could not be collected; the next scan reads this segment again`;
    log.warn({ segment: done.path }, error);
    this.options.progress.mark({ ...done, status: "failed", error });
  }

  private unreadable(segment: ScanSegmentInput, error: unknown, summary: ScanSummary, log: Logger): false {
    const message = errorMessage(error);
    log.warn({ err: message }, "segment unreadable; skipped");
    summary.unreadable.push({ path: segment.path, error: message });
    const { progress, point } = this.options;
    progress.mark({ pointId: point.id, path: segment.path, scanKey: this.key, startMs: segment.startMs, endMs: segment.endMs ?? null, status: "failed", frames: 0, error: message });
    return false;
  }

  /** The running tracker/engine if this segment follows on; else a fresh pair. */
  private contextFor(segment: ProbedSegment): Context {
    const current = this.context;
    if (current && segment.startMs - current.lastEndMs <= this.maxGapMs()) return current;
    this.endContext();
    const { deployment, point, detector } = this.options;
    const engine = new RuleEngine({ deployment, point, labels: detector.card.labels });
    this.context = { tracker: new SparseTracker(), engine, lastEndMs: segment.startMs, lastTimeMs: segment.startMs, sawFrame: false };
    return this.context;
  }

  /** Footage stops (a gap, an unreadable segment, the end): open episodes close at their last sighting. */
  private endContext(): void {
    const context = this.context;
    this.context = null;
    if (context) this.sink.handle(context.engine.finish(context.lastTimeMs));
  }

  private span(paths: readonly string[]): { fromMs: number; toMs: number } | null {
    const { progress, point } = this.options;
    const spans = paths.flatMap((p) => {
      const row = progress.get(point.id, p);
      return row && row.endMs !== null ? [{ fromMs: row.startMs, toMs: row.endMs }] : [];
    });
    if (spans.length === 0) return null;
    return { fromMs: Math.min(...spans.map((s) => s.fromMs)), toMs: Math.max(...spans.map((s) => s.toMs)) };
  }

  private maxGapMs(): number {
    return this.options.maxGapMs ?? 5000;
  }

  private locate(timeMs: number): { path: string; offsetSec: number } | null {
    const holding = this.located.filter((s) => s.startMs <= timeMs && timeMs <= s.endMs);
    const segment = holding.at(-1) ?? this.located.filter((s) => s.startMs <= timeMs).at(-1);
    return segment ? { path: segment.path, offsetSec: (timeMs - segment.startMs) / 1000 } : null;
  }
}
