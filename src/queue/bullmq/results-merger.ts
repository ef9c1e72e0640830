/**
 * On the main node: takes the results workers send through the results queue
 * and records them in the main store (which publishes them to the board).
 * A BullMQ worker of its own, so results survive a main node that was down
 * when they were sent, and a result that failed to merge is retried.
 */
import { Worker, type ConnectionOptions } from "bullmq";
import type { IncidentStore } from "../../incidents/types.js";
import { logger, type Logger } from "../../log.js";
import { queueNames } from "./names.js";
import { mergeScanResult, type ScanResultPayload } from "./scan-results.js";

export interface ResultsMerger {
  close(): Promise<void>;
}

export function startResultsMerger(options: { connection: ConnectionOptions; prefix?: string; store: IncidentStore; log?: Logger }): ResultsMerger {
  const log = (options.log ?? logger).child({ module: "scan-results" });
  const worker = new Worker<ScanResultPayload>(
    queueNames(options.prefix).results,
    async (job) => {
      const incidents = mergeScanResult(options.store, job.data);
      log.info({ job: job.data.jobId, point: job.data.pointId, attempt: job.data.attempt, incidents: incidents.length }, "scan result merged");
      return { incidents: incidents.map((i) => i.id) };
    },
    { connection: options.connection, concurrency: 1 },
  );
  worker.on("error", (error) => log.warn({ err: error.message }, "results merger error (Redis away?); it reconnects"));
  return { close: () => worker.close() };
}
