// The board behind a TLS reverse proxy (board.publicUrl https, trustProxy):
// the session cookie gets Secure, HSTS and upgrade-insecure-requests are
// sent, the Origin check accepts the public origin and refuses others, and
// /metrics from another host needs the configured bearer token (every metric
// the board promises is in it).
import request from "supertest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildApp, type BoardApp } from "../../src/server/app.js";
import { NO_PUSH } from "../../src/server/sockets/push.js";
import { tempDir } from "../footage/helpers.js";
import { DEPLOYMENT_YAML, PASSWORD, addAccounts, readContext } from "./helpers.js";

const PUBLIC = "https://board.example.gov.cn";
const TOKEN = "metrics-token-of-the-test-0123";
let app: BoardApp["app"];
let cleanup: () => void;

beforeEach(async () => {
  const temp = tempDir("https-board");
  const parts = readContext(temp.dir, { ...DEPLOYMENT_YAML, board: { publicUrl: PUBLIC, trustProxy: true, metricsToken: TOKEN } });
  await addAccounts(parts.read);
  app = buildApp({ ...parts.read, push: NO_PUSH }).app;
  cleanup = () => {
    parts.cleanup();
    temp.cleanup();
  };
});
afterEach(() => cleanup());

describe("the board behind https", () => {
  it("sets a Secure HttpOnly SameSite=Strict cookie, HSTS and upgrade-insecure-requests", async () => {
    const res = await request(app).post("/api/login").set("Origin", PUBLIC).send({ username: "police", password: PASSWORD }).expect(200);
    const cookie = String(res.headers["set-cookie"]);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(res.headers["strict-transport-security"]).toMatch(/max-age=31536000/);
    expect(String(res.headers["content-security-policy"])).toContain("upgrade-insecure-requests");
    const logout = await request(app).post("/api/logout").set("Cookie", cookie.split(";")[0]!).set("Origin", PUBLIC).expect(200);
    expect(String(logout.headers["set-cookie"])).toMatch(/Max-Age=0.*Secure|Secure.*Max-Age=0/);
  });

  it("accepts state changes from the public origin only", async () => {
    for (const origin of ["https://evil.example", "http://board.example.gov.cn", "https://board.example.gov.cn.evil.example"]) {
      const res = await request(app).post("/api/login").set("Origin", origin).send({ username: "police", password: PASSWORD });
      expect([res.status, res.body.error?.code], origin).toEqual([403, "KERB_ERR_ORIGIN"]);
    }
  });

  it("serves /metrics to another host only with the bearer token, with every promised metric", async () => {
    // behind the proxy the TCP peer is loopback; the forwarded client is not
    const remote = () => request(app).get("/metrics").set("X-Forwarded-For", "203.0.113.9");
    expect((await remote().expect(403)).body.error.code).toBe("KERB_ERR_FORBIDDEN");
    await remote().set("Authorization", `Bearer ${TOKEN.slice(0, -1)}x`).expect(403);
    await remote().set("Authorization", `Bearer ${TOKEN}-longer`).expect(403);
    const res = await remote().set("Authorization", `Bearer ${TOKEN}`).expect(200);
    expect(res.headers["content-type"]).toMatch(/^text\/plain/);
    for (const name of [
      "kerbside_frames_scanned_total", "kerbside_scan_lag_seconds", "kerbside_detector_ms", "kerbside_incidents_created_total",
      "kerbside_camera_state", "kerbside_socket_clients", "kerbside_http_request_duration_seconds",
    ]) {
      expect(res.text, name).toContain(`# HELP ${name} `);
    }
    expect(res.text).not.toContain(TOKEN);
  });
});
