// A real `kerbside run` serving the board on a free port, for the browser
// tests: spawned through src/cli/main.ts (tsx) with a known admin password,
// stopped with SIGTERM (then SIGKILL) so no recorder or ffmpeg is left.
import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { VAN_ZONE, VTEST } from "../service/fixtures.js";

export const ADMIN_PASSWORD = "board-ui-admin-pass-1";
/** Around the blue car at the right edge (bottom centre ≈ 0.98, 0.17), outside the van's zone. */
export const CAR_ZONE = "[[0.955, 0.03], [1.00, 0.03], [1.00, 0.24], [0.955, 0.24]]";

/**
 * J01: a junction replayed live, the van in a no-parking zone (traffic police)
 * and the car on the kerb (urban management). C01: a commercial street of the
 * urban management only, whose camera is unreachable (offline).
 */
export function boardTestYaml(closedPort: number): string {
  return `
name: board UI test
timezone: Asia/Shanghai
storageDir: ./data
detector: { threads: 1 }
units:
  - { id: traffic_police, name: 县公安局交警大队, name_en: Traffic Police Brigade }
  - { id: urban_management, name: 县城市管理综合执法局, name_en: Urban Management Bureau }
rules:
  illegal_parking: { classes: [car, truck, bus], zones: [no_parking], minDwellSec: 20, unit: traffic_police }
  sidewalk_parking: { classes: [car, truck], zones: [sidewalk], minDwellSec: 20, unit: urban_management }
sampling: { everySec: 2 }
board: { port: 0 }
points:
  - id: J01
    name: 测试路口·校园步道
    category: junction
    units: [traffic_police, urban_management]
    source: { kind: file, path: ${JSON.stringify(VTEST)}, live: true, loop: true, segmentSec: 10 }
    zones:
      - { id: van, name: 楼前禁停区, kind: no_parking, polygon: ${VAN_ZONE} }
      - { id: kerb, name: 楼前人行道, kind: sidewalk, polygon: ${CAR_ZONE} }
  - id: C01
    name: 测试商业街·东段
    category: commercial_street
    units: [urban_management]
    source: { kind: rtsp, url: "rtsp://127.0.0.1:${closedPort}/cam" }
    zones:
      - { id: kerb, name: 人行道, kind: sidewalk, polygon: ${CAR_ZONE} }
`;
}

export interface BoardRun {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** `env` adds to the child's environment (e.g. FFMPEG_PATH for a fixture camera). */
export async function startBoardRun(dir: string, yaml: string, timeoutMs = 90_000, env: NodeJS.ProcessEnv = {}): Promise<BoardRun> {
  const config = path.join(dir, "kerbside.yaml");
  writeFileSync(config, yaml);
  // From the repository (tsx resolves from here); the config's paths are relative to its own folder.
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve("src/cli/main.ts"), "run", "--config", config], {
    env: { ...process.env, KERBSIDE_ADMIN_PASSWORD: ADMIN_PASSWORD, KERBSIDE_LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const run: BoardRun = { url: "", output: () => out, stop: () => stopChild(child) };
  try {
    run.url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`kerbside run printed no board URL in ${timeoutMs} ms:\n${out}`)), timeoutMs);
      const look = () => {
        const match = /Board: (http:\/\/\S+)/.exec(out);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!.replace(/\/$/, ""));
        }
      };
      child.stdout.on("data", look);
      child.on("exit", (code) => reject(new Error(`kerbside run exited (${code}) before serving the board:\n${out}`)));
    });
  } catch (error) {
    await run.stop();
    throw error;
  }
  return run;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  await exited;
  clearTimeout(timer);
}

/** Signs in over the API (no browser) and returns a fetch that carries the session cookie. */
export async function apiSession(url: string, username: string, password: string) {
  const login = await fetch(`${url}/api/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  if (!login.ok) throw new Error(`login as ${username} failed: ${login.status} ${await login.text()}`);
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
  return async <T>(method: string, route: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${url}${route}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  };
}

/** Polls `probe` until it gives a value; on time-out the error carries the end of the run's output (what the service said). */
export async function waitUntil<T>(run: Pick<BoardRun, "output">, probe: () => Promise<T | undefined | null | false>, timeoutMs: number, what: string, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${run.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
