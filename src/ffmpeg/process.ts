/**
 * A child process handled with care: stdout/stderr (and optional extra pipes)
 * split into lines, the last stderr lines kept for error messages, and an
 * idempotent stop() that asks nicely first (ffmpeg: "q" on stdin so the open
 * segment is finalised), then SIGTERM, then SIGKILL, each after a timeout.
 */
import type { Readable } from "node:stream";
import { spawnChild, type SpawnedChild } from "./spawner.js";

export interface ProcessOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** stderr lines kept for error messages (default 40). */
  stderrLines?: number;
  /** Written to stdin first by stop(), e.g. "q" for ffmpeg. Without it stop() starts with SIGTERM. */
  quitInput?: string;
  /** Wait after each stop step before escalating, in ms (default 3000). */
  stopTimeoutMs?: number;
  onStdoutLine?: (line: string) => void;
  onStderrLine?: (line: string) => void;
  /** Extra output pipes from fd 3 up, one line handler each (ffmpeg: -progress pipe:3). */
  extraPipes?: ((line: string) => void)[];
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The kept stderr tail. */
  stderr: string;
  /** Set when the process could not be started (e.g. ENOENT). */
  spawnError?: string;
  /** The last step stop() had to take, when stop() was called. */
  stoppedWith?: "quit" | "SIGTERM" | "SIGKILL";
}

export interface ManagedProcess {
  /** Known once the process has started (see `started`). */
  readonly pid: number | undefined;
  /** Resolves with the pid once the process runs, or undefined when it could not be started. */
  readonly started: Promise<number | undefined>;
  readonly exited: Promise<ExitInfo>;
  isRunning(): boolean;
  stderrTail(): string;
  stop(): Promise<ExitInfo>;
}

export function startProcess(command: string, args: readonly string[], options: ProcessOptions = {}): ManagedProcess {
  const extra = options.extraPipes ?? [];
  const child = spawnChild(command, args, {
    env: options.env ?? process.env,
    cwd: options.cwd,
    stdio: ["pipe", "pipe", "pipe", ...extra.map(() => "pipe" as const)],
  });
  const tail = new LineRing(options.stderrLines ?? 40);
  let running = true;
  let spawnError: string | undefined;
  let stoppedWith: ExitInfo["stoppedWith"];
  child.on("error", (error) => {
    spawnError = error.message;
  });
  child.stdin?.on("error", () => undefined);
  onLines(child.stdout, options.onStdoutLine);
  onLines(child.stderr, (line) => {
    tail.push(line);
    options.onStderrLine?.(line);
  });
  extra.forEach((handler, i) => onLines(child.stdio[3 + i] as Readable | null, handler));
  const exited = new Promise<ExitInfo>((resolve) => {
    child.on("close", (code, signal) => {
      running = false;
      resolve({ code, signal, stderr: tail.text(), spawnError, stoppedWith });
    });
  });
  let stopping: Promise<ExitInfo> | undefined;
  const stop = (): Promise<ExitInfo> => {
    stopping ??= stopChild(child, exited, options, (step) => (stoppedWith = step), () => running);
    return stopping;
  };
  const started = new Promise<number | undefined>((resolve) => {
    if (child.pid !== undefined) resolve(child.pid);
    child.once("spawn", () => resolve(child.pid));
    void exited.then(() => resolve(child.pid));
  });
  return {
    get pid() {
      return child.pid;
    },
    started, exited, isRunning: () => running, stderrTail: () => tail.text(), stop,
  };
}

async function stopChild(
  child: SpawnedChild,
  exited: Promise<ExitInfo>,
  options: ProcessOptions,
  record: (step: NonNullable<ExitInfo["stoppedWith"]>) => void,
  running: () => boolean,
): Promise<ExitInfo> {
  const timeout = options.stopTimeoutMs ?? 3000;
  if (options.quitInput !== undefined && running() && child.stdin?.writable) {
    record("quit");
    child.stdin.write(options.quitInput);
    child.stdin.end();
    if (await exitsWithin(exited, timeout)) return exited;
  }
  for (const signal of ["SIGTERM", "SIGKILL"] as const) {
    if (!running()) return exited;
    record(signal);
    child.kill(signal);
    if (await exitsWithin(exited, signal === "SIGKILL" ? timeout * 3 : timeout)) return exited;
  }
  return exited;
}

function exitsWithin(exited: Promise<ExitInfo>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void exited.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

function onLines(stream: Readable | null | undefined, handler: ((line: string) => void) | undefined): void {
  if (!stream) return;
  let pending = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    const parts = (pending + chunk).split(/\r\n|\n|\r/);
    pending = parts.pop() ?? "";
    for (const line of parts) if (line !== "") handler?.(line);
  });
  stream.on("end", () => {
    if (pending !== "") handler?.(pending);
    pending = "";
  });
}

/** The last N lines, oldest first. */
export class LineRing {
  private readonly lines: string[] = [];

  constructor(private readonly capacity: number) {}

  push(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.capacity) this.lines.shift();
  }

  text(): string {
    return this.lines.join("\n");
  }
}
