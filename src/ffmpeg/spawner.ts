/**
 * How Kerbside starts child processes (ffmpeg, ffprobe) without stalling its
 * event loop. Node forks on the event loop, and fork() copies the parent's
 * page tables: on this project's 2-core VMs that blocks 0.45 ms per MiB of
 * RSS, so a 400 MiB Kerbside froze ~0.2 s per ffmpeg (39 cameras: 78 of
 * them at start, more at each reconnect), delaying live frames and board
 * pushes (nodejs/node#14917). Children are therefore started by a small
 * broker process (spawn-broker.mjs), forked once while Kerbside is small.
 *
 * Protocol over the IPC channel. Kerbside → broker:
 * `{op: "spawn", id, command, args, env, cwd, stdio, stdinFrom?}` and
 * `{op: "kill", id, signal}`. Broker → Kerbside: `{id, ev: "spawn", pid}`,
 * then `{id, ev: "fd", fd}` with each pipe's end as the message's handle,
 * then `{id, ev: "exit", code, signal}`; or `{id, ev: "error", …}`. A stdio
 * entry "keep" leaves that stdout in the broker for a later spawn's
 * `stdinFrom` (the demuxer → decoder pipe never passes through Kerbside).
 *
 * The returned child looks like Node's ChildProcess to its users (stdio
 * streams at once, pid once started, kill, exitCode/signalCode, and the
 * spawn/error/exit/close events in Node's order). If the broker dies, its
 * children are killed and reported as ended by SIGKILL; the next spawn
 * starts a new broker. KERBSIDE_SPAWN=direct spawns in-process instead.
 */
import { fork, spawn, type ChildProcess } from "node:child_process";
import { EventEmitter } from "node:events";
import type { Socket } from "node:net";
import { PassThrough, type Readable, type Writable } from "node:stream";
import { fileURLToPath } from "node:url";

export type StdioKind = "pipe" | "ignore";

/** What Kerbside uses of a child process; Node's ChildProcess has the same shape. */
export interface SpawnedChild extends EventEmitter {
  readonly pid?: number | undefined;
  readonly stdin: Writable | null;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  readonly stdio: readonly (Readable | Writable | null | undefined)[];
  readonly exitCode: number | null;
  readonly signalCode: NodeJS.Signals | null;
  kill(signal?: NodeJS.Signals): boolean;
}

export interface SpawnOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** fd 0 up; "pipe" gives a stream on the child. */
  stdio: StdioKind[];
  /** Feed this child's stdout (spawned with pipeStdoutOnward) to the new child's stdin, OS pipe to OS pipe. */
  stdinFrom?: SpawnedChild;
  /** Keep this child's stdout for a later spawn's stdinFrom (its `stdout` is then null here). */
  pipeStdoutOnward?: boolean;
}

const BROKER_SCRIPT = fileURLToPath(new URL("./spawn-broker.mjs", import.meta.url));

export function spawnChild(command: string, args: readonly string[], options: SpawnOptions): SpawnedChild {
  if (process.env.KERBSIDE_SPAWN === "direct") return spawnDirect(command, args, options);
  return broker().spawn(command, args, options);
}

/** In-process spawn (KERBSIDE_SPAWN=direct): Node's own child, blocking the event loop while it forks. */
function spawnDirect(command: string, args: readonly string[], options: SpawnOptions): SpawnedChild {
  const stdinFrom = options.stdinFrom?.stdout;
  const stdio = options.stdio.map((kind, fd) => (fd === 0 && stdinFrom ? stdinFrom : kind));
  const child: ChildProcess = spawn(command, args, { env: options.env ?? process.env, cwd: options.cwd, stdio });
  // The new child holds its own end now; closing ours lets the writer see EPIPE if the reader stops.
  if (stdinFrom) stdinFrom.destroy();
  return child;
}

let current: Broker | null = null;

function broker(): Broker {
  // A broker whose channel closed is going away: its exit is reported soon, new children go to a new one.
  if (!current || current.dead || !current.connected) current = new Broker();
  return current;
}

interface BrokerMessage {
  id: number;
  ev: "spawn" | "fd" | "exit" | "error";
  pid?: number;
  fd?: number;
  code?: number | null;
  signal?: NodeJS.Signals | null;
  message?: string;
  errno?: number;
}

class Broker {
  dead = false;
  private nextId = 1;
  private readonly process: ChildProcess;
  private readonly children = new Map<number, BrokeredChild>();

  constructor() {
    // Plain JS with no loader: the broker stays small, so its own forks are cheap.
    this.process = fork(BROKER_SCRIPT, [], { execArgv: [], stdio: ["ignore", "inherit", "inherit", "ipc"], serialization: "json" });
    this.process.on("message", (message: BrokerMessage, handle?: Socket) => this.onMessage(message, handle));
    this.process.on("exit", () => this.onBrokerExit());
    this.process.on("error", () => this.onBrokerExit());
    this.idle();
  }

  get connected(): boolean {
    return this.process.connected;
  }

  spawn(command: string, args: readonly string[], options: SpawnOptions): SpawnedChild {
    const id = this.nextId++;
    const child: BrokeredChild = new BrokeredChild(id, options, (signal: NodeJS.Signals): boolean => this.kill(id, child, signal));
    this.children.set(id, child);
    this.busy();
    const from = options.stdinFrom instanceof BrokeredChild ? options.stdinFrom.brokerId : undefined;
    const stdio = options.stdio.map((kind, fd) => (fd === 1 && options.pipeStdoutOnward ? "keep" : kind));
    this.process.send({ op: "spawn", id, command, args, env: options.env ?? process.env, cwd: options.cwd, stdio, stdinFrom: from });
    return child;
  }

  private kill(id: number, child: BrokeredChild, signal: NodeJS.Signals): boolean {
    if (this.dead || !this.process.connected) {
      if (child.pid === undefined) return false;
      try {
        process.kill(child.pid, signal);
        return true;
      } catch {
        return false; // already gone
      }
    }
    this.process.send({ op: "kill", id, signal });
    return true;
  }

  private onMessage(message: BrokerMessage, handle: Socket | undefined): void {
    const child = this.children.get(message.id);
    if (!child) {
      handle?.destroy();
      return;
    }
    if (message.ev === "spawn") child.started(message.pid as number);
    else if (message.ev === "fd") child.attach(message.fd as number, handle);
    else if (message.ev === "exit") this.ended(child, () => child.exited(message.code ?? null, message.signal ?? null));
    else this.ended(child, () => child.failed(message.message ?? "spawn failed", message.errno ?? -1));
  }

  private ended(child: BrokeredChild, report: () => void): void {
    this.children.delete(child.brokerId);
    report();
    if (this.children.size === 0) this.idle();
  }

  /** The broker died: its children are stopped and reported ended, so nobody waits on them for ever. */
  private onBrokerExit(): void {
    if (this.dead) return;
    this.dead = true;
    for (const child of this.children.values()) {
      if (child.pid !== undefined) {
        try {
          process.kill(child.pid, "SIGKILL");
        } catch {
          // already gone
        }
        child.exited(null, "SIGKILL");
      } else child.failed("the spawn broker exited before starting the process", -1);
    }
    this.children.clear();
  }

  /** With no child running, the broker does not keep Kerbside alive (a CLI command exits when done). */
  private idle(): void {
    this.process.unref();
    this.channel()?.unref();
  }

  private busy(): void {
    this.process.ref();
    this.channel()?.ref();
  }

  private channel(): { ref(): void; unref(): void } | undefined {
    return (this.process as unknown as { channel?: { ref(): void; unref(): void } }).channel;
  }
}

/**
 * A child started by the broker. Its stdio are PassThroughs handed out at
 * once and joined to the real pipe ends when they arrive, so callers use it
 * synchronously like Node's ChildProcess.
 */
class BrokeredChild extends EventEmitter implements SpawnedChild {
  pid: number | undefined;
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;
  readonly stdio: (Readable | Writable | null)[];
  private done = false;
  private openReadables = 0;
  private readonly attached = new Set<number>();
  private closeArgs: [number | null, NodeJS.Signals | null] | null = null;

  constructor(
    readonly brokerId: number,
    options: SpawnOptions,
    private readonly sendKill: (signal: NodeJS.Signals) => boolean,
  ) {
    super();
    this.stdio = options.stdio.map((kind, fd) => {
      if (kind !== "pipe" || (fd === 1 && options.pipeStdoutOnward) || (fd === 0 && options.stdinFrom)) return null;
      const stream = new PassThrough();
      if (fd > 0) {
        this.openReadables++;
        stream.once("close", () => this.readableClosed());
      }
      return stream;
    });
  }

  get stdin(): Writable | null {
    return (this.stdio[0] as Writable | null | undefined) ?? null;
  }

  get stdout(): Readable | null {
    return (this.stdio[1] as Readable | null | undefined) ?? null;
  }

  get stderr(): Readable | null {
    return (this.stdio[2] as Readable | null | undefined) ?? null;
  }

  kill(signal: NodeJS.Signals = "SIGTERM"): boolean {
    if (this.done) return false;
    return this.sendKill(signal);
  }

  started(pid: number): void {
    this.pid = pid;
    this.emit("spawn");
  }

  attach(fd: number, socket: Socket | undefined): void {
    const stream = this.stdio[fd];
    if (!socket) return;
    this.attached.add(fd);
    if (!stream) {
      socket.destroy();
      return;
    }
    // A pipe whose reader or writer went away is the child's business (EPIPE), not an error here.
    socket.on("error", () => undefined);
    if (fd === 0) {
      const stdin = stream as PassThrough;
      stdin.on("error", () => undefined);
      stdin.pipe(socket);
    } else socket.pipe(stream as PassThrough);
  }

  exited(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.done) return;
    this.done = true;
    this.exitCode = code;
    this.signalCode = signal;
    this.emit("exit", code, signal);
    this.closeWhenDrained(code, signal);
  }

  failed(message: string, errno: number): void {
    if (this.done) return;
    this.done = true;
    this.exitCode = errno;
    this.emit("error", Object.assign(new Error(message), { errno, code: /\b(E[A-Z]+)\b/.exec(message)?.[1] }));
    for (const stream of this.stdio) stream?.destroy();
    this.closeWhenDrained(errno, null);
  }

  /**
   * Node emits "close" after "exit" once every output pipe has closed, and
   * drains the pipes nobody reads so that it does; so does this.
   */
  private closeWhenDrained(code: number | null, signal: NodeJS.Signals | null): void {
    this.closeArgs = [code, signal];
    for (const [fd, stream] of this.stdio.entries()) {
      if (fd === 0 || !stream) continue;
      const output = stream as PassThrough;
      // A pipe whose end never arrived (the spawn failed, the broker died) has nothing more to give.
      if (!this.attached.has(fd) && !output.writableEnded) output.end();
      if (output.readableFlowing === null) output.resume();
    }
    this.maybeClose();
  }

  private readableClosed(): void {
    this.openReadables--;
    this.maybeClose();
  }

  private maybeClose(): void {
    if (this.closeArgs && this.openReadables <= 0) {
      const args = this.closeArgs;
      this.closeArgs = null;
      this.emit("close", ...args);
    }
  }
}
