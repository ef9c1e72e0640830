/**
 * The processes behind a frame sampler: one decoding ffmpeg, or — the
 * packet-dropping sampler — a stream-copy demuxer that keeps one keyframe per
 * sampling bucket, its stdout handed straight (an OS pipe, no copy through
 * Node) to the decoding ffmpeg's stdin. The sampler reads frames from the
 * decoder's stdout and their times from its stderr either way; the demuxer's
 * stderr is kept for error messages.
 */
import type { Readable } from "node:stream";
import { spawnTool, spawnToolFeeding, type ToolChild } from "../ffmpeg/run-tool.js";
import type { SpawnedChild } from "../ffmpeg/spawner.js";
import { buildSamplerArgs, type SamplerArgsOptions } from "./ffmpeg-sampler-args.js";
import { buildKeyframeDecodeArgs, buildKeyframeDemuxArgs } from "./keyframe-demux-args.js";

export type SamplerChild = ToolChild;

export interface SamplerProcessOptions extends SamplerArgsOptions {
  /** Drop unneeded packets before the decoder (only meaningful with keyframesOnly). */
  dropPackets?: boolean;
  /** ffmpeg decoder threads (default: ffmpeg's choice). */
  threads?: number;
}

export interface SamplerProcesses {
  decoder: SamplerChild;
  /** The stream-copy demuxer of the packet-dropping sampler, else null. */
  demuxer: DemuxerHandle | null;
}

export interface DemuxerHandle {
  child: SpawnedChild & { readonly stderr: Readable };
  /** Resolves with the exit code (null: killed) once the demuxer has exited. */
  exited: Promise<number | null>;
  stderrTail(): string;
}

export function usesPacketDropping(options: SamplerProcessOptions): boolean {
  return options.keyframesOnly && options.dropPackets === true;
}

export function spawnSamplerProcesses(ffmpeg: string, options: SamplerProcessOptions): SamplerProcesses {
  if (!usesPacketDropping(options)) {
    const args = withThreads(buildSamplerArgs(options), options.threads);
    return { decoder: spawnTool("ffmpeg", args, { binary: ffmpeg }), demuxer: null };
  }
  const demux = spawnToolFeeding("ffmpeg", buildKeyframeDemuxArgs(options), { binary: ffmpeg });
  const demuxer = watchDemuxer(demux);
  // The demuxer's stdout becomes the decoder's stdin; nobody else holds an end, so either sees EPIPE/EOF if the other stops.
  const decoder = spawnTool("ffmpeg", buildKeyframeDecodeArgs(options), { binary: ffmpeg, stdinFrom: demux });
  return { decoder, demuxer };
}

function watchDemuxer(child: SpawnedChild & { readonly stderr: Readable }): DemuxerHandle {
  const tail: string[] = [];
  let partial = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (text: string) => {
    const lines = (partial + text).split(/\r?\n/);
    partial = lines.pop() ?? "";
    for (const line of lines) if (line.trim()) tail.push(line);
    tail.splice(0, Math.max(0, tail.length - 20));
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on("error", () => resolve(-1));
    child.on("close", (code) => resolve(code));
  });
  return { child, exited, stderrTail: () => [...tail, partial].filter((l) => l.trim()).join("\n") };
}

function withThreads(args: string[], threads: number | undefined): string[] {
  if (threads === undefined) return args;
  const input = args.indexOf("-i");
  return [...args.slice(0, input), "-threads", String(threads), ...args.slice(input)];
}
