// The API's defences on real files: evidence reached only by name from the
// incident's list (traversal attempts never return a file), HTTP Range on a
// real clip, session cookie attributes and expiry, login rate limits per
// address and per user name, foreign Origins refused, metrics only from
// loopback or with the token.
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import request from "supertest";
import { SessionStore } from "../../src/accounts/session-store.js";
import { digestFile } from "../../src/incidents/evidence-hash.js";
import { makeH264Clip } from "../footage/helpers.js";
import { PASSWORD, addAccounts, freshBoard, recordTwo, signedIn, type Board } from "./helpers.js";

let b: Board;
let ids: { police: string; enforcement: string };

async function attach(incidentId: string, kind: "crop" | "clip", source: (file: string) => void, name: string): Promise<void> {
  const dir = path.join(b.deployment.storageDir, "evidence", "J01", incidentId);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  source(file);
  const digest = await digestFile(file);
  b.store.addEvidence(incidentId, { kind, path: path.relative(b.deployment.storageDir, file), sha256: digest.sha256, bytes: digest.bytes, atMs: 0 });
}

beforeEach(async () => {
  b = freshBoard("safety");
  await addAccounts(b.ctx);
  ids = recordTwo(b.store);
  await attach(ids.police, "crop", (f) => copyFileSync("samples/pexels_double_decker_bus.jpg", f), "crop.jpg");
  await attach(ids.police, "clip", (f) => makeH264Clip(f, 3), "clip.mp4");
  writeFileSync(path.join(b.deployment.storageDir, "secret.txt"), "TOP-SECRET-CONTENT");
});
afterEach(() => b.cleanup());

describe("evidence downloads", () => {
  it("serves the incident's files by name, with Range for video", async () => {
    const police = await signedIn(b.board.app, "police");
    const crop = await police.get(`/api/incidents/${ids.police}/evidence/crop.jpg`).expect(200);
    expect(crop.headers["content-type"]).toBe("image/jpeg");
    const whole = await police.get(`/api/incidents/${ids.police}/evidence/clip.mp4`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    const part = await police.get(`/api/incidents/${ids.police}/evidence/clip.mp4`).set("Range", "bytes=100-199").buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => cb(null, Buffer.concat(chunks)));
    }).expect(206);
    expect(part.headers["content-range"]).toBe(`bytes 100-199/${(whole.body as Buffer).length}`);
    expect((part.body as Buffer).equals((whole.body as Buffer).subarray(100, 200))).toBe(true);
  });

  it("never returns a file for traversal attempts, absolute paths or NUL bytes", async () => {
    const admin = await signedIn(b.board.app, "admin");
    const attempts = [
      "..%2F..%2Fsecret.txt", "..%2F..%2F..%2Fkerbside.db", "%2E%2E%2F%2E%2E%2Fsecret.txt", "..%5C..%5Csecret.txt",
      encodeURIComponent(path.join(b.deployment.storageDir, "secret.txt")), "%2Fetc%2Fpasswd", "crop.jpg%00.txt", "crop.jpg%00", "clip.mp4%2F..%2F..%2Fsecret.txt",
    ];
    for (const name of attempts) {
      const res = await admin.get(`/api/incidents/${ids.police}/evidence/${name}`);
      expect(res.status, name).toBeGreaterThanOrEqual(400);
      expect(res.text, name).not.toContain("TOP-SECRET");
      expect(res.headers["content-type"], name).toMatch(/json/);
    }
    for (const raw of [`/api/incidents/${ids.police}/evidence/../../secret.txt`, `/api/incidents/${ids.police}/../../secret.txt`, "/api/../secret.txt"]) {
      const res = await admin.get(raw);
      expect(res.text, raw).not.toContain("TOP-SECRET");
    }
  });

  it("refuses another unit's evidence like a missing one", async () => {
    const enforcement = await signedIn(b.board.app, "enforcement");
    const res = await enforcement.get(`/api/incidents/${ids.police}/evidence/crop.jpg`).expect(404);
    expect(res.body.error.code).toBe("KERB_ERR_NOT_FOUND");
  });
});

describe("sessions and login", () => {
  it("ends a session after the idle limit and after the absolute limit", async () => {
    let now = 1_000_000;
    const sessions = new SessionStore(b.db, { idleMs: 60_000 * 10, maxMs: 60_000 * 60 }, () => now);
    const user = b.ctx.accounts.users.mustGetByName("police");
    const idle = sessions.create(user.id, "127.0.0.1").token;
    now += 60_000 * 11;
    expect(sessions.resolve(idle)).toBeUndefined();
    const busy = sessions.create(user.id, "127.0.0.1").token;
    for (let i = 0; i < 6; i++) {
      now += 60_000 * 9;
      expect(sessions.resolve(busy), `after ${(i + 1) * 9} min`).toBeDefined();
    }
    now += 60_000 * 9;
    expect(sessions.resolve(busy)).toBeUndefined();
  });

  it("sets an HttpOnly SameSite=Strict cookie and logs out", async () => {
    const res = await request(b.board.app).post("/api/login").send({ username: "police", password: PASSWORD }).expect(200);
    const cookie = String(res.headers["set-cookie"]);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/);
    const token = cookie.split(";")[0]!;
    await request(b.board.app).get("/api/me").set("Cookie", token).expect(200);
    await request(b.board.app).post("/api/logout").set("Cookie", token).expect(200);
    await request(b.board.app).get("/api/me").set("Cookie", token).expect(401);
    // a session token is 256 random bits (43 base64url characters), stored only hashed
    const raw = token.split("=")[1]!;
    expect(raw).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(raw, "base64url")).toHaveLength(32);
    const rows = b.db.prepare("SELECT token_hash FROM sessions").all() as { token_hash: string }[];
    expect(JSON.stringify(rows)).not.toContain(raw);
  });

  it("wrong passwords give KERB_ERR_LOGIN and are rate-limited per user name and per address", async () => {
    const wrong = await request(b.board.app).post("/api/login").send({ username: "police", password: "not the password" }).expect(401);
    expect(wrong.body.error.code).toBe("KERB_ERR_LOGIN");
    for (let i = 0; i < 4; i++) await request(b.board.app).post("/api/login").send({ username: "police", password: "nope nope nope" }).expect(401);
    const limited = await request(b.board.app).post("/api/login").send({ username: "police", password: PASSWORD }).expect(429);
    expect(limited.body.error.code).toBe("KERB_ERR_RATE_LIMITED");
    // another name from the same address still works until the address limit (20 failures, the 429 above included)
    await request(b.board.app).post("/api/login").send({ username: "enforcement", password: PASSWORD }).expect(200);
    for (let i = 0; i < 14; i++) await request(b.board.app).post("/api/login").send({ username: `nobody${i}`, password: "wrong wrong wrong" }).expect(401);
    await request(b.board.app).post("/api/login").send({ username: "admin", password: PASSWORD }).expect(429);
    const trail = b.ctx.accounts.audit.list({ action: "login.failed", limit: 100 });
    expect(trail.length).toBe(19);
  });

  it("refuses state-changing requests from a foreign Origin", async () => {
    const res = await request(b.board.app).post("/api/login").set("Origin", "https://evil.example").send({ username: "police", password: PASSWORD }).expect(403);
    expect(res.body.error.code).toBe("KERB_ERR_ORIGIN");
    const police = await signedIn(b.board.app, "police");
    await police.post(`/api/incidents/${ids.police}/acknowledge`).set("Origin", "https://evil.example").send({}).expect(403);
    const same = await police.post(`/api/incidents/${ids.police}/acknowledge`).set("Origin", "http://board.local").set("Host", "board.local").send({ note: "on my way" }).expect(200);
    expect(same.body.history.map((h: { action: string }) => h.action)).toContain("incident.acknowledge");
  });

  it("sends a strict CSP without inline scripts", async () => {
    const res = await request(b.board.app).get("/").expect(200);
    const csp = String(res.headers["content-security-policy"]);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("img-src 'self' data: blob:");
    expect(res.text).toContain("npm run build");
  });
});

describe("metrics", () => {
  it("answers loopback, refuses a forwarded request without the token", async () => {
    const res = await request(b.board.app).get("/metrics").expect(200);
    expect(res.text).toContain("kerbside_http_request_duration_seconds");
    expect(res.text).toContain("kerbside_socket_clients");
    await request(b.board.app).get("/metrics").set("X-Forwarded-For", "203.0.113.9").expect(403);
  });
});
