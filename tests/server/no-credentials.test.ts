// No camera credential (rtsp://admin:S3cretPass@…, http://cam:pw123456@…),
// password or session token leaves the board: not in any GET answer of the
// OpenAPI document (walked, as admin), not in socket messages, not in the
// board's log lines — also when camera health carries the URL in its error,
// or a lookup fails with the URL in its message (500, and the poller's log).
import { io as connect, type Socket } from "socket.io-client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BoardServer } from "../../src/server/board-server.js";
import { memoryLogger, tempDir, waitFor } from "../footage/helpers.js";
import { PASSWORD, addAccounts, readContext, recordTwo } from "./helpers.js";

const SECRETS = /S3cretPass|pw123456|admin:S3|cam:pw/;
let server: BoardServer;
let lines: string[];
let ids: { police: string; enforcement: string };
let cleanup: () => void;
let socket: Socket | undefined;
/** Set once the socket has its snapshot: from then on J01's health lookup fails. */
let failing = false;
let saveHealth: (pointId: string, lastError: string) => void;

beforeEach(async () => {
  const temp = tempDir("no-credentials");
  const parts = readContext(temp.dir);
  const memory = memoryLogger();
  lines = memory.lines;
  await addAccounts(parts.read);
  ids = recordTwo(parts.store);
  parts.health.save("J01", { state: "offline", sinceMs: Date.now(), lastSegmentAt: null, reconnects: 4, lastError: "rtsp://admin:S3cretPass@192.0.2.11:554/ch1: Connection refused" });
  parts.health.save("M01", { state: "offline", sinceMs: Date.now(), lastSegmentAt: null, reconnects: 1, lastError: "GET http://cam:pw123456@192.0.2.12/stream failed: 401" });
  // J01's health lookup fails with a camera URL in the message (as a driver error might)
  failing = false;
  saveHealth = (pointId, lastError) => parts.health.save(pointId, { state: "offline", sinceMs: Date.now(), lastSegmentAt: null, reconnects: 5, lastError });
  const health = parts.read.health;
  const read = {
    ...parts.read, log: memory.log,
    health: (id: string) => {
      if (failing && id === "J01") throw new Error("cannot read health of rtsp://admin:S3cretPass@192.0.2.11/ch1");
      return health(id);
    },
  };
  server = await BoardServer.start(read, { host: "127.0.0.1", port: 0, pollMs: 100 });
  cleanup = () => {
    parts.cleanup();
    temp.cleanup();
  };
});
afterEach(async () => {
  socket?.close();
  await server.close();
  cleanup();
});

describe("no credential leaves the board", () => {
  it("in answers, socket messages and log lines", async () => {
    const login = await fetch(`${server.url}/api/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "admin", password: PASSWORD }) });
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
    const token = cookie.split("=")[1]!;
    const messages: string[] = [];
    socket = connect(server.url, { transports: ["websocket"], extraHeaders: { cookie } });
    socket.onAny((event: string, payload: unknown) => messages.push(`${event} ${JSON.stringify(payload)}`));
    await waitFor(() => messages.some((m) => m.startsWith("snapshot")), 10_000, "the snapshot");
    failing = true;
    // the other points' health still reaches the board (J01, polled first, fails every time)
    saveHealth("M01", "GET http://cam:pw123456@192.0.2.12/stream: 404 Not Found");
    await waitFor(() => messages.some((m) => m.startsWith("point.health") && m.includes("404 Not Found")), 10_000, "M01's new health");

    const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const fill = (p: string): string => p.replace("{id}", encodeURIComponent(ids.police)).replace("{name}", "crop.jpg").replace("{point}", "J01").replace("{date}", "2026-12-08").replace("{username}", "police");
    const answers: string[] = [];
    for (const p of Object.keys(doc.paths).filter((p) => "get" in doc.paths[p]!)) {
      for (const url of p.includes("{id}") && p.startsWith("/api/points") ? ["J01", "M01", "N01"].map((id) => p.replace("{id}", id)) : [fill(p)]) {
        const res = await fetch(`${server.url}${url}`, { headers: { cookie } });
        answers.push(`${url} ${res.status} ${await res.text()}`);
      }
    }
    // the failing lookup answers 500 without the URL
    expect(answers.find((a) => a.startsWith("/api/points/J01 "))).toMatch(/^\/api\/points\/J01 500 .*KERB_ERR_INTERNAL/);
    expect(answers.find((a) => a.startsWith("/api/points/M01 "))).toContain("***:***@192.0.2.12");
    await waitFor(() => lines.some((l) => l.includes("cannot poll camera health") && l.includes("J01")), 10_000, "the poller's log line about J01");
    await waitFor(() => lines.some((l) => l.includes("request failed")), 10_000, "the 500's log line");

    for (const text of [...answers, ...messages, ...lines]) {
      expect(text.slice(0, 300)).not.toMatch(SECRETS);
      expect(text.includes(token), text.slice(0, 300)).toBe(false);
      expect(text.includes(PASSWORD), text.slice(0, 300)).toBe(false);
    }
    expect(answers.length).toBeGreaterThan(15);
  });
});
