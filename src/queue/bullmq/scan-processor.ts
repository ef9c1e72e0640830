/**
 * The BullMQ processor of scan jobs, the same in the main node's in-process
 * worker and in `kerbside worker`: it runs the JobRunner with an abort signal
 * that fires when the request is cancelled (checked in Redis, so a cancel on
 * the main node reaches every machine) or the worker closes. A job
 * interrupted by a closing worker goes back to the wait list to be resumed,
 * rather than failing; a job whose worker died is BullMQ's stalled-job
 * recovery's to retry.
 */
import { WaitingError, type Job, type Processor } from "bullmq";
import type { JobRunner, JobSpec } from "../types.js";
import type { ScanJobResult } from "./job-view.js";

export interface ScanProcessorOptions {
  runner: JobRunner;
  isCancelled: (requestId: string) => Promise<boolean>;
  /** True once the worker is closing: interrupted jobs are put back, not failed. */
  closing: () => boolean;
  /** How often a running job checks for a cancel from elsewhere (default 1000 ms). */
  cancelPollMs?: number;
}

const CANCELLED: ScanJobResult = { frames: 0, incidents: 0, cancelled: true };

/** Aborts `controller` when the request is cancelled; returns the stop function. */
function watchCancel(job: Job<JobSpec>, options: ScanProcessorOptions, controller: AbortController): () => void {
  const timer = setInterval(() => {
    options.isCancelled(job.data.requestId).then(
      (cancelled) => cancelled && controller.abort(new Error("cancelled")),
      () => undefined, // Redis away for a moment: the next poll asks again.
    );
  }, options.cancelPollMs ?? 1000);
  return () => clearInterval(timer);
}

export function scanProcessor(options: ScanProcessorOptions): Processor<JobSpec, ScanJobResult> {
  return async (job, token, signal) => {
    if (await options.isCancelled(job.data.requestId)) return CANCELLED;
    const controller = new AbortController();
    const forward = (): void => controller.abort(signal?.reason);
    signal?.addEventListener("abort", forward, { once: true });
    const stopWatching = watchCancel(job, options, controller);
    try {
      return await options.runner(job.data, {
        signal: controller.signal,
        attempt: job.attemptsStarted,
        progress: (update) => void job.updateProgress({ ...update }).catch(() => undefined),
      });
    } catch (error) {
      if (options.closing() && token !== undefined) {
        await job.moveToWait(token);
        throw new WaitingError();
      }
      if (controller.signal.aborted && (await options.isCancelled(job.data.requestId))) return CANCELLED;
      throw error;
    } finally {
      stopWatching();
      signal?.removeEventListener("abort", forward);
    }
  };
}
