/**
 * The JobQueue on BullMQ and Redis, for pre-audits spread over machines.
 * A request is a BullMQ flow: its parent job (in the requests queue) holds the
 * request; its children, one per point and local day, wait in the scans queue
 * for any worker — this node's own (when given a runner) or `kerbside worker`
 * processes elsewhere. Everything the interface reports is read back from
 * Redis, so any node sees the same requests. Passes the same contract suite
 * as the in-process queue (tests/queue/job-queue.contract.ts).
 */
import { randomUUID } from "node:crypto";
import { FlowProducer, Job, Queue, QueueEvents, Worker, type ConnectionOptions } from "bullmq";
import { KerbsideError } from "../../errors.js";
import { logger, type Logger } from "../../log.js";
import { requestJobs } from "../request-days.js";
import type { JobQueue, JobRunner, JobSpec, PreAuditRequest, QueueEvent, QueueJob, QueueRequest } from "../types.js";
import { queueJob, queueRequest, type RequestData, type ScanJobResult } from "./job-view.js";
import { queueNames, scanJobId, type QueueNames } from "./names.js";
import { scanProcessor } from "./scan-processor.js";

export interface BullmqJobQueueOptions {
  connection: ConnectionOptions;
  /** Queue name prefix (default "kerbside"): one per deployment sharing a Redis. */
  prefix?: string;
  /** Process scan jobs in this process too (the embedded case and the tests); without it only workers do. */
  runner?: JobRunner;
  /** A worker holding a job this long without renewing its lock is presumed dead (default 30 000 ms). */
  lockDurationMs?: number;
  /** How often an idle() caller looks at the queue (default 100 ms). */
  pollMs?: number;
  log?: Logger;
}

const WAITING_STATES = ["waiting", "active", "delayed", "prioritized", "paused", "waiting-children"] as const;

export class BullmqJobQueue implements JobQueue {
  private readonly names: QueueNames;
  private readonly requests: Queue<RequestData>;
  private readonly scans: Queue<JobSpec, ScanJobResult>;
  private readonly flows: FlowProducer;
  private readonly events: QueueEvents;
  private readonly listeners = new Set<(event: QueueEvent) => void>();
  private readonly log: Logger;
  private worker: Worker<JobSpec, ScanJobResult> | null = null;
  private chain: Promise<void> = Promise.resolve();
  private closing: Promise<void> | null = null;

  private constructor(private readonly options: BullmqJobQueueOptions) {
    this.names = queueNames(options.prefix);
    const { connection } = options;
    this.requests = new Queue(this.names.requests, { connection });
    this.scans = new Queue(this.names.scans, { connection });
    this.flows = new FlowProducer({ connection });
    this.events = new QueueEvents(this.names.scans, { connection });
    this.log = (options.log ?? logger).child({ module: "bullmq-queue" });
    for (const name of ["active", "progress", "completed", "failed"] as const) {
      this.events.on(name, ({ jobId }: { jobId: string }) => this.relay(name, jobId));
    }
  }

  static async open(options: BullmqJobQueueOptions): Promise<BullmqJobQueue> {
    const queue = new BullmqJobQueue(options);
    await Promise.all([queue.requests.waitUntilReady(), queue.scans.waitUntilReady(), queue.events.waitUntilReady()]);
    return queue;
  }

  async enqueue(request: PreAuditRequest): Promise<QueueRequest> {
    const jobs = requestJobs(request);
    const id = `pa-${randomUUID()}`;
    const specs: JobSpec[] = jobs.map((j) => ({ id: scanJobId(id, j.pointId, j.day), requestId: id, ...j }));
    const data: RequestData = {
      pointIds: [...new Set(request.pointIds)], from: request.from, to: request.to,
      requestedBy: request.requestedBy ?? null, createdAt: new Date().toISOString(), jobIds: specs.map((s) => s.id),
    };
    await this.flows.add({
      name: "pre-audit", queueName: this.names.requests, data, opts: { jobId: id },
      children: specs.map((spec) => ({ name: "scan-day", queueName: this.names.scans, data: spec, opts: { jobId: spec.id, attempts: 1 } })),
    });
    const created = (await this.get(id))!;
    for (const job of created.jobs) this.emit({ kind: "state", job });
    return created;
  }

  async get(requestId: string): Promise<QueueRequest | undefined> {
    const parent = await Job.fromId<RequestData>(this.requests, requestId);
    if (parent === undefined) return undefined;
    const cancelled = parent.data.cancelled === true;
    const jobs = await Promise.all(parent.data.jobIds.map((id) => this.jobView(id, cancelled)));
    return queueRequest(requestId, parent.data, jobs.filter((j): j is QueueJob => j !== undefined));
  }

  async list(limit = 50): Promise<QueueRequest[]> {
    const parents = await this.requests.getJobs([...WAITING_STATES, "completed", "failed"], 0, -1);
    const newest = parents.filter((p) => p.id !== undefined).sort((a, b) => b.timestamp - a.timestamp).slice(0, limit);
    const all = await Promise.all(newest.map((p) => this.get(p.id!)));
    return all.filter((r): r is QueueRequest => r !== undefined);
  }

  async cancel(requestId: string): Promise<QueueRequest> {
    const parent = await Job.fromId<RequestData>(this.requests, requestId);
    if (parent === undefined) throw new KerbsideError("KERB_ERR_JOB_UNKNOWN", `no pre-audit request "${requestId}"`);
    await parent.updateData({ ...parent.data, cancelled: true });
    // This node's running job stops at once; other machines' within a poll.
    for (const id of parent.data.jobIds) this.worker?.cancelJob(id, "cancelled");
    return (await this.get(requestId))!;
  }

  subscribe(listener: (event: QueueEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    if (this.worker !== null || this.closing !== null || this.options.runner === undefined) return;
    this.worker = createScanWorker({
      connection: this.options.connection, names: this.names, runner: this.options.runner,
      lockDurationMs: this.options.lockDurationMs, closing: () => this.closing !== null, log: this.log,
    });
  }

  async idle(): Promise<void> {
    for (;;) {
      const counts = await this.scans.getJobCounts(...WAITING_STATES);
      if (Object.values(counts).every((n) => n === 0)) break;
      await new Promise((r) => setTimeout(r, this.options.pollMs ?? 100));
    }
    await this.chain;
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    if (this.worker !== null) {
      this.worker.cancelAllJobs("closing");
      await this.worker.close();
    }
    await this.chain;
    await Promise.allSettled([this.events.close(), this.flows.close(), this.scans.close(), this.requests.close()]);
  }

  private isCancelled(requestId: string): Promise<boolean> {
    return requestCancelled(this.requests, requestId);
  }

  private async jobView(id: string, cancelled: boolean): Promise<QueueJob | undefined> {
    // State first: a job read before its state could finish in between and look done without its result.
    const state = await this.scans.getJobState(id);
    const job = await Job.fromId<JobSpec, ScanJobResult>(this.scans, id);
    if (job === undefined) return undefined;
    return queueJob(job, state, cancelled);
  }

  /** Turns a BullMQ event into a QueueEvent, in the order the events came. */
  private relay(name: "active" | "progress" | "completed" | "failed", jobId: string): void {
    this.chain = this.chain.then(async () => {
      if (this.listeners.size === 0) return;
      const job = await Job.fromId<JobSpec, ScanJobResult>(this.scans, jobId);
      if (job === undefined) return;
      const view = queueJob(job, name === "active" || name === "progress" ? "active" : name, await this.isCancelled(job.data.requestId));
      this.emit({ kind: name === "progress" ? "progress" : "state", job: view });
    }).catch((error: unknown) => this.log.warn({ err: String(error), job: jobId }, "queue event not relayed"));
  }

  private emit(event: QueueEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

export interface ScanWorkerOptions {
  connection: ConnectionOptions;
  names: QueueNames;
  runner: JobRunner;
  lockDurationMs?: number;
  closing: () => boolean;
  /** Jobs run side by side in this process (default 1). */
  concurrency?: number;
  log?: Logger;
}

/** A BullMQ worker that runs scan jobs: this node's, or a `kerbside worker`'s. */
export function createScanWorker(options: ScanWorkerOptions): Worker<JobSpec, ScanJobResult> {
  const requests = new Queue<RequestData>(options.names.requests, { connection: options.connection });
  const isCancelled = (requestId: string): Promise<boolean> => requestCancelled(requests, requestId);
  const worker = new Worker<JobSpec, ScanJobResult>(options.names.scans, scanProcessor({ runner: options.runner, isCancelled, closing: options.closing }), {
    connection: options.connection,
    concurrency: options.concurrency ?? 1,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: Math.max(1000, Math.round((options.lockDurationMs ?? 30_000) / 2)),
    maxStalledCount: 3,
  });
  worker.on("error", (error) => options.log?.warn({ err: error.message }, "scan worker error (Redis away?); it reconnects"));
  worker.on("closed", () => void requests.close());
  return worker;
}

/** A request is cancelled when its parent job says so: every node reads the same flag from Redis. */
async function requestCancelled(requests: Queue<RequestData>, requestId: string): Promise<boolean> {
  const parent = await Job.fromId<RequestData>(requests, requestId);
  return parent?.data.cancelled === true;
}
