/**
 * Live detection types: frames sampled from a camera as they arrive, the
 * health each live point reports (state, lag, effective sampling interval),
 * and the interfaces the board plugs into (latest frame per point, health
 * events). All times are epoch milliseconds (UTC).
 */
import type { RgbFrame } from "../detect/types.js";
import type { FrameObservation } from "../rules/types.js";
import type { Size } from "../scan/box-scale.js";

/** One decoded frame of a live stream, at the detector's input size. */
export interface LiveFrame {
  pointId: string;
  /** Wall clock at capture (arrival of the decoded frame). */
  timeMs: number;
  frame: RgbFrame;
  /** The decoded stream's own size (the substream's when `detectUrl` is used). */
  streamSize: Size | null;
}

/**
 * starting: reader not connected yet; detecting: frames flow and are detected;
 * waiting: the camera (or its detect stream) is down, the reader reconnects;
 * unsupported: the point cannot be read live (reason in lastError); stopped.
 */
export const LIVE_STATES = ["starting", "detecting", "waiting", "unsupported", "stopped"] as const;
export type LiveState = (typeof LIVE_STATES)[number];

export interface LiveHealth {
  pointId: string;
  state: LiveState;
  /** Capture time of the newest frame the detector has seen (null: none yet). */
  lastDetectedMs: number | null;
  /** now − lastDetectedMs at the time of the report (null: none yet). */
  lagMs: number | null;
  /** The schedule's interval now, and the one the scheduler grants (longer when degraded). */
  nominalSec: number;
  everySec: number;
  degraded: boolean;
  /** Frames detected, and frames replaced in the latest-frame slot before the detector took them. */
  detected: number;
  dropped: number;
  reconnects: number;
  /** Redacted. */
  lastError: string | null;
  updatedMs: number;
}

/** The latest frame per point, for the board's live view (fed by the live sampler). */
export interface LatestFrames {
  /** `streamSize`: the live stream's own size (the frame is at the model's input size). */
  put(pointId: string, frame: { timeMs: number; frame: RgbFrame; streamSize: Size | null }): void;
}

/**
 * A tracked live frame, for the closed loop's spot watcher (workflow/): the
 * tracker's observation in the recorded stream's pixels (as incidents are
 * stored) and the model-size frame it came from, for evidence. An observer
 * must be quick and must not throw (LivePoint logs and ignores it if it does).
 */
export interface LiveObservedFrame {
  pointId: string;
  observation: FrameObservation;
  image: RgbFrame;
}

export type LiveFrameObserver = (frame: LiveObservedFrame) => void;

export interface LiveEvents {
  "point.health": LiveHealth;
}

/** What the board reads of live detection: each point's health now, and its changes as they happen. */
export interface LiveHealthFeed {
  health(pointId: string): LiveHealth | undefined;
  onHealth(listener: (health: LiveHealth) => void): () => void;
  /** The shared detector's measured capacity and the live demand on it (frames per second). */
  plan(): LivePlan;
}

export interface LivePlan {
  /** Frames per second live detection may plan on (null: not measured yet). */
  capacityFps: number | null;
  /** Σ 1/interval at the schedules' intervals, and at the granted ones. */
  demandFps: number;
  grantedFps: number;
}
