/**
 * Prometheus metrics (prom-client, one registry per server so tests can run
 * several): frames scanned and scan lag per point, detector time, incidents
 * by rule, camera state, socket clients, HTTP latency, live detection
 * (intervals configured and granted, degraded points, lag: live-metrics.ts),
 * the shared detector's wait per lane, plus the process defaults. Values owned by other modules are read at scrape time through
 * MetricSources; the HTTP and detector figures are observed as they happen.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { ServedRequest } from "../../detect/priority-detector.js";
import type { Detector } from "../../detect/types.js";
import { SOURCE_STATES, type SourceState } from "../../footage/types.js";
import type { LiveHealth, LivePlan } from "../../live/types.js";
import { registerLiveMetrics } from "./live-metrics.js";

export interface MetricSources {
  pointIds(): string[];
  framesScanned(pointId: string): number;
  /** Seconds the newest indexed footage of the point has waited unscanned (0 when caught up), null: unknown. */
  scanLagSec(pointId: string): number | null;
  cameraState(pointId: string): SourceState | null;
  openIncidentsByRule(): Record<string, number>;
  /** Live detection health of a point (undefined: not a live point, or no live detection). */
  liveHealth?(pointId: string): LiveHealth | undefined;
  livePlan?(): LivePlan;
}

const STATES: readonly SourceState[] = SOURCE_STATES;

export class BoardMetrics {
  readonly registry = new Registry();
  readonly http: Histogram<"method" | "route" | "status">;
  readonly detectorMs: Histogram<string>;
  readonly incidentsCreated: Counter<"rule">;
  readonly socketClients: Gauge<string>;
  readonly detectorWait: Histogram<"lane">;
  private sources: MetricSources | undefined;
  private readonly framesSeen = new Map<string, number>();

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: "kerbside_process_" });
    const registers = [this.registry];
    this.http = new Histogram({ name: "kerbside_http_request_duration_seconds", help: "HTTP request latency", labelNames: ["method", "route", "status"], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers });
    this.detectorMs = new Histogram({ name: "kerbside_detector_ms", help: "Detector time per frame (ms)", buckets: [10, 25, 50, 100, 200, 400, 800, 1600], registers });
    this.incidentsCreated = new Counter({ name: "kerbside_incidents_created_total", help: "Incidents created since start, by rule", labelNames: ["rule"], registers });
    this.socketClients = new Gauge({ name: "kerbside_socket_clients", help: "Connected board sockets", registers });
    this.detectorWait = new Histogram({ name: "kerbside_detector_wait_seconds", help: "Time a frame waited for the shared detector, by lane (live goes first)", labelNames: ["lane"], buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30], registers });
    const read = (): MetricSources | undefined => this.sources;
    const framesSeen = this.framesSeen;
    new Counter({
      name: "kerbside_frames_scanned_total", help: "Frames scanned since start, by point", labelNames: ["point"], registers,
      collect() {
        for (const point of read()?.pointIds() ?? []) {
          const now = read()?.framesScanned(point) ?? 0;
          const delta = now - (framesSeen.get(point) ?? 0);
          if (delta > 0) this.inc({ point }, delta);
          else this.inc({ point }, 0);
          framesSeen.set(point, now);
        }
      },
    });
    new Gauge({
      name: "kerbside_scan_lag_seconds", help: "How long the newest indexed footage has waited unscanned", labelNames: ["point"], registers,
      collect() {
        for (const point of read()?.pointIds() ?? []) {
          const lag = read()?.scanLagSec(point);
          if (lag !== null && lag !== undefined) this.set({ point }, lag);
        }
      },
    });
    new Gauge({
      name: "kerbside_camera_state", help: "1 for the camera's current state", labelNames: ["point", "state"], registers,
      collect() {
        this.reset();
        for (const point of read()?.pointIds() ?? []) {
          const state = read()?.cameraState(point);
          for (const s of STATES) this.set({ point, state: s }, state === s ? 1 : 0);
        }
      },
    });
    new Gauge({
      name: "kerbside_incidents_open", help: "Open incidents by rule", labelNames: ["rule"], registers,
      collect() {
        this.reset();
        for (const [rule, n] of Object.entries(read()?.openIncidentsByRule() ?? {})) this.set({ rule }, n);
      },
    });
    // The live figures, read at scrape time.
    registerLiveMetrics(registers, () => {
      const sources = read();
      if (!sources?.liveHealth) return undefined;
      return { pointIds: () => sources.pointIds(), liveHealth: (p) => sources.liveHealth?.(p), livePlan: () => sources.livePlan?.() };
    });
  }

  /** Observes each frame's wait for the shared detector (PriorityDetector.onServed). */
  observeServed(served: ServedRequest): void {
    this.detectorWait.observe({ lane: served.priority }, served.waitMs / 1000);
  }

  /** Connects the scrape-time readings (once the service exists). */
  attach(sources: MetricSources): void {
    this.sources = sources;
  }

  /** Wraps a detector so each detect() call is timed. */
  timeDetector(detector: Detector): Detector {
    const histogram = this.detectorMs;
    return {
      card: detector.card,
      async detect(frame, options) {
        const started = performance.now();
        try {
          return await detector.detect(frame, options);
        } finally {
          histogram.observe(performance.now() - started);
        }
      },
      close: () => detector.close(),
    };
  }
}
