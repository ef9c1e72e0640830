/**
 * The spawn broker (src/ffmpeg/spawner.ts): children are started by a small
 * broker process, not forked from Kerbside's own (large) one, and still
 * behave as Node's children do: every byte of their pipes, exit codes and
 * signals, spawn errors, and a demuxer → decoder pipe that never passes
 * through Kerbside. A broker that dies takes its children with it and the
 * next spawn starts a new one.
 */
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { startProcess } from "../../src/ffmpeg/process.js";
import { spawnChild, type SpawnedChild } from "../../src/ffmpeg/spawner.js";

function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, "utf8").includes(") Z ");
  } catch {
    return false;
  }
}

function collect(stream: NodeJS.ReadableStream | null): Promise<Buffer> {
  const chunks: Buffer[] = [];
  stream?.on("data", (c: Buffer) => chunks.push(c));
  return new Promise((resolve) => stream?.on("end", () => resolve(Buffer.concat(chunks))));
}

function closed(child: SpawnedChild): Promise<{ code: number | null; signal: NodeJS.Signals | null; events: string[] }> {
  const events: string[] = [];
  for (const name of ["spawn", "exit", "error"]) child.on(name, () => events.push(name));
  return new Promise((resolve) => child.on("close", (code: number | null, signal: NodeJS.Signals | null) => resolve({ code, signal, events: [...events, "close"] })));
}

const started: SpawnedChild[] = [];
afterEach(() => {
  for (const child of started.splice(0)) child.kill("SIGKILL");
  delete process.env.KERBSIDE_SPAWN;
});

describe("the spawn broker", () => {
  it("starts children from the broker, not from this process; KERBSIDE_SPAWN=direct forks here", async () => {
    const brokered = spawnChild("sleep", ["30"], { stdio: ["ignore", "ignore", "ignore"] });
    started.push(brokered);
    await new Promise((r) => brokered.once("spawn", r));
    const broker = parentOf(brokered.pid as number);
    expect(broker).not.toBe(process.pid);
    expect(parentOf(broker)).toBe(process.pid);

    process.env.KERBSIDE_SPAWN = "direct";
    const direct = spawnChild("sleep", ["30"], { stdio: ["ignore", "ignore", "ignore"] });
    started.push(direct);
    expect(parentOf(direct.pid as number)).toBe(process.pid);
  });

  it("passes every byte: output written before the pipes reach this process, and 4 MiB through stdin and back", async () => {
    // The child writes at once, before its pipes reach this process: nothing may be lost on the way (the broker reads none of it).
    const early = spawnChild("sh", ["-c", "seq 1 100000; echo done >&2"], { stdio: ["ignore", "pipe", "pipe"] });
    const [out, err, end] = await Promise.all([collect(early.stdout), collect(early.stderr), closed(early)]);
    expect(out.toString()).toBe(`${Array.from({ length: 100000 }, (_, i) => i + 1).join("\n")}\n`);
    expect(err.toString()).toBe("done\n");
    expect(end).toEqual({ code: 0, signal: null, events: ["spawn", "exit", "close"] });

    const data = randomBytes(4 * 1024 * 1024);
    const cat = spawnChild("cat", [], { stdio: ["pipe", "pipe", "ignore"] });
    const echoed = collect(cat.stdout);
    cat.stdin?.end(data);
    expect((await echoed).equals(data)).toBe(true);
  });

  it("reports exit codes, signals and extra pipes as Node's children do, and a missing binary as ENOENT", async () => {
    const lines: string[] = [];
    const proc = startProcess("sh", ["-c", "echo progress=continue >&3; exit 7"], { extraPipes: [(line) => lines.push(line)] });
    expect(await proc.started).toBeGreaterThan(0);
    expect((await proc.exited).code).toBe(7);
    expect(lines).toEqual(["progress=continue"]);

    const sleeper = spawnChild("sleep", ["30"], { stdio: ["ignore", "pipe", "pipe"] });
    const end = closed(sleeper);
    await new Promise((r) => sleeper.once("spawn", r));
    expect(sleeper.kill("SIGTERM")).toBe(true);
    expect(await end).toMatchObject({ code: null, signal: "SIGTERM" });
    expect(sleeper.signalCode).toBe("SIGTERM");
    expect(sleeper.kill("SIGTERM")).toBe(false);

    const missing = spawnChild("no-such-binary-kerbside", [], { stdio: ["ignore", "pipe", "pipe"] });
    const errors: NodeJS.ErrnoException[] = [];
    missing.on("error", (e: NodeJS.ErrnoException) => errors.push(e));
    const failed = await closed(missing);
    expect(errors[0]?.code).toBe("ENOENT");
    expect(failed).toEqual({ code: -2, signal: null, events: ["error", "close"] });
    expect(missing.pid).toBeUndefined();
  });

  it("pipes one child's stdout into the next one's stdin without passing it through Kerbside", async () => {
    const producer = spawnChild("sh", ["-c", "seq 1 200000"], { stdio: ["ignore", "pipe", "pipe"], pipeStdoutOnward: true });
    expect(producer.stdout).toBeNull();
    const consumer = spawnChild("sha256sum", [], { stdio: ["pipe", "pipe", "ignore"], stdinFrom: producer });
    const digest = (await collect(consumer.stdout)).toString().split(" ")[0];
    const expected = createHash("sha256").update(`${Array.from({ length: 200000 }, (_, i) => i + 1).join("\n")}\n`).digest("hex");
    expect(digest).toBe(expected);
  });

  it("a broker that dies takes its children with it, reports them ended, and the next spawn starts a new broker", async () => {
    const orphan = spawnChild("sleep", ["30"], { stdio: ["ignore", "pipe", "pipe"] });
    await new Promise((r) => orphan.once("spawn", r));
    const pid = orphan.pid as number;
    const broker = parentOf(pid);
    const end = closed(orphan);
    process.kill(broker, "SIGKILL");
    expect(await end).toMatchObject({ signal: "SIGKILL" });
    await expect.poll(() => alive(pid), { timeout: 5000 }).toBe(false);

    const next = spawnChild("sh", ["-c", "echo again; exec sleep 30"], { stdio: ["ignore", "pipe", "ignore"] });
    started.push(next);
    const line = await new Promise<string>((resolve) => next.stdout?.once("data", (c: Buffer) => resolve(c.toString())));
    expect(line).toBe("again\n");
    const newBroker = parentOf(next.pid as number);
    expect(newBroker).not.toBe(broker);
    expect(parentOf(newBroker)).toBe(process.pid);
  });
});
