/**
 * RTSP camera passwords stay off the process list (issue 7.8): the recorder
 * and the live reader hand ffmpeg the URL in a 0600 ffconcat file, and the
 * camera still gets the credentials. Real ffmpeg against a small RTSP camera
 * on 127.0.0.1 that asks for Basic authentication and records what it gets,
 * and a camera pushing H.264 High with B-frames and AAC to a listening
 * recorder whose URL carries a password, recorded into readable segments.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseDeployment } from "../../src/config/load.js";
import { startProcess, type ManagedProcess } from "../../src/ffmpeg/process.js";
import { FootageService } from "../../src/footage/footage-service.js";
import { FrameReader } from "../../src/live/frame-reader.js";
import { openDatabase } from "../../src/store/database.js";
import { freePort, makeCameraClip, memoryLogger, tempDir, waitFor } from "./helpers.js";

const PASSWORD = "S3cr#t-pw";
const tmp = tempDir("rtsp-credentials");
afterAll(() => tmp.cleanup());

/** An RTSP camera that answers 401 (Basic) until a request carries credentials, then stays silent; keeps every Authorization header. */
async function authCamera(): Promise<{ url: (user: string) => string; authorizations: string[]; close: () => Promise<void> }> {
  const authorizations: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    let buffered = "";
    socket.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("latin1");
      for (let end = buffered.indexOf("\r\n\r\n"); end >= 0; end = buffered.indexOf("\r\n\r\n")) {
        const request = buffered.slice(0, end);
        buffered = buffered.slice(end + 4);
        const auth = /^Authorization: (.*)$/im.exec(request)?.[1];
        if (auth) authorizations.push(auth.trim());
        else socket.write(`RTSP/1.0 401 Unauthorized\r\nCSeq: ${/^CSeq: (\d+)/im.exec(request)?.[1] ?? "1"}\r\nWWW-Authenticate: Basic realm="camera"\r\n\r\n`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: (user) => `rtsp://${user}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}/Streaming/Channels/101`,
    authorizations,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

const basic = (user: string): string => `Basic ${Buffer.from(`${user}:${PASSWORD}`).toString("base64")}`;
const processList = (): string => spawnSync("ps", ["-eo", "args="], { encoding: "utf8" }).stdout;

function footageService(name: string, source: Record<string, unknown>) {
  const storageDir = path.join(tmp.dir, name);
  const deployment = parseDeployment({
    storageDir,
    units: [{ id: "u", name: "交警大队" }],
    points: [{ id: "R01", name: "测试点位", category: "main_road", units: ["u"], source }],
  }, path.join(tmp.dir, `${name}.yaml`));
  const db = openDatabase(path.join(storageDir, "kerbside.db"));
  const memory = memoryLogger();
  const footage = new FootageService({
    deployment, db, log: memory.log, retentionSchedule: false,
    tuning: { initialBackoffMs: 300, maxBackoffMs: 1000, stopTimeoutMs: 4000, ioTimeoutSec: 3 },
  });
  return { footage, db, storageDir, lines: memory.lines };
}

describe("RTSP credentials off the process list", () => {
  it("the recorder's ffmpeg authenticates to the camera with a password no ps shows", async () => {
    const camera = await authCamera();
    const { footage, db, storageDir, lines } = footageService("pull", { kind: "rtsp", url: camera.url("admin"), transport: "tcp", segmentSec: 2 });
    try {
      footage.start();
      await waitFor(() => camera.authorizations.length > 0, 20_000, "an authenticated request");
      expect(camera.authorizations[0]).toBe(basic("admin"));
      const ps = processList();
      expect(ps).toMatch(/ffmpeg .*-f concat .*\.source\.ffconcat/); // the recorder's ffmpeg is running, waiting on the camera
      expect(ps).not.toContain(PASSWORD);
      expect(ps).not.toContain(encodeURIComponent(PASSWORD));
      const file = path.join(storageDir, "footage", "R01", ".incoming", ".source.ffconcat");
      expect(statSync(file).mode & 0o777).toBe(0o600);
    } finally {
      await footage.close();
      db.close();
      await camera.close();
    }
    expect(lines.join("\n")).not.toContain(encodeURIComponent(PASSWORD));
  }, 60_000);

  it("the live reader's ffmpeg does the same", async () => {
    const camera = await authCamera();
    const secretDir = path.join(tmp.dir, "reader-secret");
    const reader = new FrameReader({
      pointId: "R01", input: { kind: "rtsp", url: camera.url("viewer"), transport: "tcp", ioTimeoutSec: 3 },
      width: 64, height: 64, everySec: 1, log: memoryLogger().log, secretDir,
      onFrame: () => undefined, onState: () => undefined,
    });
    try {
      reader.start();
      await waitFor(() => camera.authorizations.length > 0, 20_000, "an authenticated request");
      expect(camera.authorizations[0]).toBe(basic("viewer"));
      const ps = processList();
      expect(ps).toMatch(/ffmpeg .*-f concat .*\.detect\.ffconcat/);
      expect(ps).not.toContain(encodeURIComponent(PASSWORD));
      expect(statSync(path.join(secretDir, ".detect.ffconcat")).mode & 0o777).toBe(0o600);
    } finally {
      await reader.close();
      await camera.close();
    }
  }, 60_000);

  it("records a camera with B-frames and audio through the file-borne URL into readable segments", async () => {
    const clip = makeCameraClip(path.join(tmp.dir, "camera.mp4"), 30, { codec: "h264", audio: true });
    const port = await freePort();
    const { footage, db } = footageService("listen", { kind: "rtsp", url: `rtsp://cam:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}/cam`, listen: true, transport: "tcp", segmentSec: 2 });
    let publisher: ManagedProcess | undefined;
    try {
      footage.start();
      for (let attempt = 0; attempt < 20 && !publisher?.isRunning(); attempt++) {
        await publisher?.stop();
        await new Promise((r) => setTimeout(r, 500));
        publisher = startProcess("ffmpeg", ["-v", "error", "-re", "-i", clip, "-c", "copy", "-f", "rtsp", "-rtsp_transport", "tcp", `rtsp://127.0.0.1:${port}/cam`], { stopTimeoutMs: 1000 });
        await new Promise((r) => setTimeout(r, 1000));
      }
      await waitFor(() => footage.store.list({ pointId: "R01" }).length >= 3, 40_000, "three segments");
      expect(processList()).not.toContain(encodeURIComponent(PASSWORD));
      await footage.close();
      const segments = footage.store.list({ pointId: "R01" });
      expect(segments.map((s) => [s.status, s.codec])).toEqual(segments.map(() => ["ok", "h264"]));
      for (const s of segments) {
        const streams = execFileSync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", s.path]).toString().trim().split("\n");
        expect(streams).toEqual(["h264", "aac"]);
      }
      expect(footage.healthStore.get("R01")?.reconnects).toBe(0);
    } finally {
      await publisher?.stop();
      await footage.close();
      db.close();
    }
  }, 90_000);
});
