// `npm run demo`'s deployment (config/demo.yaml, copied into a temp folder
// with its paths pointed at the real samples and a free port): the main job
// prints the board URL, the first admin and one demo account per role; the
// demo police account signs in, and its socket receives a violation of the
// live-replayed point D01 (zones and dwell set for about a minute). Prints
// how long that took.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { io as connect, type Socket } from "socket.io-client";
import { tempDir, waitFor } from "../footage/helpers.js";

const fixture = tempDir("demo-run");
let child: ChildProcess;
let output = "";
let startedMs = 0;
let socket: Socket | undefined;

beforeAll(() => {
  const yaml = readFileSync("config/demo.yaml", "utf8")
    .replace("storageDir: ../data/demo", "storageDir: ./data")
    .replaceAll("../samples/", `${path.resolve("samples")}/`)
    .replace(/^( {2}port:) 8080$/m, "$1 0");
  expect(yaml).toContain("port: 0");
  const config = path.join(fixture.dir, "demo.yaml");
  writeFileSync(config, yaml);
  startedMs = Date.now();
  child = spawn(process.execPath, ["--import", "tsx", path.resolve("src/cli/main.ts"), "run", "--config", config], {
    env: { ...process.env, KERBSIDE_LOG_LEVEL: "warn", KERBSIDE_ADMIN_PASSWORD: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
});

afterAll(async () => {
  socket?.close();
  if (child.exitCode === null) {
    child.kill("SIGTERM");
    const exited = await Promise.race([new Promise((r) => child.once("exit", () => r(true))), new Promise((r) => setTimeout(() => r(false), 30_000))]);
    if (!exited) child.kill("SIGKILL");
  }
  fixture.cleanup();
});

describe("the demo deployment", () => {
  it("prints the board URL and demo accounts, and the police account sees D01's live violation", async () => {
    await waitFor(() => /demo-viewer\s+viewer\s+\S+/.test(output), 120_000, `the demo banner (output so far: ${output})`);
    const url = /^Board: (http:\/\/127\.0\.0\.1:\d+)$/m.exec(output)?.[1];
    expect(url, output).toBeDefined();
    const accounts = new Map([...output.matchAll(/^ {2}(\S+)\s+(admin|organiser|police|enforcement|viewer)\s+(\S+)/gm)].map((m) => [m[1]!, { role: m[2]!, password: m[3]! }]));
    expect([...accounts.keys()].sort()).toEqual(["admin", "demo-admin", "demo-enforcement", "demo-organiser", "demo-police", "demo-viewer"]);
    expect(output).toMatch(/demo-police\s+police\s+\S+\s+units: traffic_police/);

    const login = await fetch(`${url}/api/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "demo-police", password: accounts.get("demo-police")!.password }) });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
    const created: { id: string; pointId: string; rule: string }[] = [];
    socket = connect(url!, { transports: ["websocket"], extraHeaders: { cookie } });
    socket.on("incident.created", (incident: (typeof created)[number]) => created.push(incident));
    socket.on("incident.updated", (incident: (typeof created)[number]) => created.push(incident));
    const snapshot = await new Promise<{ points: { id: string }[]; incidents: (typeof created)[number][] }>((resolve) => socket!.once("snapshot", resolve));
    expect(snapshot.points.map((p) => p.id)).toEqual(["D01", "D02"]);
    created.push(...snapshot.incidents);
    const live = await waitFor(() => created.find((i) => i.pointId === "D01" && i.rule === "illegal_parking"), 180_000, "a D01 violation for the demo police");
    process.stdout.write(`demo: D01's violation reached the police socket ${((Date.now() - startedMs) / 1000).toFixed(1)} s after start\n`);
    const board = await fetch(`${url}/api/points`, { headers: { cookie } });
    const points = ((await board.json()) as { points: { id: string; status: string; openIncidents: number }[] }).points;
    expect(points.find((p) => p.id === "D01")).toMatchObject({ status: "violation" });
    expect(live.id).toMatch(/^D01-/);
  });
});
