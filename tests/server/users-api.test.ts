// Accounts over the admin API, as `kerbside user` does them from the shell:
// add, list (never a hash), change role or scope, set a password, disable;
// every change that alters someone's rights ends their sessions at once, is
// checked against the deployment (KERB_ERR_USER naming the field) and lands
// in the audit trail with the admin's name and address. Viewers act on nothing.
import request from "supertest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PASSWORD, addAccounts, freshBoard, recordTwo, signedIn, type Board } from "./helpers.js";

let b: Board;
let ids: { police: string; enforcement: string };

beforeEach(async () => {
  b = freshBoard("users-api");
  await addAccounts(b.ctx);
  ids = recordTwo(b.store);
});
afterEach(() => b.cleanup());

describe("/api/users", () => {
  it("adds, lists, re-scopes, sets passwords and disables, ending sessions each time, all audited", async () => {
    const admin = await signedIn(b.board.app, "admin");
    const added = await admin.post("/api/users").send({ username: "zhao.min", role: "police", units: ["traffic_police"], points: ["J01"], password: "zhao's long password" }).expect(201);
    expect(added.body).toMatchObject({ username: "zhao.min", role: "police", units: ["traffic_police"], points: ["J01"], disabled: false });
    const list = await admin.get("/api/users").expect(200);
    expect(list.body.users.map((u: { username: string }) => u.username)).toContain("zhao.min");
    expect(list.text).not.toMatch(/scrypt|password/i);

    // a role or scope change ends the user's session at once
    let zhao = await signedIn(b.board.app, "zhao.min", "zhao's long password");
    await zhao.get("/api/me").expect(200);
    await admin.patch("/api/users/zhao.min").send({ role: "viewer", units: ["urban_management"], points: [] }).expect(200);
    expect((await zhao.get("/api/me").expect(401)).body.error.code).toBe("KERB_ERR_AUTH");
    zhao = await signedIn(b.board.app, "zhao.min", "zhao's long password");
    expect((await zhao.get("/api/me").expect(200)).body.user).toMatchObject({ role: "viewer", units: ["urban_management"], points: [] });

    // a new password ends it too, and only the new one signs in
    await admin.put("/api/users/zhao.min/password").send({ password: "zhao's new long password" }).expect(200);
    await zhao.get("/api/me").expect(401);
    await request(b.board.app).post("/api/login").send({ username: "zhao.min", password: "zhao's long password" }).expect(401);
    zhao = await signedIn(b.board.app, "zhao.min", "zhao's new long password");

    // disabled: the session ends and signing in fails like a wrong password
    await admin.patch("/api/users/zhao.min").send({ disabled: true }).expect(200);
    await zhao.get("/api/me").expect(401);
    const refused = await request(b.board.app).post("/api/login").send({ username: "zhao.min", password: "zhao's new long password" }).expect(401);
    expect(refused.body.error.code).toBe("KERB_ERR_LOGIN");

    const trail = (await admin.get("/api/audit-trail?limit=1000").expect(200)).body.entries as { actor: string | null; action: string; target: string; ip: string | null }[];
    const changes = trail.filter((e) => e.target === "user:zhao.min" && e.action.startsWith("user.")).map((e) => `${e.action} by ${e.actor}`).reverse();
    expect(changes).toEqual(["user.add by admin", "user.update by admin", "user.passwd by admin", "user.disable by admin"]);
    expect(trail.filter((e) => e.target === "user:zhao.min").every((e) => e.ip !== null && /127\.0\.0\.1/.test(e.ip))).toBe(true);
    expect(trail.some((e) => e.action === "login.failed" && e.target === "user:zhao.min")).toBe(true);
  });

  it("checks changes against the deployment, naming the field", async () => {
    const admin = await signedIn(b.board.app, "admin");
    const cases: [string, () => request.Test, RegExp][] = [
      ["short password", () => admin.post("/api/users").send({ username: "li", role: "viewer", password: "short" }), /password: at least 12/],
      ["unknown unit", () => admin.post("/api/users").send({ username: "li", role: "viewer", units: ["fire_brigade"], password: PASSWORD }), /unit "fire_brigade"/],
      ["unknown point", () => admin.patch("/api/users/police").send({ points: ["Z99"] }), /point "Z99"/],
      ["police without unit", () => admin.patch("/api/users/police").send({ units: [] }), /needs at least one unit/],
      ["duplicate", () => admin.post("/api/users").send({ username: "POLICE", role: "viewer", password: PASSWORD }), /already exists/],
      ["unknown user", () => admin.put("/api/users/nobody/password").send({ password: PASSWORD }), /no user named nobody/],
    ];
    for (const [what, send, message] of cases) {
      const res = await send();
      expect([res.status, res.body.error?.code], what).toEqual([400, "KERB_ERR_USER"]);
      expect(res.body.error.message, what).toMatch(message);
    }
    // and a refused change changed nothing
    expect(b.ctx.accounts.users.mustGetByName("police")).toMatchObject({ units: ["traffic_police"], points: [] });
  });

  it("viewers read but act on nothing", async () => {
    const viewer = await signedIn(b.board.app, "viewer");
    await viewer.get(`/api/incidents/${ids.enforcement}`).expect(200);
    const acknowledge = await viewer.post(`/api/incidents/${ids.enforcement}/acknowledge`).send({});
    const action = await viewer.post(`/api/incidents/${ids.enforcement}/actions`).send({ action: "file" });
    expect([acknowledge.status, action.status]).toEqual([403, 403]);
    expect(b.ctx.accounts.audit.list({ target: `incident:${ids.enforcement}` })).toEqual([]);
  });
});
