// An evidence clip whose span crosses a segment boundary is joined from both
// segments (stream copy), not cut short where the first one ends.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cutClip } from "../../src/incidents/evidence-clip.js";
import { makeH264Clip, tempDir } from "../footage/helpers.js";

const tmp = tempDir("clip-join");
afterAll(() => tmp.cleanup());
const duration = (file: string): number =>
  Number(execFileSync("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", file]).toString().trim());

describe("evidence clip across segments", () => {
  it("joins the neighbouring segment so a clip near the end of one keeps its full length", async () => {
    const a = makeH264Clip(path.join(tmp.dir, "P_20261208T080000.mkv"), 4);
    const b = makeH264Clip(path.join(tmp.dir, "P_20261208T080004.mkv"), 4);
    const single = path.join(tmp.dir, "single");
    const joined = path.join(tmp.dir, "joined");
    mkdirSync(single);
    mkdirSync(joined);
    const short = await cutClip(a, 2, 4, single);
    const whole = await cutClip([a, b], 2, 4, joined);
    expect(duration(short.path)).toBeLessThan(2.6);
    expect(whole.mode).toBe("copy-mp4");
    expect(duration(whole.path)).toBeGreaterThan(3.8);
    expect(duration(whole.path)).toBeLessThan(4.6);
    expect(execFileSync("ffmpeg", ["-v", "error", "-i", whole.path, "-f", "null", "-"], { stdio: ["ignore", "pipe", "pipe"] }).toString()).toBe("");
  });
});
