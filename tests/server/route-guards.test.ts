// Every route of the OpenAPI document (so every route express serves, see
// openapi.test.ts), walked rather than listed by hand: each one that is not
// public refuses a request without a session; each incident route refuses
// police asking for an enforcement incident (while enforcement gets an answer
// from the same route), each point route refuses a user limited to another
// point, and the organiser/admin routes refuse police.
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import request from "supertest";
import type TestAgent from "supertest/lib/agent.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { digestFile } from "../../src/incidents/evidence-hash.js";
import { addAccounts, freshBoard, recordTwo, signedIn, type Board } from "./helpers.js";

type Method = "get" | "post" | "put" | "patch" | "delete";
interface Operation {
  method: Method;
  /** OpenAPI path, e.g. /api/incidents/{id} */
  path: string;
  tags: string[];
  isPublic: boolean;
}

const JPEG = readFileSync("samples/pexels_double_decker_bus.jpg");
let b: Board;
let ids: { police: string; enforcement: string };

function operations(): Operation[] {
  const doc = b.board.document() as unknown as { paths: Record<string, Record<string, { tags?: string[]; security?: unknown[] }>> };
  return Object.entries(doc.paths).flatMap(([p, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ method: method as Method, path: p, tags: op.tags ?? [], isPublic: (op.security ?? []).length === 0 })),
  );
}

/** The path with each {param} filled in: `values` first, then a harmless default. */
function fill(p: string, values: Record<string, string> = {}): string {
  const defaults: Record<string, string> = { id: "1", name: p.startsWith("/api/reports/") ? "report.json" : "crop.jpg", username: "police", point: "J01", date: "2026-12-08" };
  return p.replace(/\{(\w+)\}/g, (_m, key: string) => encodeURIComponent(values[key] ?? defaults[key] ?? "x"));
}

/** Bodies the routes validate, so a refusal is about who asks, not about the body. */
const BODIES: Record<string, object> = {
  "post /api/incidents/{id}/actions": { action: "file" },
  "post /api/users": { username: "newcomer", role: "viewer", password: "a long enough password" },
  "patch /api/users/{username}": { disabled: true },
  "put /api/users/{username}/password": { password: "a long enough password" },
  "post /api/audit/jobs": { points: ["J01"], from: "2026-12-08", to: "2026-12-08" },
  "post /api/reports": { date: "2026-12-08" },
};

/** Queries the routes require. */
const QUERIES: Record<string, object> = { "get /api/audit/footage/{point}/{name}/preview": { start: 0, duration: 5 } };

/** A request a route would accept from someone in scope. */
function send(agent: TestAgent | ReturnType<typeof request>, op: Operation, url: string) {
  const req = agent[op.method](url).query(QUERIES[`${op.method} ${op.path}`] ?? {});
  if (op.path.endsWith("/photos")) return req.set("Content-Type", "image/jpeg").send(JPEG);
  return op.method === "get" || op.method === "delete" ? req : req.send(BODIES[`${op.method} ${op.path}`] ?? {});
}

beforeEach(async () => {
  b = freshBoard("guards");
  await addAccounts(b.ctx);
  ids = recordTwo(b.store);
  // a real file in the enforcement incident's evidence, so its evidence routes have something to refuse
  const dir = path.join(b.deployment.storageDir, "evidence", "M01", ids.enforcement);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "crop.jpg");
  copyFileSync("samples/pexels_double_decker_bus.jpg", file);
  const digest = await digestFile(file);
  b.store.addEvidence(ids.enforcement, { kind: "crop", path: path.relative(b.deployment.storageDir, file), sha256: digest.sha256, bytes: digest.bytes, atMs: 0 });
});
afterEach(() => b.cleanup());

describe("every route", () => {
  it("refuses a request without a session (401 KERB_ERR_AUTH), except the public ones", async () => {
    const all = operations();
    const guarded = all.filter((op) => !op.isPublic);
    expect(all.filter((op) => op.isPublic).map((op) => `${op.method} ${op.path}`).sort()).toEqual(["get /api/healthz", "get /api/openapi.json", "get /metrics", "post /api/login"]);
    expect(guarded.length).toBeGreaterThan(25);
    for (const op of guarded) {
      const res = await send(request(b.board.app), op, fill(op.path, { id: ids.police }));
      expect(res.status, `${op.method} ${op.path}`).toBe(401);
      expect(res.body.error?.code, `${op.method} ${op.path}`).toBe("KERB_ERR_AUTH");
    }
  });

  it("incident routes: police get 404 for an enforcement incident on every one, enforcement get an answer", async () => {
    const incidentRoutes = operations().filter((op) => op.path.startsWith("/api/incidents/{id}"));
    expect(incidentRoutes.map((op) => `${op.method} ${op.path}`).sort()).toEqual([
      "get /api/incidents/{id}", "get /api/incidents/{id}/evidence/{name}", "post /api/incidents/{id}/acknowledge",
      "post /api/incidents/{id}/actions", "post /api/incidents/{id}/evidence/{name}/verify", "post /api/incidents/{id}/photos",
    ]);
    const police = await signedIn(b.board.app, "police");
    const enforcement = await signedIn(b.board.app, "enforcement");
    for (const op of incidentRoutes) {
      const url = fill(op.path, { id: ids.enforcement });
      const refused = await send(police, op, url);
      const missing = await send(police, op, fill(op.path, { id: "M01-20261208000000-nothing-1" }));
      expect([refused.status, refused.body.error?.code], `police ${op.method} ${op.path}`).toEqual([404, "KERB_ERR_NOT_FOUND"]);
      // answered exactly like an incident that does not exist (its id aside, which the asker sent)
      expect(refused.body.error.message.replace(ids.enforcement, "?"), op.path).toBe(missing.body.error.message.replace("M01-20261208000000-nothing-1", "?"));
      expect(refused.text).not.toContain("解放路");
      // the same route finds the incident for its unit (the workflow may still refuse the action itself)
      const answered = await send(enforcement, op, url);
      expect(answered.status, `enforcement ${op.method} ${op.path}: ${String(answered.text ?? "").slice(0, 200)}`).not.toBe(404);
      if (op.method === "get") expect(answered.status, op.path).toBe(200);
    }
    // nothing the refused requests tried reached the incident's history
    const trail = b.ctx.accounts.audit.list({ target: `incident:${ids.enforcement}` });
    expect(trail.every((e) => e.actor === "enforcement"), JSON.stringify(trail)).toBe(true);
  });

  it("point routes: a user limited to J01 gets 404 for M01 on every one, like a point that does not exist", async () => {
    const pointRoutes = operations().filter((op) => op.path.startsWith("/api/points/{id}"));
    expect(pointRoutes.length).toBeGreaterThanOrEqual(3);
    const limited = await signedIn(b.board.app, "j01only");
    const admin = await signedIn(b.board.app, "admin");
    for (const op of pointRoutes) {
      const refused = await send(limited, op, fill(op.path, { id: "M01" }));
      const missing = await send(limited, op, fill(op.path, { id: "X99" }));
      expect([refused.status, refused.body.error?.code], `${op.method} ${op.path}`).toEqual([404, "KERB_ERR_NOT_FOUND"]);
      expect(refused.body.error.message.replace("M01", "X99")).toBe(missing.body.error.message);
      expect(refused.text).not.toContain("解放路");
    }
    // the same point exists for a user who may see it (frame.jpg has no frame yet, so only the JSON routes)
    await admin.get("/api/points/M01").expect(200);
    await admin.get("/api/points/M01/health").expect(200);
    await limited.get("/api/points/J01/health").expect(200);
  });

  it("user, audit-trail, pre-audit and report routes refuse police (403 KERB_ERR_FORBIDDEN)", async () => {
    const restricted = operations().filter((op) => !op.isPublic && op.tags.some((t) => ["users", "audit-trail", "audit", "reports"].includes(t)));
    expect(restricted.length).toBeGreaterThan(10);
    const police = await signedIn(b.board.app, "police");
    const answers = [];
    for (const op of restricted) {
      const res = await send(police, op, fill(op.path));
      answers.push(`${op.method} ${op.path} ${res.status} ${res.body.error?.code}`);
    }
    expect(answers.filter((a) => !a.endsWith(" 403 KERB_ERR_FORBIDDEN"))).toEqual([]);
    // the refused changes did not happen
    expect(b.ctx.accounts.users.byName("newcomer")).toBeUndefined();
    expect(b.ctx.accounts.users.mustGetByName("police").disabled).toBe(false);
  });

  it("county-wide routes (users, audit trail, daily reports) refuse admins and organisers limited to points; their pages stay scoped", async () => {
    for (const [username, role] of [["adminJ01", "admin"], ["organiserJ01", "organiser"]] as const) {
      await b.ctx.accounts.add({ username, role, points: ["J01"], password: "a long enough password" }, { username: null });
    }
    const county = operations().filter((op) => op.tags.some((t) => ["users", "audit-trail", "reports"].includes(t)));
    expect(county.length).toBeGreaterThanOrEqual(8);
    for (const username of ["adminJ01", "organiserJ01"]) {
      const limited = await signedIn(b.board.app, username, "a long enough password");
      const answers = [];
      for (const op of county) answers.push(`${op.method} ${op.path} ${(await send(limited, op, fill(op.path))).status}`);
      expect(answers.filter((a) => !a.endsWith(" 403")), username).toEqual([]);
      const me = (await limited.get("/api/me").expect(200)).body;
      expect(me.can, username).toEqual({ manageUsers: false, readAuditTrail: false, organiserPages: true, dailyReports: false });
      const audit = await limited.get("/api/audit/points").expect(200);
      expect(audit.body.points.map((p: { id: string }) => p.id)).toEqual(["J01"]);
      expect(audit.text).not.toMatch(/M01|解放路/);
    }
    expect(b.ctx.accounts.users.byName("newcomer")).toBeUndefined();
    const admin = await signedIn(b.board.app, "admin");
    expect((await admin.get("/api/me").expect(200)).body.can).toEqual({ manageUsers: true, readAuditTrail: true, organiserPages: true, dailyReports: true });
  });
});
