// End to end: `kerbside run` on a config whose point replays the sample
// footage live serves the board; a socket.io client signed in as police
// receives `incident.created` for the van in the no-parking zone, and an
// enforcement client (same point, other unit) does not; /metrics shows the
// run. SIGTERM closes the board first: the sockets are disconnected by the
// server (not dropped with the process), then the process exits 0.
import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { io as connect, type Socket } from "socket.io-client";
import { cutClip, tempDir, VAN_ZONE } from "../service/fixtures.js";
import { freePort, waitFor } from "../footage/helpers.js";

const ADMIN_PASSWORD = "e2e admin password";
const fixture = tempDir("board-e2e");
let child: ChildProcess;
let url = "";
let output = "";
const sockets: Socket[] = [];

beforeAll(async () => {
  const clip = cutClip(path.join(fixture.dir, "van.avi"), 40);
  const port = await freePort();
  const config = path.join(fixture.dir, "kerbside.yaml");
  writeFileSync(config, `
name: board e2e
timezone: Asia/Shanghai
storageDir: ./data
detector: { threads: 1 }
units:
  - { id: traffic_police, name: 交警大队 }
  - { id: urban_management, name: 城管局 }
rules:
  illegal_parking: { classes: [car, truck, bus], zones: [no_parking], minDwellSec: 10, unit: traffic_police }
sampling: { everySec: 2 }
board: { port: ${port} }
points:
  - id: P01
    name: 测试点位
    category: main_road
    units: [traffic_police, urban_management]
    source: { kind: file, path: ${clip}, live: true, loop: true, segmentSec: 8 }
    zones:
      - { id: van, name: 楼前禁停区, kind: no_parking, polygon: ${VAN_ZONE} }
`);
  child = spawn(process.execPath, ["--import", "tsx", path.resolve("src/cli/main.ts"), "run", "--config", config], {
    env: { ...process.env, KERBSIDE_ADMIN_PASSWORD: ADMIN_PASSWORD, KERBSIDE_LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  url = `http://127.0.0.1:${port}`;
  await waitFor(() => /Board: http:\/\/127\.0\.0\.1:\d+/.test(output), 120_000, `the board banner (output so far: ${output})`);
});

afterAll(async () => {
  for (const s of sockets) s.close();
  if (child.exitCode === null) {
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
  }
  fixture.cleanup();
});

async function login(username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password }) });
  expect(res.status, `login ${username}`).toBe(200);
  return (res.headers.get("set-cookie") ?? "").split(";")[0]!;
}

interface Seen {
  created: { id: string; rule: string; pointId: string }[];
  /** The disconnect reason, once disconnected. */
  disconnect: Promise<string>;
}

function listen(cookie: string): Seen {
  const socket = connect(url, { transports: ["websocket"], extraHeaders: { cookie }, reconnection: false });
  sockets.push(socket);
  const created: Seen["created"] = [];
  socket.on("incident.created", (incident: Seen["created"][number]) => created.push(incident));
  return { created, disconnect: new Promise((resolve) => socket.once("disconnect", resolve)) };
}

/** The value of one Prometheus sample, e.g. sample(text, "kerbside_socket_clients"). */
function sample(text: string, name: string, labels = ""): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(labels ? `${name}{${labels}` : `${name} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(" ") + 1));
}

describe("kerbside run with the board", () => {
  it("pushes the live violation to police, not to enforcement, and closes on SIGTERM", async () => {
    expect(output).toContain("admin");
    expect(output).not.toContain(ADMIN_PASSWORD);
    const admin = await login("admin", ADMIN_PASSWORD);
    for (const [username, role, unit] of [["police1", "police", "traffic_police"], ["enforcer1", "enforcement", "urban_management"]]) {
      const res = await fetch(`${url}/api/users`, { method: "POST", headers: { "content-type": "application/json", cookie: admin }, body: JSON.stringify({ username, role, units: [unit], password: "a long user password" }) });
      expect(res.status).toBe(201);
    }
    const police = listen(await login("police1", "a long user password"));
    const enforcement = listen(await login("enforcer1", "a long user password"));
    const incident = await waitFor(() => police.created.find((i) => i.rule === "illegal_parking"), 240_000, "incident.created for police");
    expect(incident.pointId).toBe("P01");
    // the enforcement socket is connected and sees the point, but never this incident
    await new Promise((r) => setTimeout(r, 3000));
    expect(enforcement.created.map((i) => i.id)).not.toContain(incident.id);
    const asEnforcement = await fetch(`${url}/api/incidents/${encodeURIComponent(incident.id)}`, { headers: { cookie: await login("enforcer1", "a long user password") } });
    expect(asEnforcement.status).toBe(404);

    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(sample(metrics, "kerbside_incidents_created_total", 'rule="illegal_parking"'), metrics).toBeGreaterThanOrEqual(1);
    expect(sample(metrics, "kerbside_socket_clients"), metrics).toBeGreaterThanOrEqual(2);
    expect(sample(metrics, "kerbside_camera_state", 'point="P01",state="online"'), metrics).toBe(1);
    expect(sample(metrics, "kerbside_detector_ms_count"), metrics).toBeGreaterThan(0);
    expect(sample(metrics, "kerbside_frames_scanned_total", 'point="P01"'), metrics).toBeDefined();
    expect(sample(metrics, "kerbside_http_request_duration_seconds_count", 'method="POST",route="/api/login",status="200"'), metrics).toBeGreaterThanOrEqual(3);
    expect(metrics).not.toMatch(/e2e admin password|a long user password/);

    const exit = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    // the board closes first: its server disconnects the sockets ("transport close" if they only died with the process)
    expect(await police.disconnect).toBe("io server disconnect");
    expect(await enforcement.disconnect).toBe("io server disconnect");
    const code = await exit;
    expect(code, output).toBe(0);
    await expect(fetch(`${url}/api/healthz`)).rejects.toThrow();
  });
});
