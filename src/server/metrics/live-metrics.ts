/**
 * Live detection in Prometheus terms (read at scrape time from the live
 * maintainer): per point the sampling interval the schedule asks for and the
 * one the shared detector grants, whether the point is degraded (the box
 * cannot keep up, its interval was stretched), the live lag and the state;
 * overall the degraded points, the detector's capacity and the live demand.
 *   kerbside_live_effective_interval_seconds / _configured_interval_seconds
 *   kerbside_live_degraded, kerbside_live_degraded_points, kerbside_live_lag_seconds
 *   kerbside_live_state, kerbside_live_capacity_fps, kerbside_live_demand_fps
 */
import { Gauge, type Registry } from "prom-client";
import { LIVE_STATES, type LiveHealth, type LivePlan } from "../../live/types.js";

export interface LiveMetricSources {
  pointIds(): string[];
  /** undefined: not a live point. */
  liveHealth(pointId: string): LiveHealth | undefined;
  livePlan(): LivePlan | undefined;
}

type Read = () => LiveMetricSources | undefined;

function perPoint(read: Read, name: string, help: string, registers: Registry[], value: (h: LiveHealth) => number | null): void {
  new Gauge({
    name, help, labelNames: ["point"], registers,
    collect() {
      this.reset();
      const sources = read();
      for (const point of sources?.pointIds() ?? []) {
        const health = sources?.liveHealth(point);
        const v = health ? value(health) : null;
        if (v !== null) this.set({ point }, v);
      }
    },
  });
}

export function registerLiveMetrics(registers: Registry[], read: Read): void {
  perPoint(read, "kerbside_live_configured_interval_seconds", "Live sampling interval the point's schedule asks for now", registers, (h) => h.nominalSec);
  perPoint(read, "kerbside_live_effective_interval_seconds", "Live sampling interval the shared detector grants (longer than configured when degraded)", registers, (h) => h.everySec);
  perPoint(read, "kerbside_live_degraded", "1 while the point's live interval is stretched because the detector cannot keep up", registers, (h) => (h.degraded ? 1 : 0));
  perPoint(read, "kerbside_live_lag_seconds", "Now minus the capture time of the point's last live frame detected", registers, (h) => (h.lagMs === null ? null : h.lagMs / 1000));
  const liveHealths = (): LiveHealth[] => {
    const sources = read();
    return (sources?.pointIds() ?? []).flatMap((p) => sources?.liveHealth(p) ?? []);
  };
  new Gauge({
    name: "kerbside_live_state", help: "1 for the live point's detection state", labelNames: ["point", "state"], registers,
    collect() {
      this.reset();
      for (const h of liveHealths()) for (const state of LIVE_STATES) this.set({ point: h.pointId, state }, h.state === state ? 1 : 0);
    },
  });
  new Gauge({
    name: "kerbside_live_degraded_points", help: "Live points whose interval is stretched now", registers,
    collect() {
      this.set(liveHealths().filter((h) => h.degraded).length);
    },
  });
  new Gauge({
    name: "kerbside_live_capacity_fps", help: "Frames per second the shared detector manages for live frames (measured)", registers,
    collect() {
      this.reset();
      const fps = read()?.livePlan()?.capacityFps;
      if (fps !== null && fps !== undefined) this.set(fps);
    },
  });
  new Gauge({
    name: "kerbside_live_demand_fps", help: "Live frames per second asked for: at the schedules' intervals (configured) and at the granted ones (effective)", labelNames: ["at"], registers,
    collect() {
      this.reset();
      const plan = read()?.livePlan();
      if (!plan) return;
      this.set({ at: "configured" }, plan.demandFps);
      this.set({ at: "effective" }, plan.grantedFps);
    },
  });
}
