import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { escapeXml } from "../../src/detect/escape-xml.js";
import { annotateSnapshot, cropObject, cropRegion, overlaySvg } from "../../src/incidents/evidence-annotate.js";
import { cutClip } from "../../src/incidents/evidence-clip.js";
import { extractFrame } from "../../src/incidents/evidence-frame.js";
import { digestFile } from "../../src/incidents/evidence-hash.js";
import { VTEST, encodeVtest, tempDir } from "../scan/fixtures.js";

const fixture = tempDir("evidence-media");
let h264 = "";
beforeAll(() => {
  h264 = encodeVtest(fixture.dir, { codec: "h264", seconds: 12, gopFrames: 20, name: "h264.mp4" });
});
afterAll(() => fixture.cleanup());

const VAN = { x1: 652, y1: 45, x2: 722, y2: 100 };

function probe(file: string): { codec: string; duration: number; width: number } {
  const out = execFileSync("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,width:format=duration", "-of", "json", file]);
  const json = JSON.parse(out.toString()) as { streams: { codec_name: string; width: number }[]; format: { duration: string } };
  return { codec: json.streams[0]!.codec_name, width: json.streams[0]!.width, duration: Number(json.format.duration) };
}

describe("evidence media", () => {
  it("extracts the full-resolution frame at a footage offset", async () => {
    const png = await extractFrame(VTEST, 30);
    const meta = await sharp(png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["png", 768, 576]);
    const other = await extractFrame(VTEST, 31);
    expect(png.equals(other)).toBe(false);
  });

  it("burns the zone, the box and the caption into a JPEG snapshot", async () => {
    const png = await extractFrame(VTEST, 30);
    const jpeg = await annotateSnapshot(png, {
      polygon: [[0.8, 0.02], [0.98, 0.02], [0.98, 0.25], [0.8, 0.25]],
      box: VAN,
      caption: ["人民路口 (P01)", "illegal_parking · no_parking-1 · car", "2026-12-08 08:00:30 Asia/Shanghai"],
    });
    const meta = await sharp(jpeg).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 768, 576]);
    const { data } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number): number[] => [...data.subarray((y * 768 + x) * 3, (y * 768 + x) * 3 + 3)];
    const [r, g, b] = at(VAN.x1, 72); // left edge of the box: red stroke
    expect(r).toBeGreaterThan(180);
    expect(g).toBeLessThan(90);
    expect(b).toBeLessThan(90);
    const band = at(4, 4); // caption band darkens the top-left corner
    const original = await sharp(png).raw().toBuffer();
    expect(band[0]!).toBeLessThan(original[(4 * 768 + 4) * 3]! * 0.7);
  });

  it("escapes caption text for the SVG overlay", () => {
    expect(escapeXml(`a<b>&"c'`)).toBe("a&lt;b&gt;&amp;&quot;c&apos;");
    const svg = overlaySvg(100, 100, { polygon: [[0, 0], [1, 0], [1, 1]], box: { x1: 10, y1: 10, x2: 20, y2: 20 }, caption: ["<x>"] });
    expect(svg).toContain("&lt;x&gt;");
    expect(svg).toContain('points="0.0,0.0 100.0,0.0 100.0,100.0"');
  });

  it("crops the object with a margin, clamped to the image", async () => {
    expect(cropRegion(VAN, 768, 576)).toEqual({ left: 634, top: 31, width: 106, height: 83 });
    expect(cropRegion({ x1: 750, y1: 0, x2: 768, y2: 20 }, 768, 576)).toEqual({ left: 742, top: 0, width: 26, height: 28 });
    const crop = await cropObject(await extractFrame(VTEST, 30), VAN);
    const meta = await sharp(crop).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 106, 83]);
  });

  it("stream-copies an MP4 clip from H.264 footage", async () => {
    const dir = path.join(fixture.dir, "h264-clip");
    execFileSync("mkdir", ["-p", dir]);
    const clip = await cutClip(h264, 4, 6, dir);
    expect(clip.mode).toBe("copy-mp4");
    expect(path.basename(clip.path)).toBe("clip.mp4");
    const info = probe(clip.path);
    expect(info.codec).toBe("h264");
    expect(info.width).toBe(768);
    expect(info.duration).toBeGreaterThan(5);
    expect(info.duration).toBeLessThan(9);
  });

  it("falls back to Matroska for codecs MP4 does not take (msmpeg4v3), still a stream copy", async () => {
    const dir = path.join(fixture.dir, "avi-clip");
    execFileSync("mkdir", ["-p", dir]);
    const clip = await cutClip(VTEST, 30, 10, dir);
    expect(clip.mode).toBe("copy-mkv");
    expect(path.basename(clip.path)).toBe("clip.mkv");
    expect(probe(clip.path).codec).toBe("msmpeg4v3");
  });

  it("hashes a file exactly as sha256sum would", async () => {
    const file = path.join(fixture.dir, "blob.bin");
    const bytes = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 31) % 251));
    writeFileSync(file, bytes);
    const digest = await digestFile(file);
    expect(digest.bytes).toBe(300_000);
    expect(digest.sha256).toBe(createHash("sha256").update(readFileSync(file)).digest("hex"));
    expect(digest.sha256).toBe(execFileSync("sha256sum", [file]).toString().split(" ")[0]);
  });
});
