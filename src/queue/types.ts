/**
 * The job queue behind on-demand pre-audits. A pre-audit request (points ×
 * local days) becomes one job per point and day; each job scans that point's
 * footage of that day. JobQueue is the interface: the in-process SQLite queue
 * (local-job-queue.ts) is the embedded default, and a distributed engine
 * (BullMQ) implements the same interface and passes the same contract suite,
 * tests/queue/job-queue.contract.ts. Every method is async so a remote
 * backend fits.
 */
export type JobState = "queued" | "running" | "done" | "failed" | "cancelled";

export interface PreAuditRequest {
  pointIds: readonly string[];
  /** First local day, YYYY-MM-DD. */
  from: string;
  /** Last local day, YYYY-MM-DD, inclusive. */
  to: string;
  /** Who asked (user name), for the board. */
  requestedBy?: string;
}

/** What a job does: scan one point's footage of one local day. */
export interface JobSpec {
  id: string;
  requestId: string;
  pointId: string;
  day: string;
}

export interface QueueJob extends JobSpec {
  state: JobState;
  /** 0–1. */
  progress: number;
  frames: number;
  incidents: number;
  error: string | null;
  /** Times the job was started (a resumed job starts again). */
  attempts: number;
  createdAt: string;
  updatedAt: string;
}

export interface QueueRequest {
  id: string;
  pointIds: string[];
  from: string;
  to: string;
  requestedBy: string | null;
  createdAt: string;
  /** running while a job runs, queued while jobs wait; then failed if any failed, cancelled if any was cancelled, else done. */
  state: JobState;
  /** Mean job progress, 0–1. */
  progress: number;
  jobs: QueueJob[];
}

export interface QueueEvent {
  kind: "progress" | "state";
  job: QueueJob;
}

export interface JobProgressUpdate {
  fraction: number;
  frames: number;
  incidents: number;
}

export interface JobContext {
  /** Aborted when the job is cancelled or the queue closes; the runner stops soon after. */
  signal: AbortSignal;
  progress(update: JobProgressUpdate): void;
  /** Which start of the job this is (1 on the first; a resumed or retried job counts on). */
  attempt?: number;
}

/** The work of one job; resolves with its totals. Must be safe to run again on the same job (resume). */
export type JobRunner = (job: JobSpec, context: JobContext) => Promise<{ frames: number; incidents: number }>;

export interface JobQueue {
  /** Records the request and its jobs (persisted), then runs them in order. */
  enqueue(request: PreAuditRequest): Promise<QueueRequest>;
  get(requestId: string): Promise<QueueRequest | undefined>;
  /** Newest first. */
  list(limit?: number): Promise<QueueRequest[]>;
  /** Cancels the request's queued and running jobs; KERB_ERR_JOB_UNKNOWN when there is no such request. */
  cancel(requestId: string): Promise<QueueRequest>;
  /** Progress and state changes of every job; returns the unsubscribe function. */
  subscribe(listener: (event: QueueEvent) => void): () => void;
  /** Starts processing; jobs left running by a crash or a close start again. */
  start(): void;
  /** Resolves when no job is queued or running. */
  idle(): Promise<void>;
  /** Stops taking jobs and interrupts running ones (they resume on the next start). Safe to call twice. */
  close(): Promise<void>;
}
