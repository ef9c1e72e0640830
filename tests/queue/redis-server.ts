/**
 * A real redis-server for the tests, on a free loopback port with its data in
 * a temp folder (append-only file on, so a restart keeps every job, as a
 * production Redis would). Debian's redis-server; `.ci/run` installs it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { freePort, tempDir } from "../footage/helpers.js";
import { waitForAsync } from "./wait-async.js";

export interface TestRedis {
  url: string;
  port: number;
  /** Stops the server (SIGTERM: it flushes the append-only file) and starts it again on the same port and data. */
  restart(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("error", () => resolve(false));
    socket.once("data", (data) => {
      socket.end();
      resolve(data.toString().startsWith("+PONG"));
    });
    socket.once("connect", () => socket.write("PING\r\n"));
  });
}

export async function startRedis(): Promise<TestRedis> {
  const dir = tempDir("redis");
  const port = await freePort();
  let child: ChildProcess | null = null;
  const launch = async (): Promise<void> => {
    child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir.dir, "--appendonly", "yes", "--save", ""], { stdio: "ignore" });
    await waitForAsync(() => answersPing(port), 15_000, "redis-server to answer");
  };
  const halt = async (): Promise<void> => {
    const running = child;
    if (running === null || running.exitCode !== null) return;
    const exited = new Promise((r) => running.once("exit", r));
    running.kill("SIGTERM");
    await exited;
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    restart: async (downMs = 1000) => {
      await halt();
      await new Promise((r) => setTimeout(r, downMs));
      await launch();
    },
    stop: async () => {
      await halt();
      dir.cleanup();
    },
  };
}
