/**
 * `queue:` in the deployment config: where on-demand pre-audit scans run.
 * `local` (the embedded default) runs them in this process from a SQLite
 * queue; `bullmq` puts them on Redis for `kerbside worker` processes on any
 * number of machines, which read the footage from storage every node mounts.
 */
import { z } from "zod";

export const QueueSettingsSchema = z
  .strictObject({
    kind: z.enum(["local", "bullmq"]).default("local").describe("local: in-process (default); bullmq: Redis and kerbside worker processes"),
    redis: z.string().regex(/^redis:\/\//, "expected a redis:// URL").optional()
      .describe("Redis URL for kind bullmq, e.g. redis://10.0.0.5:6379; a password as ${REDIS_PASSWORD} is filled from the environment"),
    prefix: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, "letters, digits, _ and - only").default("kerbside")
      .describe("Queue name prefix: one per deployment sharing a Redis (default kerbside)"),
  })
  .refine((q) => q.kind !== "bullmq" || q.redis !== undefined, { message: "kind bullmq needs a redis URL", path: ["redis"] });

export const DEFAULT_QUEUE_SETTINGS = { kind: "local", prefix: "kerbside" } as const;

export type QueueSettings = z.infer<typeof QueueSettingsSchema>;
