/**
 * The one way Kerbside runs ffmpeg and ffprobe. Every run has a time limit:
 * short jobs (probes, evidence frames and clips) pass a required `timeoutMs`
 * and are stopped SIGTERM → SIGKILL when they pass it; long-running streamed
 * processes (recorder, playback download, frame sampler) are spawned here too
 * and guarded by a Watchdog (./watchdog.ts) that stops them when they stop
 * making progress. Errors are coded: KERB_ERR_FFMPEG_TIMEOUT for a job that
 * was stopped, KERB_ERR_FFMPEG_FAILED for one that failed (stderr kept), and
 * both name what the job worked on.
 */
import type { Readable } from "node:stream";
import { KerbsideError, type ErrorCode } from "../errors.js";
import { locateFfmpeg } from "./locate.js";
import { startProcess, type ManagedProcess, type ProcessOptions } from "./process.js";
import { spawnChild, type SpawnedChild } from "./spawner.js";
import { stopProcess } from "./stop-process.js";

export type Tool = "ffmpeg" | "ffprobe";

export interface RunToolOptions {
  /** Required: the job is stopped after this many ms (a wedged ffprobe never blocks a scan). */
  timeoutMs: number;
  /** What the job works on (usually a file), named in errors. */
  subject: string;
  /** stdout bytes accepted before the job is stopped as runaway (default 64 MiB). */
  maxStdoutBytes?: number;
  /** SIGTERM → SIGKILL grace when stopping (default 2000 ms). */
  stopGraceMs?: number;
  /** stderr characters kept, the newest (default 8000; a trace_headers run needs more). */
  stderrChars?: number;
  env?: NodeJS.ProcessEnv;
}

export interface ToolOutput {
  stdout: Buffer;
  stderr: string;
}

/** A failed or stopped run, with ffmpeg's own words kept for the caller's message. */
export class ToolError extends KerbsideError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly stderr: string,
    readonly timedOut: boolean,
  ) {
    super(code, message);
  }
}

export function toolPath(tool: Tool): string {
  return locateFfmpeg()[tool];
}

/** Runs a short job to completion and returns its output; see the module comment for errors. */
export async function runTool(tool: Tool, args: readonly string[], options: RunToolOptions): Promise<ToolOutput> {
  const child = spawnTool(tool, args, { env: options.env });
  const out: Buffer[] = [];
  let outBytes = 0;
  let stderr = "";
  let stopped: "timeout" | "runaway" | undefined;
  const stop = (why: "timeout" | "runaway"): void => {
    stopped ??= why;
    void stopProcess(child, options.stopGraceMs ?? 2000);
  };
  child.stdout.on("data", (chunk: Buffer) => {
    outBytes += chunk.length;
    if (outBytes > (options.maxStdoutBytes ?? 64 * 1024 * 1024)) stop("runaway");
    else out.push(chunk);
  });
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (text: string) => {
    stderr = (stderr + text).slice(-(options.stderrChars ?? 8000));
  });
  const timer = setTimeout(() => stop("timeout"), options.timeoutMs);
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once("error", (error) => reject(new KerbsideError("KERB_ERR_FFMPEG_MISSING", `cannot start ${tool} for ${options.subject}: ${error.message}`, { cause: error })));
      child.once("close", (exitCode) => resolve(exitCode));
    });
    const tail = stderr.trim();
    if (stopped === "timeout") {
      throw new ToolError("KERB_ERR_FFMPEG_TIMEOUT", `${tool} on ${options.subject} was stopped after ${options.timeoutMs} ms without finishing`, tail, true);
    }
    if (stopped === "runaway") throw new ToolError("KERB_ERR_FFMPEG_FAILED", `${tool} on ${options.subject} printed more output than expected; stopped`, tail, false);
    if (code !== 0) throw new ToolError("KERB_ERR_FFMPEG_FAILED", `${tool} on ${options.subject} exited with ${code}${tail ? `: ${tail}` : ""}`, tail, false);
    return { stdout: Buffer.concat(out), stderr };
  } finally {
    clearTimeout(timer);
  }
}

/** A child with binary stdout and a stderr to read. */
export type ToolChild = SpawnedChild & { readonly stdout: Readable; readonly stderr: Readable };

/** A streamed child with binary stdout (the frame sampler); stop it with stopProcess. */
export function spawnTool(
  tool: Tool,
  args: readonly string[],
  options: {
    env?: NodeJS.ProcessEnv;
    /** A stand-in binary (tests' fixture scripts). */
    binary?: string;
    /** Another tool's stdout as stdin (the packet-dropping sampler's demuxer → decoder); that one was spawned with stdoutOnward. */
    stdinFrom?: SpawnedChild;
  } = {},
): ToolChild {
  const stdio: ("pipe" | "ignore")[] = [options.stdinFrom ? "pipe" : "ignore", "pipe", "pipe"];
  return spawnChild(options.binary ?? toolPath(tool), args, { env: options.env ?? process.env, stdio, stdinFrom: options.stdinFrom }) as ToolChild;
}

/** A tool whose stdout goes on to another tool's stdin (spawnTool's stdinFrom), never through Kerbside. */
export function spawnToolFeeding(tool: Tool, args: readonly string[], options: { binary?: string; env?: NodeJS.ProcessEnv } = {}): SpawnedChild & { readonly stderr: Readable } {
  return spawnChild(options.binary ?? toolPath(tool), args, { env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"], pipeStdoutOnward: true }) as SpawnedChild & { readonly stderr: Readable };
}

/** A long-running, line-oriented child (recorder, playback download): see process.ts. */
export function startTool(tool: Tool, args: readonly string[], options: ProcessOptions = {}): ManagedProcess {
  return startProcess(toolPath(tool), args, options);
}
