/**
 * `kerbside user`: board accounts in the deployment database.
 *   kerbside user add NAME --role ROLE [--unit ID]... [--point ID]... [--password-stdin]
 *   kerbside user passwd NAME [--password-stdin]
 *   kerbside user list [--json]
 *   kerbside user disable NAME
 * Passwords never go on the command line: stdin or a hidden prompt. Changes
 * are recorded in the audit trail (actor: the OS user, "cli:<name>"); they
 * end the user's sessions, and a running board cuts their sockets within seconds.
 */
import os from "node:os";
import type { Command } from "commander";
import { openAccounts } from "../../accounts/open-accounts.js";
import type { Accounts, Actor } from "../../accounts/accounts.js";
import { ROLES, type Role, type User } from "../../accounts/types.js";
import { databasePath } from "../../config/paths.js";
import { loadDeployment } from "../../config/load.js";
import { openDatabase } from "../../store/database.js";
import { readPassword } from "../read-password.js";

const DEFAULT_CONFIG = "config/demo.yaml";
const collect = (value: string, previous: string[]): string[] => [...previous, value];

interface Common {
  config: string;
}

async function withAccounts<T>(options: Common, work: (accounts: Accounts, actor: Actor) => Promise<T> | T): Promise<T> {
  const deployment = loadDeployment(options.config);
  const db = openDatabase(databasePath(deployment));
  try {
    return await work(openAccounts(db, deployment), { username: `cli:${os.userInfo().username}`, ip: null });
  } finally {
    db.close();
  }
}

function line(user: User): string {
  const scope = [user.units.length ? `units ${user.units.join(",")}` : "", user.points.length ? `points ${user.points.join(",")}` : ""].filter(Boolean).join("; ");
  return `${user.username.padEnd(20)} ${user.role.padEnd(12)} ${user.disabled ? "disabled" : "active  "} ${scope}`;
}

export function register(program: Command): void {
  const user = program.command("user").description("Board accounts: add, passwd, list, disable");
  user
    .command("add <name>")
    .description(`Add an account (roles: ${ROLES.join(", ")})`)
    .requiredOption("--role <role>", "admin | organiser | police | enforcement | viewer")
    .option("--unit <id>", "a unit of the config (repeat)", collect, [])
    .option("--point <id>", "limit to this point (repeat)", collect, [])
    .option("--password-stdin", "read the password from stdin")
    .option("-c, --config <file>", "deployment config", DEFAULT_CONFIG)
    .action(async (name: string, o: Common & { role: string; unit: string[]; point: string[]; passwordStdin?: boolean }) => {
      const password = await readPassword(o.passwordStdin === true);
      const added = await withAccounts(o, (a, actor) => a.add({ username: name, role: o.role as Role, units: o.unit, points: o.point, password }, actor));
      process.stdout.write(`added ${line(added)}\n`);
    });
  user
    .command("passwd <name>")
    .description("Set a password (ends the user's sessions)")
    .option("--password-stdin", "read the password from stdin")
    .option("-c, --config <file>", "deployment config", DEFAULT_CONFIG)
    .action(async (name: string, o: Common & { passwordStdin?: boolean }) => {
      const password = await readPassword(o.passwordStdin === true);
      await withAccounts(o, (a, actor) => a.setPassword(name, password, actor));
      process.stdout.write(`password of ${name} changed; their sessions ended\n`);
    });
  user
    .command("list")
    .description("List accounts")
    .option("--json", "one JSON document")
    .option("-c, --config <file>", "deployment config", DEFAULT_CONFIG)
    .action(async (o: Common & { json?: boolean }) => {
      const users = await withAccounts(o, (a) => a.users.list());
      process.stdout.write(o.json ? `${JSON.stringify({ users }, null, 2)}\n` : `${users.map(line).join("\n")}${users.length ? "\n" : "no accounts yet (the first `kerbside run` creates admin)\n"}`);
    });
  user
    .command("disable <name>")
    .description("Disable an account: its sessions end and its sockets are cut")
    .option("-c, --config <file>", "deployment config", DEFAULT_CONFIG)
    .action(async (name: string, o: Common) => {
      const disabled = await withAccounts(o, (a, actor) => a.disable(name, actor));
      process.stdout.write(`disabled ${line(disabled)}\n`);
    });
}
