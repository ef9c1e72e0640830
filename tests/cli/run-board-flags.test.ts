// `kerbside run`'s board flags as an operator uses them, on a real process:
// the first start creates `admin` with a random password printed once (it
// signs in), a later start prints no account; binding a non-loopback address
// without an https publicUrl warns, loopback or an https publicUrl does not;
// --no-board serves nothing; KERBSIDE_ADMIN_PASSWORD is used, never printed.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openAccounts } from "../../src/accounts/open-accounts.js";
import { loadDeployment } from "../../src/config/load.js";
import { openDatabase } from "../../src/store/database.js";
import { tempDir } from "../footage/helpers.js";

const fixture = tempDir("run-board-flags");
afterAll(() => fixture.cleanup());

function deploymentDir(name: string, board = ""): string {
  const dir = path.join(fixture.dir, name);
  mkdirSync(path.join(dir, "archive"), { recursive: true });
  writeFileSync(path.join(dir, "kerbside.yaml"), `
name: flags test
timezone: Asia/Shanghai
storageDir: ./data
units:
  - { id: traffic_police, name: 交警大队 }
${board}
points:
  - id: A01
    name: 档案点位
    category: main_road
    units: [traffic_police]
    source: { kind: archive, dir: ./archive }
    zones:
      - { id: z, kind: no_parking, polygon: [[0, 0], [1, 0], [1, 1]] }
`);
  return dir;
}

/** `kerbside run --for 1 …` on the deployment; resolves with what it printed. */
function run(dir: string, flags: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve("src/cli/main.ts"), "run", "--config", path.join(dir, "kerbside.yaml"), "--for", "1", ...flags], {
    env: { ...process.env, KERBSIDE_LOG_LEVEL: "warn", KERBSIDE_ADMIN_PASSWORD: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, stdout, stderr })));
}

async function signsIn(dir: string, username: string, password: string): Promise<boolean> {
  const deployment = loadDeployment(path.join(dir, "kerbside.yaml"));
  const db = openDatabase(path.join(deployment.storageDir, "kerbside.db"));
  try {
    await openAccounts(db, deployment).login(username, password, "127.0.0.1");
    return true;
  } catch {
    return false;
  } finally {
    db.close();
  }
}

const WARNING = /warning: the board listens on 0\.0\.0\.0 without TLS in front/;

describe("kerbside run: board flags and first accounts", () => {
  it("first start prints admin's random password once; non-loopback without TLS warns; --no-board serves nothing", async () => {
    const dir = deploymentDir("plain");
    const first = await run(dir, ["--host", "0.0.0.0", "--port", "0"]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(WARNING);
    expect(first.stdout).toMatch(/^Board: http:\/\/0\.0\.0\.0:\d+$/m);
    const password = /^\s+admin\s+admin\s+(\S+)$/m.exec(first.stdout)?.[1];
    expect(password, first.stdout).toBeDefined();
    expect(password!.length).toBeGreaterThanOrEqual(12);
    expect(await signsIn(dir, "admin", password!)).toBe(true);

    const second = await run(dir, ["--port", "0"]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/^Board: http:\/\/127\.0\.0\.1:\d+$/m);
    expect(second.stdout).not.toContain("Accounts created");
    expect(second.stdout).not.toContain(password);
    expect(second.stderr).not.toMatch(/warning: the board listens/);

    const off = await run(dir, ["--no-board", "--port", "0"]);
    expect(off.code, off.stderr).toBe(0);
    expect(off.stdout).not.toContain("Board:");
    expect(off.stdout).toContain("A01");
  });

  it("takes KERBSIDE_ADMIN_PASSWORD without printing it; no warning behind an https publicUrl; the host from the config", async () => {
    const dir = deploymentDir("proxied", "board: { host: 0.0.0.0, port: 0, publicUrl: https://board.example.gov.cn }");
    const secret = "admin password from the environment";
    const res = await run(dir, ["--port", "0"], { KERBSIDE_ADMIN_PASSWORD: secret });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^Board: http:\/\/0\.0\.0\.0:\d+ \(public: https:\/\/board\.example\.gov\.cn\)$/m);
    expect(res.stdout).toMatch(/admin\s+admin\s+\(KERBSIDE_ADMIN_PASSWORD\)/);
    expect(`${res.stdout}${res.stderr}`).not.toContain(secret);
    expect(res.stderr).not.toMatch(/warning: the board listens/);
    expect(await signsIn(dir, "admin", secret)).toBe(true);
  });
});
