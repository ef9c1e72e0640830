/**
 * The deployment's Redis URL with `${NAME}` filled from the environment (a
 * password stays out of the YAML file and out of the process list), and
 * redacted for anything printed.
 */
import type { Deployment } from "../../config/schema.js";
import { expandEnv } from "../../config/env-vars.js";
import { KerbsideError } from "../../errors.js";
import { redactUrl } from "../../footage/redact.js";

export function deploymentRedisUrl(deployment: Pick<Deployment, "queue" | "file">, override?: string): string {
  const raw = override ?? deployment.queue.redis;
  if (raw === undefined) throw new KerbsideError("KERB_ERR_CONFIG", `${deployment.file}: queue.redis: a Redis URL is needed (queue.kind bullmq, or kerbside worker --redis URL)`);
  const { value, missing } = expandEnv(raw, process.env);
  if (missing.length > 0) throw new KerbsideError("KERB_ERR_CONFIG", `${deployment.file}: queue.redis: environment variable(s) ${missing.join(", ")} not set`);
  return value;
}

export function printableRedisUrl(url: string): string {
  return redactUrl(url);
}
