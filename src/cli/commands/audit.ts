/**
 * `kerbside audit`: what the inspectors would see in random clips of the last
 * 30 days, point by point, before they come.
 *   kerbside audit --config FILE [--point ID] [--from ISO --to ISO | --window-days 30] [--clip-min 10] [--seed N] [--json]
 */
import { InvalidArgumentError, type Command } from "commander";
import { auditJson } from "../../audit/audit-json.js";
import { formatAudit } from "../../audit/audit-text.js";
import { auditDeployment, defaultWindow } from "../../audit/deployment-audit.js";
import { openAuditStores } from "../../audit/audit-stores.js";
import { loadDeploymentLenient } from "../../config/load.js";
import { KerbsideError } from "../../errors.js";
import { parseCliTime } from "../../time/cli-time.js";

interface AuditCliOptions {
  config: string;
  point?: string;
  from?: string;
  to?: string;
  windowDays?: number;
  clipMin: number;
  seed: number;
  json?: boolean;
}

function bounded(flag: string, min: number, max: number, integer: boolean) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
      throw new InvalidArgumentError(`${flag} must be ${integer ? "a whole number" : "a number"} from ${min} to ${max}`);
    }
    return n;
  };
}

export function register(program: Command): void {
  program
    .command("audit")
    .description("Pre-audit: per point, the chance that an inspector's random clip shows a violation or has no footage; rankings and a mock inspection")
    .requiredOption("-c, --config <file>", "deployment config")
    .option("-p, --point <id>", "only this point")
    .option("--from <iso>", "window start (with --to; without an offset: deployment-local time)")
    .option("--to <iso>", "window end, exclusive")
    .option("--window-days <n>", "window: the last N days up to now (default retentionDays)", bounded("--window-days", 1, 365, true))
    .option("--clip-min <n>", "inspection clip length in minutes", bounded("--clip-min", 0.1, 1440, false), 10)
    .option("--seed <n>", "seed of the mock inspection's draw", bounded("--seed", 0, 2 ** 32 - 1, true), 1)
    .option("--json", "print one JSON document")
    .action(async (opts: AuditCliOptions) => {
      const { deployment } = loadDeploymentLenient(opts.config);
      const nowMs = Date.now();
      const window = windowOf(opts, deployment.timezone, () => defaultWindow(deployment, nowMs, opts.windowDays));
      const stores = openAuditStores(deployment);
      try {
        const audit = await auditDeployment(deployment, stores, { pointIds: opts.point ? [opts.point] : undefined, window, clipMin: opts.clipMin, seed: opts.seed }, nowMs);
        const doc = auditJson(audit, deployment.timezone, new Map(deployment.points.map((p) => [p.id, p.name])));
        process.stdout.write(`${opts.json ? JSON.stringify(doc, null, 2) : formatAudit(doc)}\n`);
      } finally {
        stores.close();
      }
    });
}

function windowOf(opts: AuditCliOptions, timeZone: string, fallback: () => { fromMs: number; toMs: number }) {
  if ((opts.from === undefined) !== (opts.to === undefined)) throw new KerbsideError("KERB_ERR_CONFIG", "--from and --to go together");
  if (opts.from === undefined || opts.to === undefined) return fallback();
  if (opts.windowDays !== undefined) throw new KerbsideError("KERB_ERR_CONFIG", "give --from/--to or --window-days, not both");
  const fromMs = parseCliTime(opts.from, timeZone, "--from");
  const toMs = parseCliTime(opts.to, timeZone, "--to");
  if (fromMs >= toMs) throw new KerbsideError("KERB_ERR_CONFIG", `--from "${opts.from}" is not before --to "${opts.to}"`);
  return { fromMs, toMs };
}
