/**
 * The board part of `kerbside run`: when to serve it, starting it beside the
 * service, and what to print (URL, accounts created at this start, a warning
 * when it is reachable from other hosts without TLS in front).
 */
import type { Deployment } from "../../config/schema.js";
import type { CreatedAccount } from "../../accounts/bootstrap.js";
import type { KerbsideService } from "../../service/kerbside-service.js";
import type { BoardMetrics } from "../../server/metrics/board-metrics.js";
import { startServiceBoard, type ServiceBoard } from "../../server/service-board.js";

export interface BoardFlags {
  /** false with --no-board */
  board: boolean;
  host?: string;
  port?: number;
  once?: boolean;
  for?: number;
}

/** Long-running runs serve the board; --once never; --for only when --host or --port asks for it. */
export function wantsBoard(flags: BoardFlags): boolean {
  if (!flags.board || flags.once) return false;
  if (flags.for !== undefined) return flags.host !== undefined || flags.port !== undefined;
  return true;
}

export function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\./.test(host);
}

export async function startBoard(service: KerbsideService, deployment: Deployment, flags: BoardFlags, metrics: BoardMetrics): Promise<ServiceBoard> {
  const host = flags.host ?? deployment.board.host;
  const board = await startServiceBoard(service, deployment, { host, port: flags.port ?? deployment.board.port, metrics });
  if (!isLoopbackHost(host) && !deployment.board.publicUrl?.startsWith("https:")) {
    process.stderr.write(
      `kerbside: warning: the board listens on ${host} without TLS in front: passwords and session cookies cross the network in clear. ` +
        "Put a TLS reverse proxy in front (README: Board → TLS) and set board.publicUrl to its https:// URL.\n",
    );
  }
  return board;
}

export function boardBanner(board: ServiceBoard, deployment: Deployment): string {
  const lines = [`Board: ${board.url}${deployment.board.publicUrl ? ` (public: ${deployment.board.publicUrl})` : ""}`];
  if (board.created.length > 0) lines.push(...accountLines(board.created, deployment));
  return `${lines.join("\n")}\n`;
}

function accountLines(accounts: CreatedAccount[], deployment: Deployment): string[] {
  const lines = ["Accounts created at this start (passwords shown only now):"];
  for (const a of accounts) lines.push(`  ${a.username.padEnd(18)} ${a.role.padEnd(12)} ${a.password}${a.units.length ? `  units: ${a.units.join(", ")}` : ""}`);
  if (deployment.board.demoAccounts) lines.push("  (demo accounts: board.demoAccounts is for demos only; their passwords change at every start)");
  return lines;
}
