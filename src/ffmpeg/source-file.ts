/**
 * Camera URLs with credentials reach ffmpeg through a file, never its
 * command line (where `ps` shows them to every local user). ffmpeg 5.1 has
 * no way to read an option from a file (`-/option` came in 7.0), and
 * `-headers "Authorization: …"` is argv too; the concat demuxer, though,
 * reads its input URL and that input's options (`option key value`) from an
 * ffconcat text, written 0600 beside the footage. This works for HTTP and for
 * RTSP (pull or listen, with its transport and socket timeout) and NVR
 * playback alike: the camera still gets the credentials (Basic/Digest auth),
 * and ffmpeg ends when the stream ends exactly as with a direct input.
 */
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { RecordInput } from "./record-args.js";

/** Every protocol a camera URL may use, and `file` for the ffconcat text itself. */
export const SOURCE_FILE_PROTOCOLS = "file,crypto,data,http,https,rtsp,rtp,tcp,udp,tls";

/** True when the URL carries a user or password. */
export function hasCredentials(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.username !== "" || parsed.password !== "";
  } catch {
    return /\/\/[^/@]+@/.test(url);
  }
}

type UrlInput = Extract<RecordInput, { url: string }>;

/** The ffconcat text naming the input's URL with the options its direct command line would carry. */
export function sourceFileText(input: UrlInput): string {
  const quoted = `'${input.url.replace(/'/g, "'\\''")}'`;
  const lines = ["ffconcat version 1.0", `file ${quoted}`, ...inputOptions(input).map(([key, value]) => `option ${key} ${value}`)];
  return `${lines.join("\n")}\n`;
}

function inputOptions(input: UrlInput): [string, string][] {
  const timeout = String(Math.round(input.ioTimeoutSec * 1_000_000));
  switch (input.kind) {
    case "http":
      return [["rw_timeout", timeout]];
    case "rtsp":
      return [input.listen ? ["rtsp_flags", "listen"] : ["timeout", timeout], ...(input.transport ? [["rtsp_transport", input.transport] as [string, string]] : [])];
    case "playback":
      return input.url.startsWith("rtsp") ? [["rtsp_transport", "tcp"], ["timeout", timeout]] : [["rw_timeout", timeout]];
  }
}

/** ffmpeg's input arguments for an ffconcat source file. */
export function sourceFileArgs(urlFile: string): string[] {
  return ["-f", "concat", "-safe", "0", "-protocol_whitelist", SOURCE_FILE_PROTOCOLS, "-i", urlFile];
}

/**
 * The input as ffmpeg should get it: a URL with credentials is written (mode
 * 0600) to `file` and the input points there; anything else is unchanged.
 */
export function withSourceFile(input: RecordInput, file: string): RecordInput {
  if (input.kind === "file" || !hasCredentials(input.url)) return input;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, sourceFileText(input), { mode: 0o600 });
  chmodSync(file, 0o600);
  return { ...input, urlFile: file };
}
