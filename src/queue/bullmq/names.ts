/**
 * Redis names of the BullMQ queues Kerbside uses. A pre-audit request is a
 * flow: a parent job in `<prefix>-preaudit` whose children, one per point and
 * day, wait in `<prefix>-scan` for any `kerbside worker`. What workers find
 * comes back to the main node through `<prefix>-results`.
 */
export interface QueueNames {
  requests: string;
  scans: string;
  results: string;
}

export function queueNames(prefix = "kerbside"): QueueNames {
  return { requests: `${prefix}-preaudit`, scans: `${prefix}-scan`, results: `${prefix}-results` };
}

/** BullMQ ids may not contain ':'; point ids and days never need one. */
export function scanJobId(requestId: string, pointId: string, day: string): string {
  return `${requestId}~${pointId.replaceAll(":", "_")}~${day}`;
}

/** A Redis URL as ioredis connection options, with BullMQ's required `maxRetriesPerRequest: null` for workers. */
export function redisConnection(url: string): { host: string; port: number; password?: string; username?: string; db?: number; maxRetriesPerRequest: null } {
  const u = new URL(url);
  if (u.protocol !== "redis:") throw new Error(`expected a redis:// URL, got ${u.protocol}`);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined;
  return {
    host: u.hostname || "127.0.0.1",
    port: u.port ? Number(u.port) : 6379,
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(db !== undefined && Number.isInteger(db) ? { db } : {}),
    maxRetriesPerRequest: null,
  };
}
