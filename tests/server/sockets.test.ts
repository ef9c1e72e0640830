// Live push over socket.io on a real listening server: the handshake needs
// the session cookie, each socket gets only its scope's events (police never
// an enforcement incident), a snapshot on connect, and disabling a user or
// changing their role cuts their socket at once.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { io as connect, type Socket } from "socket.io-client";
import { BoardServer } from "../../src/server/board-server.js";
import { tempDir, waitFor } from "../footage/helpers.js";
import { PASSWORD, addAccounts, episode, readContext } from "./helpers.js";

let server: BoardServer;
let cleanup: () => void;
let parts: ReturnType<typeof readContext>;
const sockets: Socket[] = [];

beforeEach(async () => {
  const temp = tempDir("sockets");
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
  events: { event: string; payload: { id?: string; pointId?: string } }[];
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

  it("close() is idempotent and stops accepting requests", async () => {
    await server.close();
    await expect(fetch(`${server.url}/api/healthz`)).rejects.toThrow();
  });
});
