// Passwords and accounts on a fresh SQLite file: scrypt with a per-user
// random salt (the same password never hashes alike), parameters kept with
// the hash, a tampered hash never verifies, only the hash is stored, short
// passwords are refused everywhere (CLI, API, first admin), and an unknown
// user name fails exactly like a wrong password.
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openAccounts } from "../../src/accounts/open-accounts.js";
import type { Accounts } from "../../src/accounts/accounts.js";
import { ensureFirstAdmin } from "../../src/accounts/bootstrap.js";
import { hashPassword, verifyPassword } from "../../src/accounts/password.js";
import { MIN_PASSWORD_LENGTH } from "../../src/accounts/types.js";
import { parseDeployment } from "../../src/config/load.js";
import { openDatabase, type Db } from "../../src/store/database.js";
import { tempDir } from "../footage/helpers.js";
import { DEPLOYMENT_YAML } from "../server/helpers.js";

let db: Db;
let accounts: Accounts;
let cleanup: () => void;

beforeEach(() => {
  const temp = tempDir("passwords");
  const deployment = parseDeployment(DEPLOYMENT_YAML, path.join(temp.dir, "kerbside.yaml"), {});
  db = openDatabase(path.join(deployment.storageDir, "kerbside.db"));
  accounts = openAccounts(db, deployment);
  cleanup = () => {
    db.close();
    temp.cleanup();
  };
});
afterEach(() => cleanup());

describe("password hashing", () => {
  it("uses scrypt with a fresh 16-byte salt each time and verifies only the right password", async () => {
    const a = await hashPassword("the same long password");
    const b = await hashPassword("the same long password");
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(Buffer.from(a.split("$")[4]!, "base64")).toHaveLength(16);
    expect(a.split("$")[4]).not.toBe(b.split("$")[4]);
    expect(a.split("$")[5]).not.toBe(b.split("$")[5]);
    expect(await verifyPassword("the same long password", a)).toBe(true);
    expect(await verifyPassword("the same long passworD", a)).toBe(false);
    // a tampered or truncated hash, or another scheme, never verifies
    const parts = a.split("$");
    const flipped = Buffer.from(parts[5]!, "base64");
    flipped[0] = flipped[0]! ^ 1;
    expect(await verifyPassword("the same long password", [...parts.slice(0, 5), flipped.toString("base64")].join("$"))).toBe(false);
    expect(await verifyPassword("the same long password", [...parts.slice(0, 5), flipped.subarray(0, 16).toString("base64")].join("$"))).toBe(false);
    expect(await verifyPassword("the same long password", `bcrypt$${parts.slice(1).join("$")}`)).toBe(false);
  });

  it("stores only the hash, refuses short passwords everywhere, and fails unknown names like wrong passwords", async () => {
    const short = "x".repeat(MIN_PASSWORD_LENGTH - 1);
    await expect(accounts.add({ username: "li", role: "viewer", password: short }, { username: null })).rejects.toThrow(/KERB_ERR_USER|at least 12 characters/);
    await expect(ensureFirstAdmin(accounts, { KERBSIDE_ADMIN_PASSWORD: short })).rejects.toThrow(/at least 12 characters/);
    await accounts.add({ username: "li", role: "viewer", password: "x".repeat(MIN_PASSWORD_LENGTH) }, { username: null });
    await expect(accounts.setPassword("li", short, { username: null })).rejects.toThrow(/at least 12 characters/);
    const rows = JSON.stringify(db.prepare("SELECT * FROM users").all());
    expect(rows).not.toContain("x".repeat(MIN_PASSWORD_LENGTH));
    expect(rows).toMatch(/scrypt\$/);
    const wrong = await accounts.login("li", "not the password at all", "10.0.0.1").catch((e: Error) => e);
    const unknown = await accounts.login("nobody", "not the password at all", "10.0.0.1").catch((e: Error) => e);
    expect([String(wrong), (wrong as { code?: string }).code]).toEqual([String(unknown), (unknown as { code?: string }).code]);
    expect((wrong as { code?: string }).code).toBe("KERB_ERR_LOGIN");
    const failed = accounts.audit.list({ action: "login.failed" });
    expect(failed.map((e) => [e.target, e.ip, e.detail?.reason])).toEqual([["user:nobody", "10.0.0.1", "unknown user"], ["user:li", "10.0.0.1", "wrong password"]]);
  });
});
