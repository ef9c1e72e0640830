// The live reader on the streams cameras really push (issue 7.1): H.264 High
// with B-frames and an AAC track, and HEVC with B-frames, over RTSP to a
// listening reader (real ffmpeg on 127.0.0.1). Frames must flow at the
// interval without the reader dropping the session and reconnecting, as the
// recorder once did on the first untimed B-frame packet.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startProcess, type ManagedProcess } from "../../src/ffmpeg/process.js";
import { FrameReader } from "../../src/live/frame-reader.js";
import type { LiveFrame } from "../../src/live/types.js";
import { freePort, makeCameraClip, memoryLogger, tempDir, waitFor } from "../footage/helpers.js";

const tmp = tempDir("reader-codecs");
afterAll(() => tmp.cleanup());

function streamsOf(file: string): string[] {
  return execFileSync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name,has_b_frames", "-of", "csv=p=0", file]).toString().trim().split("\n");
}

/** Pushes `clip` (every stream, looped) to the reader; republishes while the listener is not up yet. */
function publisher(clip: string, url: string): { stop: () => Promise<void> } {
  let running = true;
  let proc: ManagedProcess | null = null;
  const loop = (async () => {
    while (running) {
      proc = startProcess("ffmpeg", ["-v", "error", "-re", "-stream_loop", "-1", "-i", clip, "-map", "0", "-c", "copy", "-f", "rtsp", "-rtsp_transport", "tcp", url], { stopTimeoutMs: 1000 });
      await proc.exited;
      if (running) await new Promise((r) => setTimeout(r, 300));
    }
  })();
  return { stop: async () => { running = false; await proc?.stop(); await loop; } };
}

async function readPushed(clip: string): Promise<{ frames: LiveFrame[]; states: string[]; reconnects: number }> {
  const url = `rtsp://127.0.0.1:${await freePort()}/cam`;
  const frames: LiveFrame[] = [];
  const states: string[] = [];
  const reader = new FrameReader({
    pointId: "L01", input: { kind: "rtsp", url, transport: "tcp", listen: true, ioTimeoutSec: 5 },
    width: 128, height: 128, everySec: 1, log: memoryLogger().log, secretDir: path.join(tmp.dir, path.basename(clip)),
    onFrame: (f) => void frames.push(f), onState: (s) => void states.push(s),
  });
  reader.start();
  const camera = publisher(clip, url);
  try {
    await waitFor(() => frames.length >= 10, 60_000, "ten live frames");
    return { frames: [...frames], states: [...states], reconnects: reader.reconnects };
  } finally {
    await camera.stop();
    await reader.close();
  }
}

function expectSteady({ frames, states, reconnects }: Awaited<ReturnType<typeof readPushed>>): void {
  expect(reconnects).toBe(0);
  expect(states).not.toContain("offline");
  expect(frames[0]?.frame.data.length).toBe(128 * 128 * 3);
  expect(frames[0]?.streamSize).toEqual({ width: 384, height: 288 });
  // After the first burst (ffmpeg's probe buffer), one frame per interval as they arrive.
  const last = frames.slice(-4);
  for (let i = 1; i < last.length; i++) expect((last[i] as LiveFrame).timeMs - (last[i - 1] as LiveFrame).timeMs).toBeGreaterThan(300);
}

describe("live frame reader on cameras' codecs over RTSP", () => {
  it("reads H.264 High with B-frames and an AAC track steadily", async () => {
    const clip = makeCameraClip(path.join(tmp.dir, "high-aac.mp4"), 20, { codec: "h264", audio: true });
    expect(streamsOf(clip)).toEqual(["h264,2", "aac"]);
    expectSteady(await readPushed(clip));
  }, 90_000);

  it("reads HEVC with B-frames steadily", async () => {
    const clip = makeCameraClip(path.join(tmp.dir, "hevc.mp4"), 20, { codec: "hevc" });
    expect(streamsOf(clip)[0]).toMatch(/^hevc,[12]$/);
    expectSteady(await readPushed(clip));
  }, 90_000);
});
