/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The organisers' pre-audit pages in a real chromium against a real
 * `kerbside run` (tests/web/board-run.ts) whose junction J01 replays the
 * sample footage live, encoded as H.264 as a camera sends it (so the mock
 * inspection's footage plays in the browser); C01's camera is offline.
 * Checks: the risk table shows exactly what GET /api/audit/points answered,
 * the heatmap draws its data, a mock clip plays and links to its incident,
 * an on-demand pre-audit shows live progress and ends done, the daily report
 * is made and downloadable, a police user is kept out (redirect, 403),
 * phone and wall-display screenshots without horizontal overflow, and no
 * console error.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page, Response } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedPort, encodeH264, tempDir, VTEST } from "../service/fixtures.js";
import { ADMIN_PASSWORD, apiSession, boardTestYaml, startBoardRun, waitUntil, type BoardRun } from "./board-run.js";
import { noHorizontalOverflow, openBrowser, signIn, type Browser } from "./browser.js";

const SCREENSHOTS = path.resolve(".tmp/screenshots");
const PASSWORDS = { organiser: "organiser-pass-123", police: "police-pass-12345" };

interface AuditPoint {
  id: string;
  name: string;
  pViolation: number;
  pNoFootage: number;
  pUnscanned: number;
  pAny: number;
  violationMinutes: number;
  gapMinutes: number;
  unscannedMinutes: number;
}
interface Incident {
  id: string;
  pointId: string;
  start: string;
}

interface MockDraw {
  expectedProblems: number;
  clips: { pointId: string; violation: boolean; footage: { previewHref: string }[]; incidents: { id: string }[] }[];
}

const fixture = tempDir("organiser-ui");
let run: BoardRun;
let admin: Awaited<ReturnType<typeof apiSession>>;
let organiser: Browser;
let page: Page;
/** The window the tests look at: from the van's incident start to a moment when J01 has recorded footage. */
let windowQuery = "";
/** A mock-inspection seed whose J01 clip shows the violation and has footage (found by the mock test). */
let mockSeed = 1;

/** Opens a page of the board and returns the JSON of the first API answer whose path starts with `api`. */
async function openWith<T>(route: string, api: string): Promise<T> {
  const answer = page.waitForResponse((r: Response) => new URL(r.url()).pathname.startsWith(api) && r.request().method() === "GET");
  await page.goto(`${run.url}${route}`);
  const response = await answer;
  expect(response.status()).toBe(200);
  return (await response.json()) as T;
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const camera = encodeH264(path.join(fixture.dir, "camera.mkv"), 80);
  const yaml = boardTestYaml(await closedPort()).replace(JSON.stringify(VTEST), JSON.stringify(camera));
  const [started, browser] = await Promise.all([startBoardRun(fixture.dir, yaml), openBrowser({ width: 1280, height: 900 })]);
  [run, organiser] = [started, browser];
  admin = await apiSession(run.url, "admin", ADMIN_PASSWORD);
  await admin("POST", "/api/users", { username: "organiser", role: "organiser", units: [], password: PASSWORDS.organiser });
  await admin("POST", "/api/users", { username: "officer", role: "police", units: ["traffic_police"], password: PASSWORDS.police });
  page = await organiser.newPage();
  await signIn(page, run.url, "organiser", PASSWORDS.organiser);
  // The van becomes an incident ~20 s after J01 starts recording; a window from its start on shows it in every clip.
  const van = await waitUntil(run, 
    async () => (await admin<{ incidents: Incident[] }>("GET", "/api/incidents?rule=illegal_parking&limit=5")).incidents.at(-1),
    240_000,
    "the van's illegal_parking incident",
  );
  const from = new Date(Date.parse(van.start)).toISOString();
  // Wait until 40 s of footage after it are indexed, so the window's clips have footage to play.
  await waitUntil(run, async () => Date.now() - Date.parse(van.start) > 60_000, 120_000, "a minute of recording after the incident");
  const to = new Date(Date.parse(van.start) + 40_000).toISOString();
  windowQuery = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&clip=0.5`;
}, 420_000);

afterAll(async () => {
  await organiser?.close();
  await run?.stop();
  fixture.cleanup();
}, 60_000);

describe("the organisers' pre-audit pages in a real browser", () => {
  it("lists every point in the risk table with the figures GET /api/audit/points returned", async () => {
    const answer = await openWith<{ points: AuditPoint[] }>(`/preaudit/risk?${windowQuery}`, "/api/audit/points");
    expect(answer.points.map((p) => p.id).sort()).toEqual(["C01", "J01"]);
    await page.waitForSelector("[data-test=risk-table] [data-point=C01]");
    const fields = ["pViolation", "pNoFootage", "pUnscanned", "pAny", "violationMinutes", "gapMinutes", "unscannedMinutes"] as const;
    for (const point of answer.points) {
      const row = page.locator("[data-test=risk-table] .el-table__body tr", { has: page.locator(`[data-point="${point.id}"]`) });
      for (const field of fields) {
        const cell = row.locator(`[data-field=${field}]`);
        expect(Number(await cell.getAttribute("data-value")), `${point.id} ${field}`).toBe(point[field]);
        const shown = field.startsWith("p") ? `${(point[field] * 100).toFixed(1)}%` : point[field].toFixed(1);
        expect(await cell.textContent()).toBe(shown);
      }
    }
    // The van is parked all along the window: J01's clip always shows it; C01 never has footage.
    const j01 = answer.points.find((p) => p.id === "J01")!;
    const c01 = answer.points.find((p) => p.id === "C01")!;
    expect(j01.pViolation).toBeGreaterThan(0.5);
    expect(c01.pNoFootage).toBe(1);
    // Ranked by pAny in the county ranking, and slots listed with their labels.
    expect(await page.locator("[data-test=point-ranking] li").count()).toBe(2);
    await expect.poll(() => page.locator("[data-test=slot-ranking] li").count()).toBeGreaterThan(0);
    expect(await page.locator("[data-test=slot-ranking] li").first().textContent()).toMatch(/(J01|C01) (工作日|周末) \d\d:00–\d\d:00/);
  }, 60_000);

  it("draws the heatmap of violation minutes, gaps and unscanned time with ECharts", async () => {
    const answer = await openWith<{ points: { pointId: string; days: string[]; violationMinutes: number[][] }[] }>(`/preaudit/heatmap?${windowQuery}`, "/api/audit/heatmap");
    const j01 = answer.points.find((p) => p.pointId === "J01")!;
    const expectedCells = j01.violationMinutes.flat().filter((m) => m > 0).length;
    expect(expectedCells).toBeGreaterThan(0);
    const chart = page.locator('[data-test=heatmap][data-point="J01"]');
    await chart.waitFor();
    expect(Number(await chart.getAttribute("data-cells"))).toBe(expectedCells);
    // An ECharts instance on the element, and the busiest hour's cell drawn in the scale's top colour (#b42318):
    // a whole cell of it, far more pixels than the legend's gradient ends in.
    expect(await chart.locator("[_echarts_instance_]").count()).toBe(1);
    const topColour = () =>
      chart.evaluate((figure) => {
        let n = 0;
        // ECharts draws on several layer canvases.
        for (const c of figure.querySelectorAll("canvas")) {
          const data = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
          for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i]! - 180) + Math.abs(data[i + 1]! - 35) + Math.abs(data[i + 2]! - 24) < 12) n++;
        }
        return n;
      });
    await expect.poll(topColour, { timeout: 10_000 }).toBeGreaterThan(1000);
    // Hovering the busiest hour's cell: its tooltip names the day, the hour and the deployment's time zone.
    const max = Math.max(...j01.violationMinutes.flat());
    const day = j01.violationMinutes.findIndex((row) => row.includes(max));
    const hour = j01.violationMinutes[day]!.indexOf(max);
    const box = (await chart.locator(".chart").boundingBox())!;
    const grid = { left: 84, right: 12, top: 8, bottom: 84 }; // AuditHeatmap.vue's grid
    const x = box.x + grid.left + ((hour + 0.5) * (box.width - grid.left - grid.right)) / 24;
    const y = box.y + grid.top + ((day + 0.5) * (box.height - grid.top - grid.bottom)) / j01.days.length;
    await page.mouse.move(x, y);
    const hh = (h: number) => `${String(h).padStart(2, "0")}:00`;
    await expect
      .poll(() => chart.locator(".chart").textContent(), { timeout: 10_000 })
      .toContain(`${j01.days[day]} ${hh(hour)}–${hh(hour + 1)}（Asia/Shanghai）：${Math.round(max * 10) / 10} 分钟`);
    // The other layers switch in.
    await page.locator("[data-test=heatmap-layer] label", { hasText: "缺录分钟" }).click();
    await expect.poll(() => chart.getAttribute("data-layer")).toBe("gapMinutes");
    expect(await page.locator("figcaption").textContent()).toContain("Asia/Shanghai");
  }, 60_000);

  it("draws a mock inspection whose J01 clip shows the violation, plays its footage and links to its incident", async () => {
    // A seed whose J01 clip shows the van with footage to play (the server's draw, looked up over the API).
    const organiserApi = await apiSession(run.url, "organiser", PASSWORDS.organiser);
    const seed = await waitUntil(run, async () => {
      for (let s = 1; s <= 20; s++) {
        const draw = await organiserApi<MockDraw>("GET", `/api/audit/mock?${windowQuery.replace("clip=", "clipMin=")}&seed=${s}`);
        const j01 = draw.clips.find((c) => c.pointId === "J01")!;
        if (j01.violation && j01.footage.length > 0) return s;
      }
      return undefined;
    }, 5_000, "a seed whose J01 clip has the violation and footage");
    mockSeed = seed;
    const mock = await openWith<MockDraw>(`/preaudit/mock?${windowQuery}&seed=${seed}`, "/api/audit/mock");
    const clip = page.locator('[data-clip="J01"]');
    await clip.waitFor();
    expect(await clip.getAttribute("data-result")).toBe("violation");
    expect(await page.locator('[data-clip="C01"]').getAttribute("data-result")).toBe("noFootage");
    expect(await page.locator("[data-test=mock-summary]").textContent()).toContain(`${mock.expectedProblems.toFixed(2)} ±`);
    await clip.locator("[data-test=mock-play]").first().click();
    const video = clip.locator("[data-test=mock-video]");
    await expect
      .poll(() => video.evaluate((v) => ({ playable: (v as HTMLVideoElement).readyState >= 2, error: (v as HTMLVideoElement).error?.code ?? null })), { timeout: 30_000 })
      .toEqual({ playable: true, error: null });
    // H.264 from the camera plays as the file itself; the server's preview of the same part plays too (for codecs browsers lack).
    expect(await video.getAttribute("data-mode")).toBe("file");
    const previewHref = mock.clips.find((c) => c.pointId === "J01")!.footage[0]!.previewHref;
    const preview = await page.evaluate(
      (href) =>
        new Promise<{ ready: number; error: number | null; duration: number }>((resolve) => {
          const v = document.createElement("video");
          v.muted = true;
          v.preload = "auto";
          const done = () => resolve({ ready: v.readyState, error: v.error?.code ?? null, duration: v.duration });
          v.addEventListener("loadeddata", done, { once: true });
          v.addEventListener("error", done, { once: true });
          v.src = href;
        }),
      previewHref,
    );
    expect(preview.error).toBeNull();
    expect(preview.ready).toBeGreaterThanOrEqual(2);
    const incidentId = mock.clips.find((c) => c.pointId === "J01")!.incidents[0]!.id;
    await clip.locator("[data-test=mock-incident]").first().click();
    await page.waitForURL(`**/incidents/${encodeURIComponent(incidentId)}`);
  }, 90_000);

  it("starts an on-demand pre-audit and shows its progress live until it is done", async () => {
    await page.goto(`${run.url}/preaudit/jobs`);
    await page.waitForSelector("[data-test=jobs]");
    await page.locator("[data-test=job-points]").click();
    for (const id of ["J01", "C01"]) await page.locator(".job-points-popper .el-select-dropdown__item", { hasText: id }).click();
    await page.keyboard.press("Escape");
    // Every state and progress value the request and its jobs show, in order, without a reload.
    await page.evaluate(() => {
      const w = window as unknown as { seen: string[] };
      w.seen = [];
      const record = () => {
        for (const el of document.querySelectorAll<HTMLElement>("[data-request], [data-job]")) {
          const entry = `${el.dataset.request ? "request" : el.dataset.job}:${el.dataset.state}:${el.dataset.progress ?? ""}`;
          if (!w.seen.includes(entry)) w.seen.push(entry);
        }
      };
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    let heatmapLoads = 0;
    page.on("response", (r) => void (new URL(r.url()).pathname === "/api/audit/heatmap" && heatmapLoads++));
    const started = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/audit/jobs" && r.request().method() === "POST");
    await page.locator("[data-test=job-start]").click();
    const request = (await (await started).json()) as { id: string; jobs: { id: string }[] };
    expect(request.jobs.length).toBe(2);
    const card = page.locator(`[data-request="${request.id}"]`);
    await expect.poll(() => card.getAttribute("data-state"), { timeout: 240_000, interval: 500 }).toBe("done");
    expect(await card.locator("[data-job][data-state=done]").count()).toBe(2);
    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    expect(seen.some((s) => /^request:(queued|running):/.test(s)), seen.join("\n")).toBe(true);
    expect(seen).toContain("request:done:");
    // The scanned range's heatmap is on the page: loaded for the request's points, and again as its jobs finished.
    await page.locator('[data-test=heatmap][data-point="J01"]').waitFor();
    await expect.poll(() => heatmapLoads).toBeGreaterThanOrEqual(2);
    const server = await admin<{ state: string }>("GET", `/api/audit/jobs/${request.id}`);
    expect(server.state).toBe("done");
  }, 300_000);

  it("shows a long request started elsewhere live, its jobs counted until expanded", async () => {
    await page.goto(`${run.url}/preaudit/jobs`);
    await page.waitForSelector("[data-test=jobs]");
    // 2000 days of both points: 4000 jobs, started over the API (another organiser's browser, say).
    const day = (ms: number) => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(ms));
    const organiserApi = await apiSession(run.url, "organiser", PASSWORDS.organiser);
    const request = await organiserApi<{ id: string; jobs: unknown[] }>("POST", "/api/audit/jobs", {
      points: ["J01", "C01"], from: day(Date.now() - 1999 * 86_400_000), to: day(Date.now()),
    });
    expect(request.jobs.length).toBe(4000);
    // The page learns of it from the socket (job events of a request it does not know yet) and follows it to the end.
    const card = page.locator(`[data-request="${request.id}"]`);
    await expect.poll(() => card.getAttribute("data-state"), { timeout: 240_000, interval: 500 }).toBe("done");
    await expect.poll(() => card.locator("[data-test=job-counts]").textContent()).toMatch(/^已完成 4000/);
    expect(await card.locator("[data-job]").count()).toBe(0);
    await card.locator("[data-test=job-counts] button").click();
    await expect.poll(() => card.locator("[data-job]").count(), { timeout: 30_000 }).toBe(4000);
    await card.locator("[data-test=job-counts] button").click();
    expect((await admin<{ state: string }>("GET", `/api/audit/jobs/${request.id}`)).state).toBe("done");
  }, 300_000);

  it("switches the pre-audit pages to English", async () => {
    await page.goto(`${run.url}/preaudit/risk?${windowQuery}`);
    await page.waitForSelector("[data-test=slot-ranking] li");
    await page.click("[data-test=language-toggle]");
    await expect.poll(() => page.locator("h1.page-title").textContent()).toBe("Pre-audit");
    expect(await page.locator("[data-test=risk-table] thead").textContent()).toContain("Any problem");
    expect(await page.locator("[data-test=slot-ranking] li").first().textContent()).toMatch(/(J01|C01), (weekdays|weekends) \d\d:00–\d\d:00/);
    await page.click("[data-test=language-toggle]");
    await expect.poll(() => page.locator("h1.page-title").textContent()).toBe("迎检自查");
  }, 60_000);

  it("makes the day's report and offers its ledger files for download", async () => {
    await page.goto(`${run.url}/preaudit/reports`);
    await page.waitForSelector("[data-test=reports]");
    await page.locator("[data-test=report-make]").click();
    const link = page.locator('[data-test=report-table] a[data-file="ledger.xlsx"]').first();
    await link.waitFor({ timeout: 120_000 });
    for (const name of ["ledger.xlsx", "ledger.csv", "report.json"]) {
      const href = await page.locator(`[data-test=report-table] a[data-file="${name}"]`).first().getAttribute("href");
      const file = await page.request.get(`${run.url}${href}`);
      expect(file.status(), name).toBe(200);
      expect((await file.body()).length).toBeGreaterThan(100);
    }
  }, 180_000);

  it("fits a 375 px phone and a 1920×1080 wall display without horizontal overflow", async () => {
    for (const [width, height] of [[375, 812], [1920, 1080]] as const) {
      await page.setViewportSize({ width, height });
      for (const section of ["risk", "heatmap", "mock", "jobs", "reports"]) {
        await page.goto(`${run.url}/preaudit/${section}?${windowQuery}&seed=${mockSeed}`);
        await page.waitForSelector("main h2");
        await page.waitForLoadState("networkidle");
        if (section === "mock") {
          // With J01's footage player open.
          await page.locator('[data-clip="J01"] [data-test=mock-play]').click();
          await expect.poll(() => page.locator("[data-test=mock-video]").evaluate((v) => (v as HTMLVideoElement).readyState)).toBeGreaterThanOrEqual(2);
        }
        await page.screenshot({ path: path.join(SCREENSHOTS, `preaudit-${section}-${width}x${height}.png`), fullPage: true });
        const size = await noHorizontalOverflow(page);
        expect(size.scrollWidth, `${section} at ${width}px`).toBeLessThanOrEqual(size.innerWidth);
      }
    }
  }, 120_000);

  it("keeps a police user out: redirected from the pages, 403 from the API", async () => {
    const police = await openBrowser();
    try {
      const officer = await police.newPage();
      await signIn(officer, run.url, "officer", PASSWORDS.police);
      expect(await officer.locator("nav a", { hasText: "迎检自查" }).count()).toBe(0);
      await officer.goto(`${run.url}/preaudit/mock`);
      await officer.waitForSelector("[data-test=tiles]");
      expect(new URL(officer.url()).pathname).toBe("/");
      for (const route of ["/api/audit/points", "/api/audit/heatmap", "/api/audit/mock", "/api/audit/jobs", "/api/reports", "/api/audit/footage/J01/x.mkv"]) {
        const answer = await officer.request.get(`${run.url}${route}`);
        expect(answer.status(), route).toBe(403);
      }
      expect(police.errors).toEqual([]);
    } finally {
      await police.close();
    }
  }, 90_000);

  it("logged no console error in the organiser's browser", () => {
    expect(organiser.errors).toEqual([]);
  });
});
