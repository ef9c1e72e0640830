/**
 * `kerbside worker --config FILE [--redis URL] [--concurrency N]`: a scan
 * worker for pre-audits spread over machines. It pulls point-day scan jobs
 * from Redis (BullMQ), reads the footage from the storage every node mounts
 * (the config's storageDir and archive folders), scans with this machine's
 * detector and sends what it found back to the main node through the queue.
 * Stops on Ctrl-C / SIGTERM: a job under way goes back to the queue for the
 * next worker; a worker killed outright leaves it to BullMQ's stalled-job
 * recovery.
 */
import { InvalidArgumentError, type Command } from "commander";
import { loadDeployment } from "../../config/load.js";
import { logger } from "../../log.js";
import { createScanWorker } from "../../queue/bullmq/bullmq-job-queue.js";
import { queueNames, redisConnection } from "../../queue/bullmq/names.js";
import { deploymentRedisUrl, printableRedisUrl } from "../../queue/bullmq/redis-url.js";
import { createRemoteScanRunner } from "../../queue/bullmq/remote-scan-runner.js";
import { untilStopSignal } from "../stop-signals.js";

interface WorkerOptions {
  config: string;
  redis?: string;
  concurrency: number;
  lockMs: number;
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a whole number ≥ 1");
  return n;
}

async function runWorker(options: WorkerOptions): Promise<void> {
  const deployment = loadDeployment(options.config);
  const url = deploymentRedisUrl(deployment, options.redis);
  const connection = redisConnection(url);
  const prefix = deployment.queue.prefix;
  const log = logger.child({ module: "worker", pid: process.pid });
  const runner = createRemoteScanRunner({ deployment, connection, prefix, log });
  let closing = false;
  const worker = createScanWorker({
    connection, names: queueNames(prefix), runner: runner.run, concurrency: options.concurrency,
    lockDurationMs: options.lockMs, closing: () => closing, log,
  });
  await worker.waitUntilReady();
  process.stdout.write(`kerbside worker ${process.pid}: pulling scan jobs from ${printableRedisUrl(url)} (queue ${prefix}-scan)\n`);
  await untilStopSignal();
  closing = true;
  worker.cancelAllJobs("closing");
  await worker.close();
  await runner.close();
  process.stdout.write(`kerbside worker ${process.pid}: stopped\n`);
}

export function register(program: Command): void {
  program
    .command("worker")
    .description("Scan pre-audit jobs from Redis (BullMQ) on this machine and send the incidents to the main node")
    .option("-c, --config <file>", "deployment config (the same file as the main node's, on shared storage)", "config/demo.yaml")
    .option("--redis <url>", "Redis URL (default: the config's queue.redis)")
    .option("--concurrency <n>", "jobs scanned side by side on this machine", positive, 1)
    .option("--lock-ms <ms>", "a job not renewed this long is presumed dead and retried elsewhere", positive, 30_000)
    .action((options: WorkerOptions) => runWorker(options));
}
