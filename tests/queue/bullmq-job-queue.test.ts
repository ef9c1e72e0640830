/** The BullMQ job queue passes the JobQueue contract against a real redis-server on loopback. */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { BullmqJobQueue } from "../../src/queue/bullmq/bullmq-job-queue.js";
import { redisConnection } from "../../src/queue/bullmq/names.js";
import { jobQueueContract } from "./job-queue.contract.js";
import { startRedis, type TestRedis } from "./redis-server.js";

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
}, 30_000);
afterAll(async () => {
  await redis.stop();
});

jobQueueContract("BullmqJobQueue (Redis)", async () => {
  // A prefix per test: the same Redis, separate queues; reopened with the same prefix after a close.
  const prefix = `t${randomUUID().slice(0, 8)}`;
  const open: BullmqJobQueue[] = [];
  return {
    open: async (runner) => {
      const queue = await BullmqJobQueue.open({ connection: redisConnection(redis.url), prefix, runner, pollMs: 50 });
      open.push(queue);
      return queue;
    },
    cleanup: async () => {
      await Promise.all(open.map((q) => q.close()));
    },
  };
});
