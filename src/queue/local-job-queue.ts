/**
 * The embedded job queue: jobs persisted in the deployment's SQLite file, run
 * in this process by a JobRunner, `concurrency` at a time (default 1: one
 * detector per machine). A job's progress is written through (throttled) and
 * published to subscribers; cancelling aborts a running job's signal; closing
 * interrupts running jobs and leaves them to resume on the next start.
 */
import { EventEmitter } from "node:events";
import { KerbsideError, errorMessage } from "../errors.js";
import { logger, type Logger } from "../log.js";
import type { Db } from "../store/database.js";
import { JobTable } from "./job-table.js";
import { requestJobs } from "./request-days.js";
import type { JobProgressUpdate, JobQueue, JobRunner, PreAuditRequest, QueueEvent, QueueJob, QueueRequest } from "./types.js";

export interface LocalJobQueueOptions {
  db: Db;
  runner: JobRunner;
  concurrency?: number;
  /** Least time between two progress writes of one job (default 500 ms). */
  progressIntervalMs?: number;
  log?: Logger;
}

interface Running {
  controller: AbortController;
  done: Promise<void>;
  /** Why the signal was aborted: a cancel ends the job, a close leaves it to resume. */
  reason: "cancel" | "close" | null;
}

export class LocalJobQueue implements JobQueue {
  private readonly table: JobTable;
  private readonly events = new EventEmitter();
  private readonly running = new Map<string, Running>();
  private readonly log: Logger;
  private started = false;
  private closed = false;

  constructor(private readonly options: LocalJobQueueOptions) {
    this.table = new JobTable(options.db);
    this.log = (options.log ?? logger).child({ module: "job-queue" });
  }

  async enqueue(request: PreAuditRequest): Promise<QueueRequest> {
    if (this.closed) throw new KerbsideError("KERB_ERR_AUDIT", "the job queue is closed");
    const id = this.table.insert(request, requestJobs(request));
    const stored = this.table.request(id) as QueueRequest;
    for (const job of stored.jobs) this.emit("state", job);
    this.pump();
    return stored;
  }

  async get(requestId: string): Promise<QueueRequest | undefined> {
    return this.table.request(requestId);
  }

  async list(limit = 50): Promise<QueueRequest[]> {
    return this.table.requests(limit);
  }

  async cancel(requestId: string): Promise<QueueRequest> {
    if (!this.table.request(requestId)) throw new KerbsideError("KERB_ERR_JOB_UNKNOWN", `no pre-audit request "${requestId}"`);
    for (const job of this.table.cancelQueued(requestId)) this.emit("state", job);
    const stopping = [...this.running.entries()].filter(([id]) => this.table.job(id)?.requestId === requestId);
    for (const [, run] of stopping) {
      run.reason = "cancel";
      run.controller.abort();
    }
    await Promise.all(stopping.map(([, run]) => run.done));
    return this.table.request(requestId) as QueueRequest;
  }

  subscribe(listener: (event: QueueEvent) => void): () => void {
    this.events.on("event", listener);
    return () => this.events.off("event", listener);
  }

  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    this.table.requeueRunning();
    this.pump();
  }

  async idle(): Promise<void> {
    while (this.table.pending() > 0 && !this.closed && this.started) {
      await Promise.race([...[...this.running.values()].map((r) => r.done), new Promise((r) => setTimeout(r, 50))]);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const stopping = [...this.running.values()];
    for (const run of stopping) {
      run.reason = "close";
      run.controller.abort();
    }
    await Promise.all(stopping.map((r) => r.done));
    this.events.removeAllListeners();
  }

  private pump(): void {
    if (!this.started || this.closed) return;
    while (this.running.size < (this.options.concurrency ?? 1)) {
      const job = this.table.claimNext();
      if (!job) return;
      this.emit("state", job);
      const run: Running = { controller: new AbortController(), reason: null, done: Promise.resolve() };
      this.running.set(job.id, run);
      run.done = this.execute(job, run).finally(() => {
        this.running.delete(job.id);
        this.pump();
      });
    }
  }

  private async execute(job: QueueJob, run: Running): Promise<void> {
    const log = this.log.child({ job: job.id, point: job.pointId, day: job.day });
    let lastWrite = 0;
    const progress = (update: JobProgressUpdate): void => {
      const now = Date.now();
      if (run.controller.signal.aborted || now - lastWrite < (this.options.progressIntervalMs ?? 500)) return;
      lastWrite = now;
      const updated = this.table.update(job.id, { progress: clamp01(update.fraction), frames: update.frames, incidents: update.incidents });
      if (updated) this.emit("progress", updated);
    };
    try {
      const result = await this.options.runner(job, { signal: run.controller.signal, progress });
      this.finish(job.id, run, { state: "done", progress: 1, frames: result.frames, incidents: result.incidents, error: null });
    } catch (error) {
      if (!run.controller.signal.aborted) log.warn({ err: errorMessage(error) }, "pre-audit job failed");
      this.finish(job.id, run, { state: "failed", error: errorMessage(error) });
    }
  }

  /** A job whose signal was aborted ends cancelled (cancel) or queued again (close), whatever the runner returned. */
  private finish(id: string, run: Running, outcome: Partial<QueueJob>): void {
    const fields = run.reason === "close" ? { state: "queued" as const } : run.reason === "cancel" ? { state: "cancelled" as const, error: null } : outcome;
    const job = this.table.update(id, fields);
    if (job && run.reason !== "close") this.emit("state", job);
  }

  private emit(kind: QueueEvent["kind"], job: QueueJob): void {
    this.events.emit("event", { kind, job } satisfies QueueEvent);
  }
}

const clamp01 = (x: number): number => Math.min(1, Math.max(0, Number.isFinite(x) ? x : 0));
