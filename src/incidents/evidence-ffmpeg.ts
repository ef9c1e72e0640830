/**
 * Runs a short ffmpeg job for evidence (one frame, one clip) and returns its
 * stdout; a failure carries ffmpeg's stderr. A job that hangs is stopped
 * SIGTERM → SIGKILL after `timeoutMs`.
 */
import { spawn } from "node:child_process";
import { KerbsideError } from "../errors.js";
import { locateFfmpeg } from "../ffmpeg/locate.js";
import { stopProcess } from "../ffmpeg/stop-process.js";

export async function runFfmpeg(args: readonly string[], timeoutMs = 60_000): Promise<Buffer> {
  const child = spawn(locateFfmpeg().ffmpeg, ["-hide_banner", "-nostdin", "-loglevel", "error", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const out: Buffer[] = [];
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (text: string) => {
    stderr = (stderr + text).slice(-4000);
  });
  const timer = setTimeout(() => {
    void stopProcess(child);
  }, timeoutMs);
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", (exitCode) => resolve(exitCode));
    });
    if (code !== 0) {
      throw new KerbsideError("KERB_ERR_FFMPEG_FAILED", `ffmpeg ${args.join(" ")} exited with ${code}: ${stderr.trim()}`);
    }
    return Buffer.concat(out);
  } finally {
    clearTimeout(timer);
  }
}
