/**
 * The one root logger. Modules take a child with their own fields:
 *   const log = logger.child({ module: "recorder", point: point.id });
 * Levels: error = something was lost or a component stopped; warn = degraded
 * but recovering (camera offline, unreadable segment); info = lifecycle;
 * debug = per-segment/per-frame detail. Never log a camera URL unredacted:
 * use redactUrl() from footage/redact.ts.
 */
import { pino } from "pino";

export const logger = pino({
  level: process.env.KERBSIDE_LOG_LEVEL ?? (process.env.VITEST ? "silent" : "info"),
  base: undefined,
  redact: { paths: ["password", "*.password", "url", "*.url"], censor: "[redacted]" },
}, pino.destination(2));

export type Logger = typeof logger;
