/**
 * The deployment's job queue, as its config says: the in-process SQLite queue
 * (kind local, the embedded default), or BullMQ on Redis (kind bullmq), where
 * `kerbside worker` processes do the scanning and this node takes their
 * results into its incident store.
 */
import type { Deployment } from "../config/schema.js";
import type { IncidentStore } from "../incidents/types.js";
import type { Logger } from "../log.js";
import type { Db } from "../store/database.js";
import { BullmqJobQueue } from "./bullmq/bullmq-job-queue.js";
import { redisConnection } from "./bullmq/names.js";
import { deploymentRedisUrl } from "./bullmq/redis-url.js";
import { startResultsMerger } from "./bullmq/results-merger.js";
import { LocalJobQueue } from "./local-job-queue.js";
import type { JobQueue, JobRunner } from "./types.js";

export interface DeploymentQueue {
  queue: JobQueue;
  close(): Promise<void>;
}

export async function openDeploymentQueue(options: { deployment: Deployment; db: Db; store: IncidentStore; runner: JobRunner; log?: Logger }): Promise<DeploymentQueue> {
  const { deployment } = options;
  if (deployment.queue.kind === "local") {
    const queue = new LocalJobQueue({ db: options.db, runner: options.runner });
    return { queue, close: () => queue.close() };
  }
  const connection = redisConnection(deploymentRedisUrl(deployment));
  const queue = await BullmqJobQueue.open({ connection, prefix: deployment.queue.prefix, log: options.log });
  const merger = startResultsMerger({ connection, prefix: deployment.queue.prefix, store: options.store, log: options.log });
  return {
    queue,
    close: async () => {
      await Promise.allSettled([queue.close(), merger.close()]);
    },
  };
}
