// `kerbside user` as an operator runs it: passwords only through stdin, the
// accounts land in the deployment database, disable ends sessions, and bad
// input names the problem.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { openAccounts } from "../../src/accounts/open-accounts.js";
import { loadDeployment } from "../../src/config/load.js";
import { openDatabase } from "../../src/store/database.js";
import { tempDir } from "../footage/helpers.js";
import { DEPLOYMENT_YAML } from "./helpers.js";

let dir: string;
let cleanup: () => void;
let config: string;

beforeEach(() => {
  ({ dir, cleanup } = tempDir("user-cli"));
  config = path.join(dir, "kerbside.yaml");
  writeFileSync(config, stringify(DEPLOYMENT_YAML));
});
afterEach(() => cleanup());

function kerbside(args: string[], input = ""): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", "user", ...args, "--config", config], { input, encoding: "utf8", env: { ...process.env, KERBSIDE_LOG_LEVEL: "silent" }, timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("kerbside user", () => {
  it("adds, lists, changes passwords and disables accounts in the deployment database", async () => {
    const added = kerbside(["add", "wang.jing", "--role", "police", "--unit", "traffic_police", "--point", "J01", "--password-stdin"], "a long enough secret\n");
    expect(added.stderr).toBe("");
    expect(added.stdout).toMatch(/added wang\.jing\s+police/);
    const list = JSON.parse(kerbside(["list", "--json"]).stdout) as { users: { username: string; role: string; units: string[]; points: string[] }[] };
    expect(list.users).toEqual([expect.objectContaining({ username: "wang.jing", role: "police", units: ["traffic_police"], points: ["J01"] })]);
    expect(JSON.stringify(list)).not.toContain("secret");

    const deployment = loadDeployment(config);
    const db = openDatabase(path.join(deployment.storageDir, "kerbside.db"));
    try {
      const accounts = openAccounts(db, deployment);
      const { token } = await accounts.login("wang.jing", "a long enough secret", "127.0.0.1");
      expect(kerbside(["passwd", "wang.jing", "--password-stdin"], "another long secret\n").status).toBe(0);
      expect(accounts.sessions.resolve(token)).toBeUndefined();
      await expect(accounts.login("wang.jing", "a long enough secret", undefined)).rejects.toThrow(/wrong user name or password/);
      const second = await accounts.login("wang.jing", "another long secret", undefined);
      expect(kerbside(["disable", "wang.jing"]).stdout).toMatch(/disabled wang\.jing/);
      expect(accounts.sessions.resolve(second.token)).toBeUndefined();
      await expect(accounts.login("wang.jing", "another long secret", undefined)).rejects.toThrow(/wrong user name or password/);
      const actions = accounts.audit.list().map((e) => `${e.action} ${e.actor}`);
      expect(actions.some((a) => a.startsWith("user.add cli:"))).toBe(true);
      expect(actions.some((a) => a.startsWith("user.disable cli:"))).toBe(true);
    } finally {
      db.close();
    }
  });

  it("refuses short passwords, unknown roles and units, and police without a unit, naming the problem", () => {
    const short = kerbside(["add", "li", "--role", "viewer", "--password-stdin"], "short\n");
    expect(short.status).toBe(1);
    expect(short.stderr).toMatch(/KERB_ERR_USER: password: at least 12 characters/);
    expect(kerbside(["add", "li", "--role", "boss", "--password-stdin"], "long enough password\n").stderr).toMatch(/role "boss": expected one of admin, organiser/);
    expect(kerbside(["add", "li", "--role", "viewer", "--unit", "fire_brigade", "--password-stdin"], "long enough password\n").stderr).toMatch(/unit "fire_brigade" is not in the config/);
    expect(kerbside(["add", "li", "--role", "police", "--password-stdin"], "long enough password\n").stderr).toMatch(/police user needs at least one unit/);
    expect(kerbside(["add", "li", "--role", "viewer"], "").stderr).toMatch(/--password-stdin/);
  });
});
