// Live push over socket.io on a real listening server: the handshake needs
// the session cookie, each socket gets only its scope's events (police never
// an enforcement incident), a snapshot on connect, and disabling a user or
// changing their role cuts their socket at once; a stalled client holds up
// neither the recording nor the other clients.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import type { Socket as NetSocket } from "node:net";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { io as connect, type Socket } from "socket.io-client";
import { stringify } from "yaml";
import { BoardServer } from "../../src/server/board-server.js";
import { makeH264Clip, tempDir, waitFor } from "../footage/helpers.js";
import { DEPLOYMENT_YAML, PASSWORD, addAccounts, episode, readContext } from "./helpers.js";

let server: BoardServer;
let dir: string;
let cleanup: () => void;
let parts: ReturnType<typeof readContext>;
const sockets: Socket[] = [];

beforeEach(async () => {
  const temp = tempDir("sockets");
  dir = temp.dir;
  parts = readContext(temp.dir);
  await addAccounts(parts.read);
  server = await BoardServer.start(parts.read, { host: "127.0.0.1", port: 0, pollMs: 200 });
  cleanup = () => {
    parts.cleanup();
    temp.cleanup();
  };
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await server.close();
  await server.close();
  cleanup();
});

async function cookieFor(username: string): Promise<string> {
  const res = await fetch(`${server.url}/api/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password: PASSWORD }) });
  expect(res.status).toBe(200);
  return (res.headers.get("set-cookie") ?? "").split(";")[0]!;
}

interface Client {
  socket: Socket;
  events: { event: string; payload: { id?: string; pointId?: string; url?: string; at?: string } }[];
  snapshot: Promise<{ points: { id: string }[]; incidents: { id: string }[] }>;
}

function client(cookie: string | undefined, reconnection = false): Client {
  const socket = connect(server.url, { transports: ["websocket"], extraHeaders: cookie ? { cookie } : {}, reconnection, reconnectionDelay: 500 });
  sockets.push(socket);
  const events: Client["events"] = [];
  socket.onAny((event: string, payload: Client["events"][number]["payload"]) => events.push({ event, payload }));
  const snapshot = new Promise<Awaited<Client["snapshot"]>>((resolve) => socket.once("snapshot", resolve));
  return { socket, events, snapshot };
}

describe("board sockets", () => {
  it("refuses a handshake without a valid session cookie", async () => {
    for (const cookie of [undefined, "kerbside_session=forged-token"]) {
      const { socket } = client(cookie);
      const error = await new Promise<Error & { data?: { code: string } }>((resolve) => socket.once("connect_error", resolve));
      expect(error.data?.code).toBe("KERB_ERR_AUTH");
      expect(socket.connected).toBe(false);
    }
  });

  it("refuses a handshake from a foreign Origin, even with a valid session cookie", async () => {
    const cookie = await cookieFor("police");
    const socket = connect(server.url, { transports: ["websocket"], extraHeaders: { cookie, origin: "https://evil.example" }, reconnection: false });
    sockets.push(socket);
    const error = await new Promise<Error>((resolve) => socket.once("connect_error", resolve));
    expect(socket.connected).toBe(false);
    expect(error.message).not.toContain("KERB_ERR_AUTH");
    const same = client(cookie);
    expect((await same.snapshot).points.map((p) => p.id)).toEqual(["J01"]);
  });

  it("pushes each incident only to the users who may see it, after a scoped snapshot", async () => {
    const police = client(await cookieFor("police"));
    const enforcement = client(await cookieFor("enforcement"));
    const admin = client(await cookieFor("admin"));
    expect((await police.snapshot).points.map((p) => p.id)).toEqual(["J01"]);
    expect((await enforcement.snapshot).points.map((p) => p.id)).toEqual(["J01", "M01", "N01"]);
    await admin.snapshot;
    const traffic = parts.store.recordEpisode(episode()).incident;
    const sidewalk = parts.store.recordEpisode(episode({ pointId: "M01", rule: "sidewalk_parking", zoneId: "walk", zoneKind: "sidewalk", unit: "urban_management" })).incident;
    const created = (c: Client): string[] => c.events.filter((e) => e.event === "incident.created").map((e) => e.payload.id!);
    await waitFor(() => created(admin).length === 2, 10_000, "admin gets both incidents");
    await waitFor(() => created(police).length === 1 && created(enforcement).length === 1, 10_000, "police and enforcement get theirs");
    expect(created(police)).toEqual([traffic.id]);
    expect(created(enforcement)).toEqual([sidewalk.id]);
    // the traffic incident goes on and ends: incident.updated, to the same users only
    parts.store.recordEpisode(episode({ lastSeenMs: traffic.lastSeenMs + 60_000, endMs: traffic.lastSeenMs + 60_000 }));
    const updated = (c: Client): { id?: string; status?: string }[] => c.events.filter((e) => e.event === "incident.updated").map((e) => e.payload as { id?: string; status?: string });
    await waitFor(() => updated(police).length === 1 && updated(admin).length === 1, 10_000, "incident.updated for police and admin");
    expect(updated(police)[0]).toMatchObject({ id: traffic.id, status: "ended" });
    // a later enforcement incident: once it has arrived, an update sent before it would have too
    const later = Date.parse("2026-12-09T08:00:00+08:00");
    parts.store.recordEpisode(episode({ key: "later", pointId: "M01", rule: "sidewalk_parking", zoneId: "walk", zoneKind: "sidewalk", unit: "urban_management", startMs: later, thresholdMs: later + 60_000, lastSeenMs: later + 90_000 }));
    await waitFor(() => created(enforcement).length === 2, 10_000, "the later enforcement incident");
    expect(updated(enforcement)).toEqual([]);
    expect(JSON.stringify(police.events)).not.toContain(sidewalk.id);
  });

  it("pushes point.health to users who may see the point, never a camera credential", async () => {
    const police = client(await cookieFor("police"));
    await police.snapshot;
    parts.health.save("M01", { state: "offline", sinceMs: Date.now(), lastSegmentAt: null, reconnects: 3, lastError: "rtsp://admin:S3cretPass@192.0.2.11 refused" });
    parts.health.save("J01", { state: "offline", sinceMs: Date.now(), lastSegmentAt: null, reconnects: 2, lastError: "rtsp://admin:S3cretPass@192.0.2.11/ch1 refused" });
    const health = await waitFor(() => police.events.find((e) => e.event === "point.health"), 10_000, "point.health");
    expect(health.payload.pointId).toBe("J01");
    await new Promise((r) => setTimeout(r, 600));
    expect(police.events.filter((e) => e.event === "point.health").map((e) => e.payload.pointId)).toEqual(["J01"]);
    expect(JSON.stringify(police.events)).not.toContain("S3cretPass");
  });

  it("disabling a user, or changing their role, cuts their sockets at once", async () => {
    const police = client(await cookieFor("police"));
    const viewer = client(await cookieFor("viewer"));
    await police.snapshot;
    await viewer.snapshot;
    const gone = new Promise<string>((resolve) => police.socket.once("disconnect", resolve));
    parts.read.accounts.disable("police", { username: "admin" });
    expect(await gone).toBe("io server disconnect");
    const viewerGone = new Promise<string>((resolve) => viewer.socket.once("disconnect", resolve));
    parts.read.accounts.update("viewer", { role: "enforcement" }, { username: "admin" });
    expect(await viewerGone).toBe("io server disconnect");
    // the old session cannot come back
    const again = client(police.socket.io.opts.extraHeaders!.cookie);
    const error = await new Promise<Error & { data?: { code: string } }>((resolve) => again.socket.once("connect_error", resolve));
    expect(error.data?.code).toBe("KERB_ERR_AUTH");
  });

  it("a client that drops briefly receives what it missed (connection state recovery), without a second snapshot", async () => {
    const police = client(await cookieFor("police"), true);
    await police.snapshot;
    await waitFor(() => police.socket.connected, 5000, "connected");
    police.socket.io.engine.close();
    const missed = parts.store.recordEpisode(episode()).incident;
    await waitFor(() => police.events.some((e) => e.event === "incident.created" && e.payload.id === missed.id), 15_000, "the missed incident after reconnecting");
    expect(police.socket.recovered).toBe(true);
    expect(police.events.filter((e) => e.event === "snapshot")).toHaveLength(1);
  });

  it("a user limited to a point gets nothing of other points over the socket: snapshot, health, frames, incidents", async () => {
    const limited = client(await cookieFor("j01only"));
    const admin = client(await cookieFor("admin"));
    const snapshot = await limited.snapshot;
    await admin.snapshot;
    expect(snapshot.points.map((p) => p.id)).toEqual(["J01"]);
    expect(JSON.stringify(snapshot)).not.toMatch(/M01|N01|解放路|夜市/);
    const t0 = Date.now() - 60_000;
    for (const pointId of ["M01", "J01"]) {
      parts.read.segments.upsert({ pointId, path: makeH264Clip(path.join(dir, `${pointId}.mp4`), 2), startMs: t0, endMs: t0 + 2000, sizeBytes: 1, codec: "h264", width: 320, height: 240, fps: 25, status: "ok", error: null, sourceKind: "archive" });
      parts.health.save(pointId, { state: "offline", sinceMs: Date.now(), lastSegmentAt: null, reconnects: 1, lastError: null });
    }
    const sidewalk = parts.store.recordEpisode(episode({ pointId: "M01", rule: "sidewalk_parking", zoneId: "walk", zoneKind: "sidewalk", unit: "urban_management" })).incident;
    const junction = parts.store.recordEpisode(episode({ pointId: "J01", rule: "sidewalk_parking", zoneId: "walk", zoneKind: "sidewalk", unit: "urban_management" })).incident;
    // the admin sees both points' events: once they have all arrived, M01's events have been sent
    const kinds = ["point.frame", "point.health", "incident.created"];
    const fromAdmin = (pointId: string) => kinds.every((k) => admin.events.some((e) => e.event === k && (e.payload.pointId ?? "") === pointId));
    await waitFor(() => fromAdmin("M01") && fromAdmin("J01"), 15_000, "the admin's events of both points (so M01's were sent)");
    await waitFor(() => kinds.every((k) => limited.events.some((e) => e.event === k)), 15_000, "the limited user's J01 events");
    // a last event to J01: anything sent to the limited socket before it has arrived
    server.hub.publish("done", { pointId: "J01" }, { pointId: "J01" });
    await waitFor(() => limited.events.some((e) => e.event === "done"), 10_000, "the last J01 event");
    expect(limited.events.map((e) => e.payload.pointId)).not.toContain("M01");
    expect(limited.events.filter((e) => e.event === "incident.created").map((e) => e.payload.id)).toEqual([junction.id]);
    expect(JSON.stringify(limited.events)).not.toContain(sidewalk.id);
    // point.frame carries the URL and time, not the image; the URL serves the frame to its user
    const frame = limited.events.find((e) => e.event === "point.frame")!.payload;
    expect(frame.url).toMatch(/^\/api\/points\/J01\/frame\.jpg\?t=\d+$/);
    expect(Date.parse(frame.at!)).toBe(t0 + 2000);
    const jpeg = await fetch(`${server.url}${frame.url}`, { headers: { cookie: limited.socket.io.opts.extraHeaders!.cookie! } });
    expect([jpeg.status, jpeg.headers.get("content-type")]).toEqual([200, "image/jpeg"]);
  });

  it("pre-audit job events reach the organisers who see the point; county-wide events only users not limited to points", async () => {
    await parts.read.accounts.add({ username: "organiserJ01", role: "organiser", points: ["J01"], password: PASSWORD }, { username: null });
    const county = client(await cookieFor("organiser"));
    const limited = client(await cookieFor("organiserJ01"));
    const police = client(await cookieFor("police"));
    await Promise.all([county.snapshot, limited.snapshot, police.snapshot]);
    const got = (c: Client, event: string): string[] => c.events.filter((e) => e.event === event).map((e) => e.payload.pointId ?? "");
    server.hub.publish("audit.job", { pointId: "M01" }, { organiserPagesOf: "M01" });
    server.hub.publish("audit.job", { pointId: "J01" }, { organiserPagesOf: "J01" });
    server.hub.publish("county.news", { pointId: "all" }, { roles: ["organiser"] });
    server.hub.publish("done", { pointId: "end" }, { roles: ["organiser", "police"] });
    server.hub.publish("done", { pointId: "end" }, { pointId: "J01" });
    // each socket's own last event: every earlier one has been delivered to it
    await waitFor(() => [county, limited, police].every((c) => got(c, "done").length > 0), 10_000, "the last event everywhere");
    expect(got(county, "audit.job")).toEqual(["M01", "J01"]);
    expect(got(limited, "audit.job")).toEqual(["J01"]);
    expect(got(police, "audit.job")).toEqual([]);
    expect(got(county, "county.news")).toEqual(["all"]);
    expect(got(limited, "county.news")).toEqual([]);
  });

  it("disabling a user over the admin API cuts their socket at once", async () => {
    const adminCookie = await cookieFor("admin");
    const police = client(await cookieFor("police"));
    await police.snapshot;
    const gone = new Promise<string>((resolve) => police.socket.once("disconnect", resolve));
    const res = await fetch(`${server.url}/api/users/police`, { method: "PATCH", headers: { "content-type": "application/json", cookie: adminCookie }, body: JSON.stringify({ disabled: true }) });
    expect(res.status).toBe(200);
    expect(await gone).toBe("io server disconnect");
  });

  it("`kerbside user disable` from another process cuts the user's socket within the recheck period", async () => {
    mkdirSync(dir, { recursive: true });
    const config = path.join(dir, "kerbside.yaml");
    writeFileSync(config, stringify(DEPLOYMENT_YAML));
    const police = client(await cookieFor("police"));
    const enforcement = client(await cookieFor("enforcement"));
    await police.snapshot;
    await enforcement.snapshot;
    const gone = new Promise<string>((resolve) => police.socket.once("disconnect", resolve));
    const cli = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", "user", "disable", "police", "--config", config], { encoding: "utf8", env: { ...process.env, KERBSIDE_LOG_LEVEL: "silent" }, timeout: 60_000 });
    expect(cli.stdout, cli.stderr).toMatch(/disabled police/);
    // the hub re-checks every socket's session every 5 s (SocketHubOptions.recheckMs)
    const reason = await Promise.race([gone, new Promise<string>((resolve) => setTimeout(() => resolve("still connected after 20 s"), 20_000))]);
    expect(reason).toBe("io server disconnect");
    expect(enforcement.socket.connected).toBe(true);
  });

  it("a stalled client neither holds up the recording nor the other clients of its room", async () => {
    const stalled = client(await cookieFor("police"));
    const healthy = client(await cookieFor("police"));
    await stalled.snapshot;
    await healthy.snapshot;
    // the stalled client stops reading its TCP socket: the server's sends to it pile up unread
    const tcp = (stalled.socket.io.engine.transport as unknown as { ws: { _socket: NetSocket } }).ws._socket;
    tcp.pause();
    const COUNT = 300;
    for (let i = 0; i < COUNT; i++) {
      const startMs = Date.parse("2026-12-08T08:00:00+08:00") + i * 3_600_000;
      parts.store.recordEpisode(episode({ key: `k${i}`, startMs, thresholdMs: startMs + 60_000, lastSeenMs: startMs + 120_000 }));
    }
    const created = (c: Client): number => c.events.filter((e) => e.event === "incident.created").length;
    await waitFor(() => created(healthy) === COUNT, 60_000, "every incident at the healthy client");
    // it read nothing meanwhile, and the server still counts it as connected (nothing was dropped)
    expect(created(stalled)).toBe(0);
    expect(server.hub.io.sockets.sockets.has(stalled.socket.id!)).toBe(true);
    // once it reads again, it gets everything too (socket.io buffered it, nothing was dropped)
    tcp.resume();
    await waitFor(() => created(stalled) === COUNT, 60_000, "every incident at the resumed client");
  });

  it("close() is idempotent and stops accepting requests", async () => {
    await server.close();
    await expect(fetch(`${server.url}/api/healthz`)).rejects.toThrow();
  });
});
