/// <reference lib="dom" />
/**
 * A camera that sends but whose every recording is unreadable shows as
 * failing on the board — on its tile and on the health page — not as "clear"
 * (it has no incidents because nothing it records can be scanned). A real
 * `kerbside run` and chromium; the camera is a fixture ffmpeg
 * (tests/web/fixtures/fake-ffmpeg-recorder-unreadable.mjs) that writes
 * garbage segments.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedPort, tempDir } from "../service/fixtures.js";
import { ADMIN_PASSWORD, startBoardRun, type BoardRun } from "./board-run.js";
import { noHorizontalOverflow, openBrowser, signIn, type Browser } from "./browser.js";

const SCREENSHOTS = path.resolve(".tmp/screenshots");
const FAKE_FFMPEG = path.resolve("tests/web/fixtures/fake-ffmpeg-recorder-unreadable.mjs");

const yaml = (port: number) => `
name: failing camera test
timezone: Asia/Shanghai
storageDir: ./data
detector: { threads: 1 }
units:
  - { id: urban_management, name: 县城市管理综合执法局, name_en: Urban Management Bureau }
rules:
  sidewalk_parking: { classes: [car, truck], zones: [sidewalk], minDwellSec: 20, unit: urban_management }
board: { port: 0 }
points:
  - id: F01
    name: 测试主干道·故障机位
    category: main_road
    units: [urban_management]
    source: { kind: rtsp, url: "rtsp://127.0.0.1:${port}/cam", segmentSec: 2 }
    zones:
      - { id: kerb, name: 人行道, kind: sidewalk, polygon: [[0.1, 0.5], [0.9, 0.5], [0.9, 0.9], [0.1, 0.9]] }
`;

const fixture = tempDir("board-failing");
let run: BoardRun;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const [started, opened] = await Promise.all([startBoardRun(fixture.dir, yaml(await closedPort()), 90_000, { FFMPEG_PATH: FAKE_FFMPEG }), openBrowser()]);
  [run, browser] = [started, opened];
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await run?.stop();
  fixture.cleanup();
}, 60_000);

describe("a camera whose recordings are unreadable", () => {
  it("is shown as failing on its tile and on the health page, with no console error", async () => {
    const page = await browser.newPage();
    await signIn(page, run.url, "admin", ADMIN_PASSWORD);
    const status = page.locator('[data-point="F01"] [data-test=tile-status]');
    // The board follows the camera's health by push: no reload.
    await expect.poll(() => status.getAttribute("data-camera"), { timeout: 60_000 }).toBe("failing");
    expect(await status.textContent()).toMatch(/^摄像头故障（自 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} GMT\+8）：录像无法读取$/);
    expect(await page.locator('[data-point="F01"]').getAttribute("class")).toContain("tile-failing");
    expect(await page.locator('[data-point="F01"] [data-test=tile-open]').textContent()).toBe("待处理 0 起");

    await page.goto(`${run.url}/health`);
    const state = page.locator('[data-point="F01"] [data-test=camera-state]');
    await state.waitFor({ timeout: 15_000 });
    expect(await state.getAttribute("data-state")).toBe("failing");
    expect(await state.textContent()).toContain("故障（录像无法读取）");
    expect(await page.locator('[data-point="F01"]').textContent()).toContain("recorded segments in a row are unreadable");
    for (const [width, height] of [[375, 812], [1920, 1080]] as const) {
      await page.setViewportSize({ width, height });
      await page.reload();
      await page.locator('[data-point="F01"] [data-test=camera-state]').waitFor({ timeout: 15_000 });
      await page.waitForLoadState("networkidle");
      await page.screenshot({ path: path.join(SCREENSHOTS, `health-failing-${width}x${height}.png`), fullPage: true });
      const size = await noHorizontalOverflow(page);
      expect(size.scrollWidth).toBeLessThanOrEqual(size.innerWidth);
    }
    expect(browser.errors).toEqual([]);
  }, 180_000);
});
