// The child-process helper against small fixture scripts that crash, hang
// and print garbage.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LineRing, startProcess } from "../../src/ffmpeg/process.js";

const fixture = (name: string) => path.resolve("tests/footage/fixtures", name);
const node = process.execPath;

describe("startProcess", () => {
  it("keeps the last stderr lines of a crashing child", async () => {
    const proc = startProcess(node, [fixture("crash.mjs")], { stderrLines: 5 });
    const exit = await proc.exited;
    expect(exit.code).toBe(3);
    expect(exit.stderr.split("\n")).toEqual(["line 57", "line 58", "line 59", "line 60", "rtsp://admin:Secret9@192.0.2.3/ch1: Connection refused"]);
    expect(proc.isRunning()).toBe(false);
    expect((await proc.stop()).code).toBe(3);
  });

  it("stops a cooperative child with the quit input, once, however often stop() is called", async () => {
    const lines: string[] = [];
    const proc = startProcess(node, [fixture("quit-on-q.mjs")], { quitInput: "q", onStdoutLine: (l) => lines.push(l) });
    await waitForLine(lines, "ready");
    const [a, b] = await Promise.all([proc.stop(), proc.stop()]);
    expect(a).toBe(b);
    expect(a.code).toBe(0);
    expect(a.stoppedWith).toBe("quit");
    expect(a.stderr).toContain("finalising");
    expect(lines).toContain("not,a,segment,line");
  });

  it("escalates to SIGKILL when a child ignores quit and SIGTERM", async () => {
    const lines: string[] = [];
    const proc = startProcess(node, [fixture("hang.mjs")], { quitInput: "q", stopTimeoutMs: 300, onStdoutLine: (l) => lines.push(l) });
    await waitForLine(lines, "ready");
    const started = Date.now();
    const exit = await proc.stop();
    expect(exit.stoppedWith).toBe("SIGKILL");
    expect(exit.signal).toBe("SIGKILL");
    expect(exit.stderr).toContain("ignoring SIGTERM");
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
  });

  it("reports a command that cannot start", async () => {
    const exit = await startProcess("/nonexistent/ffmpeg", []).exited;
    expect(exit.spawnError).toMatch(/ENOENT/);
  });

  it("ring buffer keeps the newest lines", () => {
    const ring = new LineRing(2);
    ["a", "b", "c"].forEach((l) => ring.push(l));
    expect(ring.text()).toBe("b\nc");
  });
});

async function waitForLine(lines: string[], wanted: string): Promise<void> {
  for (let i = 0; i < 100 && !lines.includes(wanted); i++) await new Promise((r) => setTimeout(r, 50));
  expect(lines).toContain(wanted);
}
