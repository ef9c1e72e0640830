/**
 * Board push under load: 200 socket.io clients on loopback (20 accounts
 * across roles and scopes, 10 sockets each) against a BoardServer in its own
 * process; 500 incidents published through the real path (incident store →
 * bus → live events → scoped rooms). Checks every client received 100% of
 * the incidents its scope allows and none other, and prints delivery
 * latency (receive time − the incident's createdAt) p50/p95/max and the
 * server's RSS. Baseline from the same run: the same 500 payloads sent with
 * a bare io.emit to every client (no bus, no rooms); the ratio is board/baseline.
 *   npm run bench:board [-- --clients 200 --incidents 500]
 */
import { fork } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";
import { io as connect, type Socket } from "socket.io-client";
import { parseDeployment } from "../src/config/load.js";
import { canSeeIncident } from "../src/server/access-policy.js";
import { BENCH_DEPLOYMENT, BENCH_USERS, PASSWORD, benchEpisode, type FromServer, type ToServer } from "./board-shared.js";

const { values: args } = parseArgs({ options: { clients: { type: "string", default: "200" }, incidents: { type: "string", default: "500" } } });
const CLIENTS = Number(args.clients);
const INCIDENTS = Number(args.incidents);
const deployment = parseDeployment(BENCH_DEPLOYMENT, path.resolve("bench.yaml"), {});

const child = fork(path.resolve("bench/board-server.ts"), [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
const inbox: FromServer[] = [];
child.on("message", (m: FromServer) => inbox.push(m));
async function next<T extends FromServer["type"]>(type: T, timeoutMs = 120_000): Promise<Extract<FromServer, { type: T }>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const i = inbox.findIndex((m) => m.type === type);
    if (i >= 0) return inbox.splice(i, 1)[0] as Extract<FromServer, { type: T }>;
    if (Date.now() > deadline) throw new Error(`bench server: no ${type} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
const tell = (m: ToServer): void => void child.send(m);

interface Client {
  user: (typeof BENCH_USERS)[number];
  socket: Socket;
  raw: number[];
  /** Episode index → delivery latency (ms). */
  board: Map<number, number>;
  expected: Set<number>;
}

function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

const ready = await next("ready");
const cookies = new Map<string, string>();
for (const user of BENCH_USERS) {
  const res = await fetch(`${ready.url}/api/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: user.username, password: PASSWORD }) });
  if (res.status !== 200) throw new Error(`login ${user.username}: ${res.status}`);
  cookies.set(user.username, (res.headers.get("set-cookie") ?? "").split(";")[0]!);
}
const episodes = Array.from({ length: INCIDENTS }, (_, i) => benchEpisode(i, deployment));
/** Each episode starts at its own hour: the start names it. */
const indexOf = new Map(episodes.map((e, n) => [e.startMs, n]));
const clients: Client[] = [];
let snapshots = 0;
for (let i = 0; i < CLIENTS; i++) {
  const user = BENCH_USERS[i % BENCH_USERS.length]!;
  const socket = connect(ready.url, { transports: ["websocket"], extraHeaders: { cookie: cookies.get(user.username)! }, reconnection: false });
  const principal = { id: 0, ...user };
  const expected = new Set(episodes.flatMap((e, n) => (canSeeIncident(principal, e, deployment) ? [n] : [])));
  const client: Client = { user, socket, raw: [], board: new Map(), expected };
  socket.once("snapshot", () => snapshots++);
  socket.on("raw", (m: { sentAt: number }) => client.raw.push(Date.now() - m.sentAt));
  socket.on("incident.created", (m: { start: string; createdAt: string }) => client.board.set(indexOf.get(Date.parse(m.start)) ?? -1, Date.now() - Date.parse(m.createdAt)));
  clients.push(client);
}
if (!(await waitUntil(() => snapshots === CLIENTS, 60_000))) throw new Error(`only ${snapshots}/${CLIENTS} clients connected`);

tell({ type: "publish", count: INCIDENTS, pauseEveryN: 10, raw: true });
await next("published");
const rawComplete = await waitUntil(() => clients.every((c) => c.raw.length === INCIDENTS), 60_000);

tell({ type: "publish", count: INCIDENTS, pauseEveryN: 10, raw: false });
const published = await next("published");
const boardComplete = await waitUntil(() => clients.every((c) => c.board.size >= c.expected.size), 60_000);
await new Promise((r) => setTimeout(r, 500)); // anything out of scope would have arrived by now

let exact = 0;
let extra = 0;
for (const c of clients) {
  const got = new Set(c.board.keys());
  const missing = [...c.expected].filter((n) => !got.has(n)).length;
  const unexpected = [...got].filter((n) => !c.expected.has(n)).length;
  if (missing === 0 && unexpected === 0) exact++;
  extra += unexpected;
}
const raw = clients.flatMap((c) => c.raw);
const board = clients.flatMap((c) => [...c.board.values()]);
const scoped = clients.reduce((n, c) => n + c.expected.size, 0);
const row = (name: string, v: number[]): string => `${name.padEnd(26)} p50 ${pct(v, 50).toFixed(0).padStart(5)} ms   p95 ${pct(v, 95).toFixed(0).padStart(5)} ms   max ${Math.max(...v).toFixed(0).padStart(5)} ms   (${v.length} deliveries)`;
process.stdout.write(
  [
    `bench:board — ${CLIENTS} socket.io clients (${BENCH_USERS.length} accounts, 5 kinds of scope), ${INCIDENTS} incidents, loopback, server in its own process`,
    row("baseline: bare io.emit", raw),
    row("board: store→bus→rooms", board),
    `ratio board/baseline: p50 ${(pct(board, 50) / pct(raw, 50)).toFixed(2)}×, p95 ${(pct(board, 95) / pct(raw, 95)).toFixed(2)}×`,
    `scope: ${exact}/${CLIENTS} clients received exactly their scope (100% of ${scoped} scoped deliveries: ${board.length === scoped ? "yes" : `no, ${board.length}`}); out-of-scope deliveries: ${extra}; baseline complete: ${rawComplete}, board complete: ${boardComplete}`,
    `server RSS: ${ready.rssMb.toFixed(0)} MB at start, ${published.rssMb.toFixed(0)} MB after publishing`,
    "",
  ].join("\n"),
);
for (const c of clients) c.socket.close();
tell({ type: "close" });
await next("closed").catch(() => child.kill());
if (exact !== CLIENTS || extra > 0) process.exitCode = 1;
