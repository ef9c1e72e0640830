/**
 * BullMQ jobs seen as the JobQueue interface's QueueJob and QueueRequest:
 * BullMQ's states mapped onto queued/running/done/failed/cancelled, progress
 * and totals read from the job's progress object and return value.
 */
import type { Job, JobState as BullState } from "bullmq";
import type { JobProgressUpdate, JobSpec, JobState, QueueJob, QueueRequest } from "../types.js";

/** What a scan job returns: the runner's totals, or that its request was cancelled. */
export interface ScanJobResult {
  frames: number;
  incidents: number;
  cancelled?: boolean;
}

/** What the parent job of a request carries. */
export interface RequestData {
  pointIds: string[];
  from: string;
  to: string;
  requestedBy: string | null;
  createdAt: string;
  jobIds: string[];
  /** Set by cancel(): workers stop its running jobs and skip its queued ones. */
  cancelled?: boolean;
}

function stateOf(bull: BullState | "unknown", result: ScanJobResult | undefined, cancelled: boolean): JobState {
  if (bull === "completed") return result?.cancelled ? "cancelled" : "done";
  if (bull === "failed") return "failed";
  if (cancelled) return "cancelled";
  return bull === "active" ? "running" : "queued";
}

function progressOf(job: Job): Partial<JobProgressUpdate> {
  const p = job.progress;
  return typeof p === "object" && p !== null ? (p as Partial<JobProgressUpdate>) : {};
}

export function queueJob(job: Job<JobSpec, ScanJobResult>, bull: BullState | "unknown", cancelled: boolean): QueueJob {
  const result = job.returnvalue ?? undefined;
  const state = stateOf(bull, result, cancelled);
  const progress = progressOf(job);
  return {
    id: job.data.id,
    requestId: job.data.requestId,
    pointId: job.data.pointId,
    day: job.data.day,
    state,
    progress: state === "done" ? 1 : (progress.fraction ?? 0),
    frames: result?.frames ?? progress.frames ?? 0,
    incidents: result?.incidents ?? progress.incidents ?? 0,
    error: state === "failed" ? (job.failedReason ?? "failed") : null,
    attempts: job.attemptsStarted ?? job.attemptsMade,
    createdAt: new Date(job.timestamp).toISOString(),
    updatedAt: new Date(job.finishedOn ?? job.processedOn ?? job.timestamp).toISOString(),
  };
}

/** The request's state from its jobs, as the local queue defines it. */
export function requestState(jobs: readonly QueueJob[]): JobState {
  if (jobs.some((j) => j.state === "running")) return "running";
  if (jobs.some((j) => j.state === "queued")) return "queued";
  if (jobs.some((j) => j.state === "failed")) return "failed";
  if (jobs.some((j) => j.state === "cancelled")) return "cancelled";
  return "done";
}

export function queueRequest(id: string, data: RequestData, jobs: QueueJob[]): QueueRequest {
  return {
    id,
    pointIds: data.pointIds,
    from: data.from,
    to: data.to,
    requestedBy: data.requestedBy,
    createdAt: data.createdAt,
    state: requestState(jobs),
    progress: jobs.length === 0 ? 0 : jobs.reduce((sum, j) => sum + j.progress, 0) / jobs.length,
    jobs,
  };
}
