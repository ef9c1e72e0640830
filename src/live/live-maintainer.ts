/**
 * The live detection loop: one FrameReader per live point puts each sampled
 * frame into that point's latest-frame slot (and the board's LatestFrames);
 * one loop per detector worker takes the next due frame (live-schedule.ts:
 * urgent points first, nobody starves; a point is on one worker at a time)
 * and runs it through the shared detector's live lane, which
 * goes ahead of footage scans, then through the point's LivePoint (tracker →
 * rules → incidents). Every few seconds the plan is redone: each point's
 * interval from its schedule (a new one restarts its reader), the detector's
 * measured capacity, and the intervals granted when it cannot keep up
 * (degraded points are reported in health). Health (state, lag, intervals,
 * frames detected and dropped) is saved for `footage status` and emitted as
 * `point.health`. close() stops the readers and the loop; safe to call twice.
 */
import type { Deployment, PointConfig } from "../config/schema.js";
import type { PriorityDetector } from "../detect/priority-detector.js";
import type { Detector, ModelCard } from "../detect/types.js";
import { errorMessage, isKerbsideError } from "../errors.js";
import { incomingDir } from "../footage/layout.js";
import type { SegmentStore } from "../footage/segment-store.js";
import type { Segment } from "../footage/types.js";
import { redactText } from "../footage/redact.js";
import type { IncidentStore } from "../incidents/types.js";
import type { Logger } from "../log.js";
import { resolveSamplingInterval } from "../rules/resolve.js";
import type { Size } from "../scan/box-scale.js";
import { sampleSize } from "../scan/ffmpeg-sampler-args.js";
import { FrameReader } from "./frame-reader.js";
import { LatestFrameSlots } from "./frame-slots.js";
import { LiveBus } from "./live-bus.js";
import type { LiveHealthStore } from "./live-health-store.js";
import type { PendingDwellStore } from "./pending-dwell-store.js";
import { LivePoint } from "./live-point.js";
import { demandFps, pickNext, settleIntervals, urgencyOf, type PointDemand, type SlotView } from "./live-schedule.js";
import { detectInput } from "./reader-args.js";
import type { LatestFrames, LiveFrame, LiveFrameObserver, LiveHealth, LiveHealthFeed, LivePlan, LiveState } from "./types.js";

export interface LiveMaintainerOptions {
  deployment: Deployment;
  /** The points to run (live ones are picked; others are ignored). */
  points: readonly PointConfig[];
  detector: PriorityDetector;
  incidents: IncidentStore;
  segments: SegmentStore;
  health: LiveHealthStore;
  /** Dwells under way, kept for the next run (live-point.ts). */
  pending?: PendingDwellStore;
  latestFrames?: LatestFrames;
  /** Every tracked live frame (the closed loop's spot watcher). */
  observeFrame?: LiveFrameObserver;
  ioTimeoutSec?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Share of the detector's capacity live frames plan on; the rest is left to scans (default 0.9). */
  liveShare?: number;
  /** How often intervals, capacity and health are redone (default 5 s). */
  replanMs?: number;
  log: Logger;
  now?: () => number;
}

interface Entry {
  point: PointConfig;
  reader: FrameReader | null;
  judge: LivePoint | null;
  substream: boolean;
  nominalSec: number;
  grantedSec: number;
  lastServedMs: number | null;
  detected: number;
  state: LiveState;
  lastError: string | null;
  recordSize: Size | null;
}

export class LiveMaintainer implements LiveHealthFeed {
  readonly bus: LiveBus;
  private readonly entries = new Map<string, Entry>();
  private readonly slots = new LatestFrameSlots();
  private readonly log: Logger;
  private readonly now: () => number;
  private loop: Promise<void> | null = null;
  private timer: NodeJS.Timeout | undefined;
  /** Loops waiting for a frame. */
  private readonly waiting = new Set<() => void>();
  /** Points with a frame on the detector now. */
  private readonly busy = new Set<string>();
  private closing: Promise<void> | undefined;
  private capacityFps: number | null = null;
  /** Consecutive replans that found the demand over the capacity (see settle). */
  private overloadedPlans = 0;
  private backfillServedAtLastPlan = 0;

  constructor(private readonly options: LiveMaintainerOptions) {
    this.log = options.log.child({ module: "live" });
    this.bus = new LiveBus(this.log);
    this.now = options.now ?? Date.now;
    for (const point of options.points) {
      const input = detectInput(point, options.ioTimeoutSec ?? 15);
      if (!input.ok && input.reason === "not a live source") continue;
      const nominalSec = this.nominal(point);
      this.entries.set(point.id, {
        point, reader: null, judge: null, substream: input.ok && input.substream, nominalSec, grantedSec: nominalSec,
        lastServedMs: null, detected: 0, state: input.ok ? "starting" : "unsupported", lastError: input.ok ? null : input.reason,
        recordSize: this.latestSegmentSize(point.id),
      });
    }
  }

  /** Live points this maintainer runs (including ones it cannot read, reported as unsupported). */
  pointIds(): string[] {
    return [...this.entries.keys()];
  }

  /** Starts the detector's live lane, the readers and the loop; returns at once. */
  start(): void {
    if (this.loop || this.closing || this.entries.size === 0) return;
    this.loop = this.run();
    this.timer = setInterval(() => this.replan(), this.options.replanMs ?? 5000);
  }

  health(pointId: string): LiveHealth | undefined {
    const entry = this.entries.get(pointId);
    return entry ? this.snapshot(entry) : undefined;
  }

  onHealth(listener: (health: LiveHealth) => void): () => void {
    return this.bus.on("point.health", listener);
  }

  /** The detector's capacity for live frames as last measured, and the demand at the schedules' and the granted intervals. */
  plan(): LivePlan {
    const running = this.running();
    const granted = new Map(running.map((e) => [e.point.id, e.grantedSec]));
    return { capacityFps: this.capacityFps, demandFps: demandFps(this.demands(running)), grantedFps: demandFps(this.demands(running), granted) };
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    clearInterval(this.timer);
    this.wakeAll();
    await Promise.all([...this.entries.values()].map((e) => e.reader?.close()));
    await this.loop?.catch((error: unknown) => this.log.error({ err: errorMessage(error) }, "live loop failed"));
    await Promise.all([...this.entries.values()].map((e) => e.judge?.drain()));
    this.slots.clear();
    for (const entry of this.entries.values()) this.setState(entry, "stopped");
    this.log.info("live detection closed");
  }

  /**
   * Readers start at once (a pushing camera needs its listener up; frames
   * wait in their slots), judges once the detector is loaded and its card
   * (input size, labels) known.
   */
  private async run(): Promise<void> {
    for (const entry of this.entries.values()) this.publish(entry);
    let lane: Detector;
    try {
      const card = await this.options.detector.card();
      for (const entry of this.entries.values()) if (entry.state !== "unsupported") this.startReader(entry, card.input);
      lane = await this.options.detector.lane("live");
    } catch (error) {
      const message = isKerbsideError(error) ? `${error.code}: ${error.message}` : errorMessage(error);
      this.log.error({ err: message }, "live detection cannot start the detector");
      for (const entry of this.entries.values()) if (entry.state === "starting") this.setState(entry, "unsupported", message);
      return;
    }
    for (const entry of this.entries.values()) {
      const log = this.log.child({ point: entry.point.id });
      entry.judge = new LivePoint({
        deployment: this.options.deployment, point: entry.point, labels: lane.card.labels, store: this.options.incidents, log, recordSize: () => entry.recordSize, now: this.now,
        observeFrame: this.options.observeFrame, pending: this.options.pending,
      });
    }
    // One loop per frame the detector takes at once (its workers), so a pool's workers are all used.
    const serve = async (): Promise<void> => {
      while (!this.closing) await this.serveNext(lane);
    };
    await Promise.all(Array.from({ length: this.options.detector.concurrency }, serve));
  }

  private startReader(entry: Entry, model: ModelCard["input"]): void {
    const { point } = entry;
    const input = detectInput(point, this.options.ioTimeoutSec ?? 15);
    if (!input.ok || this.closing) return;
    const log = this.log.child({ point: point.id });
    const size = sampleSize({ width: model.width, height: model.height }, model);
    entry.reader = new FrameReader({
      pointId: point.id, input: input.input, width: size.width, height: size.height, everySec: entry.nominalSec, phase: this.phaseOf(entry), log,
      secretDir: incomingDir(this.options.deployment.storageDir, point.id),
      initialBackoffMs: this.options.initialBackoffMs, maxBackoffMs: this.options.maxBackoffMs, now: this.now,
      onFrame: (frame) => this.onFrame(frame),
      onState: (state, error) => this.setState(entry, state === "online" ? "detecting" : "waiting", error),
    });
    entry.reader.start();
  }

  /**
   * Points on the same interval sample at evenly spread moments of it (the
   * i-th of n at i/n): started together, 27 main roads would otherwise all
   * hand the detector a frame in the same second, every interval, and the
   * last would wait behind the other 26 and the junctions.
   */
  private phaseOf(entry: Entry): number {
    const peers = [...this.entries.values()].filter((e) => e.state !== "unsupported" && e.nominalSec === entry.nominalSec);
    const index = peers.indexOf(entry);
    return index <= 0 ? 0 : index / peers.length;
  }

  private onFrame(frame: LiveFrame): void {
    if (this.closing) return;
    this.slots.put(frame);
    try {
      this.options.latestFrames?.put(frame.pointId, { timeMs: frame.timeMs, frame: frame.frame, streamSize: frame.streamSize });
    } catch (error) {
      this.log.warn({ point: frame.pointId, err: errorMessage(error) }, "latest-frame listener failed");
    }
    this.wakeAll();
  }

  private wakeAll(): void {
    for (const wake of [...this.waiting]) wake();
  }

  private async serveNext(lane: Detector): Promise<void> {
    const views: SlotView[] = [...this.entries.values()].filter((e) => !this.busy.has(e.point.id)).map((e) => ({
      pointId: e.point.id, nominalSec: e.nominalSec, grantedSec: e.grantedSec, urgency: urgencyOf(e.nominalSec, e.point.category),
      frameAtMs: this.slots.waitingSince(e.point.id), lastServedMs: e.lastServedMs,
    }));
    const next = pickNext(views, this.now());
    const frame = next === null ? undefined : this.slots.take(next);
    const entry = frame ? this.entries.get(frame.pointId) : undefined;
    if (!frame || !entry?.judge) {
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          this.waiting.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, 250);
        this.waiting.add(wake);
      });
      return;
    }
    this.busy.add(entry.point.id);
    const image = frame.frame;
    try {
      // The detector takes its own copy's buffer; the frame stays for the snapshot.
      const copy = { width: image.width, height: image.height, data: Buffer.from(image.data) };
      const found = await lane.detect(copy, { classes: entry.judge.classes, scoreThreshold: this.options.deployment.detector.scoreThreshold });
      entry.lastServedMs = frame.timeMs;
      entry.detected++;
      entry.judge.handle(frame, image, found);
    } catch (error) {
      const message = isKerbsideError(error) ? `${error.code}: ${error.message}` : errorMessage(error);
      this.log.error({ point: entry.point.id, err: message }, "live frame could not be detected");
      // A dead detector is replaced at the next request; do not spin meanwhile.
      if (isKerbsideError(error, "KERB_ERR_DETECTOR") && !this.closing) await new Promise((r) => setTimeout(r, 1000));
    } finally {
      this.busy.delete(entry.point.id);
    }
  }

  /** A segment of a live point was indexed: its size is the one live boxes are stored in (so they match the archive scan's). */
  noteSegment(segment: Segment): void {
    const entry = this.entries.get(segment.pointId);
    if (entry && segment.status === "ok" && segment.width && segment.height) entry.recordSize = { width: segment.width, height: segment.height };
  }

  private latestSegmentSize(pointId: string): Size | null {
    const latest = this.options.segments.list({ pointId, fromMs: this.now() - 24 * 3_600_000, status: "ok" }).at(-1);
    return latest?.width && latest.height ? { width: latest.width, height: latest.height } : null;
  }

  private nominal(point: PointConfig): number {
    return resolveSamplingInterval(this.options.deployment, point, this.now());
  }

  /** Intervals from the schedules, capacity from the detector, granted intervals; then health. */
  private replan(): void {
    const running = this.running();
    for (const entry of running) {
      entry.nominalSec = this.nominal(entry.point);
      entry.reader?.setInterval(entry.nominalSec);
    }
    const capacity = this.liveCapacity();
    this.capacityFps = Number.isFinite(capacity) ? capacity : null;
    const granted = this.settle(running, capacity);
    for (const entry of running) {
      const next = granted.get(entry.point.id) ?? entry.nominalSec;
      if (next !== entry.grantedSec) this.log.info({ point: entry.point.id, everySec: next, nominalSec: entry.nominalSec, capacityFps: Number(capacity.toFixed(2)) }, next > entry.nominalSec ? "detector cannot keep up: point degraded" : "point back to its interval");
      entry.grantedSec = next;
    }
    for (const entry of this.entries.values()) this.publish(entry);
  }

  /**
   * Frames per second the detector can give live points: its workers over
   * the mean time a frame takes. The share left to scans (liveShare) is kept
   * only while scans use the detector; with none, live points may use it all.
   */
  private liveCapacity(): number {
    const { detector } = this.options;
    const backfillServed = detector.servedCount("backfill");
    const scanning = detector.hasBackfillWaiting() || backfillServed > this.backfillServedAtLastPlan;
    this.backfillServedAtLastPlan = backfillServed;
    const serviceMs = detector.serviceMs();
    // serviceMs is one frame's time on one worker; the detector's workers serve side by side.
    return serviceMs ? (detector.concurrency * (scanning ? (this.options.liveShare ?? 0.9) : 1) * 1000) / serviceMs : Infinity;
  }

  /** The intervals to grant now (settleIntervals: hysteresis against one slow moment). */
  private settle(running: readonly Entry[], capacity: number): Map<string, number> {
    const current = new Map(running.map((e) => [e.point.id, e.grantedSec]));
    const settled = settleIntervals(this.demands(running), current, capacity, this.overloadedPlans);
    this.overloadedPlans = settled.overloadedPlans;
    return settled.granted;
  }

  private running(): Entry[] {
    return [...this.entries.values()].filter((e) => e.state !== "unsupported" && e.state !== "stopped");
  }

  private demands(entries: readonly Entry[]): PointDemand[] {
    return entries.map((e) => ({ pointId: e.point.id, nominalSec: e.nominalSec, urgency: urgencyOf(e.nominalSec, e.point.category) }));
  }

  private setState(entry: Entry, state: LiveState, error?: string): void {
    if (entry.state === state && error === undefined) return;
    entry.state = state;
    if (error !== undefined) entry.lastError = redactText(error);
    this.publish(entry);
  }

  private snapshot(entry: Entry): LiveHealth {
    const now = this.now();
    return {
      pointId: entry.point.id, state: entry.state, lastDetectedMs: entry.lastServedMs,
      lagMs: entry.lastServedMs === null ? null : Math.max(0, now - entry.lastServedMs),
      nominalSec: entry.nominalSec, everySec: entry.grantedSec, degraded: entry.grantedSec > entry.nominalSec,
      detected: entry.detected, dropped: this.slots.dropped(entry.point.id), reconnects: entry.reader?.reconnects ?? 0,
      lastError: entry.lastError, updatedMs: now,
    };
  }

  private publish(entry: Entry): void {
    const health = this.snapshot(entry);
    try {
      this.options.health.save(health);
    } catch (error) {
      this.log.error({ point: entry.point.id, err: errorMessage(error) }, "cannot persist live health");
    }
    this.bus.emit("point.health", health);
  }
}
