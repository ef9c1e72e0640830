/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The board UI in a real chromium against a real `kerbside run` on live-
 * replayed sample footage (tests/web/board-run.ts): the van becomes a traffic
 * police incident at junction J01, the car on the kerb an urban management
 * one; C01 is an urban-management street whose camera is offline.
 * Checks: live arrival within 2 s of createdAt, scope in feed/tiles/URLs,
 * snapshots, a playing clip and server-side evidence checks, an organiser
 * dispatching a case through the incident page's form (state and timeline
 * in place, a stale second submit refused as a conflict) and the deadline on
 * the enforcement work list, the English toggle surviving a reload,
 * screenshots at phone and wall-display sizes without horizontal overflow,
 * and no console error anywhere.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import en from "../../web/src/i18n/en.js";
import { closedPort, tempDir } from "../service/fixtures.js";
import { ADMIN_PASSWORD, apiSession, boardTestYaml, startBoardRun, waitUntil, type BoardRun } from "./board-run.js";
import { noHorizontalOverflow, openBrowser, signIn, type Browser } from "./browser.js";

const SCREENSHOTS = path.resolve(".tmp/screenshots");
const PASSWORDS = { police: "police-pass-12345", enforcement: "enforce-pass-12345", organiser: "organiser-pass-12345" };

interface Incident {
  id: string;
  rule: string;
  pointId: string;
  createdAt: string;
  evidence: { kind: string }[];
  case: { state: string; version: number; deadline: string | null };
}

type Api = Awaited<ReturnType<typeof apiSession>>;

const fixture = tempDir("board-ui");
let run: BoardRun;
let admin: Api;
let police: Browser;
let enforcement: Browser;
let organiser: Browser;
let policePage: Page;
let enforcementPage: Page;
let organiserPage: Page;
/** Console errors the tests provoke on purpose (an out-of-scope incident URL answers 404, a stale case action 409). */
const expected: { browser: () => Browser; source: string; status: RegExp }[] = [];
/** The sidewalk case the organiser dispatches, and the deadline typed for it (wall time in Asia/Shanghai). */
let dispatched: { id: string; wall: string } | undefined;

const incidentsOf = async (rule: string) =>
  (await admin<{ incidents: Incident[] }>("GET", `/api/incidents?rule=${rule}&limit=10`)).incidents;

/** Records in the page when each feed card and each tile's open count first shows up or changes. */
async function watchBoard(page: Page): Promise<number> {
  return page.evaluate(() => {
    const w = window as unknown as { seenCards: Record<string, number>; tileChanges: Record<string, { at: number; text: string }[]> };
    w.seenCards = {};
    w.tileChanges = {};
    const record = () => {
      for (const card of document.querySelectorAll<HTMLElement>("[data-test=feed] [data-incident]")) w.seenCards[card.dataset.incident!] ??= Date.now();
      for (const tile of document.querySelectorAll<HTMLElement>("[data-point]")) {
        const text = tile.querySelector("[data-test=tile-open]")?.textContent ?? "";
        const changes = (w.tileChanges[tile.dataset.point!] ??= []);
        if (changes.at(-1)?.text !== text) changes.push({ at: Date.now(), text });
      }
    };
    record();
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true });
    return Date.now();
  });
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // Browsers start while kerbside starts: the first incident comes ~40 s after recording begins.
  const [started, p, e, o] = await Promise.all([startBoardRun(fixture.dir, boardTestYaml(await closedPort())), openBrowser(), openBrowser(), openBrowser()]);
  [run, police, enforcement, organiser] = [started, p, e, o];
  admin = await apiSession(run.url, "admin", ADMIN_PASSWORD);
  await admin("POST", "/api/users", { username: "officer", role: "police", units: ["traffic_police"], password: PASSWORDS.police });
  await admin("POST", "/api/users", { username: "team", role: "enforcement", units: ["urban_management"], password: PASSWORDS.enforcement });
  await admin("POST", "/api/users", { username: "dispatcher", role: "organiser", units: [], password: PASSWORDS.organiser });
  policePage = await police.newPage();
  enforcementPage = await enforcement.newPage();
  organiserPage = await organiser.newPage();
  // Both boards must be open before the first incident (~40 s after recording starts): sign in side by side.
  // The organiser signs in later, in its own test, so a third board adds no load while the others are timed.
  await Promise.all([signIn(policePage, run.url, "officer", PASSWORDS.police), signIn(enforcementPage, run.url, "team", PASSWORDS.enforcement)]);
}, 240_000);

afterAll(async () => {
  await Promise.all([police?.close(), enforcement?.close(), organiser?.close()]);
  await run?.stop();
  fixture.cleanup();
}, 60_000);

describe("the board in a real browser", () => {
  it("shows a new violation in the police feed and on its tile within 2 s of the incident's createdAt", async () => {
    const watchingSince = await watchBoard(policePage);
    const incident = await waitUntil(run, async () => (await incidentsOf("illegal_parking"))[0], 240_000, "the van's illegal_parking incident");
    const createdAt = Date.parse(incident.createdAt);
    expect(createdAt, "the incident must be created while the board is open").toBeGreaterThan(watchingSince);
    await policePage.waitForSelector(`[data-test=feed] [data-incident="${incident.id}"]`, { timeout: 10_000 });
    // The card (socket push) and the tile's count (a refetch of the points) arrive by two paths: wait for both,
    // then judge each by the time the page first showed it, whichever came first.
    const seenNow = () =>
      policePage.evaluate((id) => {
        const w = window as unknown as { seenCards: Record<string, number>; tileChanges: Record<string, { at: number; text: string }[]> };
        return { card: w.seenCards[id], tile: w.tileChanges.J01 ?? [] };
      }, incident.id);
    const changeIn = (tile: { at: number; text: string }[]) => tile.find((change) => change.at >= createdAt - 50 && change.text !== tile[0]?.text);
    const seen = await waitUntil(run, async () => {
      const now = await seenNow();
      return now.card !== undefined && changeIn(now.tile) ? now : undefined;
    }, 10_000, "the feed card and the tile's changed open count");
    expect(seen.card! - createdAt).toBeLessThanOrEqual(2000);
    // The tile's open count changed after the incident was created, and within 2 s.
    const tileChange = changeIn(seen.tile);
    expect(tileChange, JSON.stringify(seen.tile)).toBeDefined();
    expect(tileChange!.at - createdAt).toBeLessThanOrEqual(2000);
    const card = policePage.locator(`[data-test=feed] [data-incident="${incident.id}"]`);
    await expect.poll(() => card.textContent()).toContain("机动车违法停车");
    expect(await policePage.locator('[data-point="J01"] [data-test=tile-status]').textContent()).toBe("有违法");
    // The live point's detection health (GET /api/points' detection) is on its tile too.
    const detection = policePage.locator('[data-point="J01"] [data-test=tile-detection]');
    await expect.poll(() => detection.getAttribute("data-state"), { timeout: 15_000 }).toBe("detecting");
    expect(await detection.textContent()).toContain("实时检测中");
  }, 300_000);

  it("keeps police and enforcement items apart in the feed, the tiles and by typed URL", async () => {
    const enforcementItem = await waitUntil(run, async () => (await incidentsOf("sidewalk_parking"))[0], 240_000, "the car's sidewalk_parking incident");
    const policeItem = (await incidentsOf("illegal_parking"))[0]!;
    await enforcementPage.waitForSelector(`[data-test=feed] [data-incident="${enforcementItem.id}"]`, { timeout: 10_000 });
    // The police board has had time to receive it too, if scope leaked.
    await policePage.waitForTimeout(1500);
    expect(await policePage.locator(`[data-incident="${enforcementItem.id}"]`).count()).toBe(0);
    expect(await enforcementPage.locator(`[data-incident="${policeItem.id}"]`).count()).toBe(0);
    // Tiles: C01 belongs to urban management only.
    expect(await policePage.locator("[data-point]").evaluateAll((tiles) => tiles.map((t) => (t as HTMLElement).dataset.point))).toEqual(["J01"]);
    expect((await enforcementPage.locator("[data-point]").evaluateAll((tiles) => tiles.map((t) => (t as HTMLElement).dataset.point))).sort()).toEqual(["C01", "J01"]);
    // Typing the other side's incident URL shows "not found" and nothing of it.
    for (const [page, other, browser] of [
      [policePage, enforcementItem, () => police],
      [enforcementPage, policeItem, () => enforcement],
    ] as const) {
      expected.push({ browser, source: `/api/incidents/${encodeURIComponent(other.id)}`, status: /404/ });
      await page.goto(`${run.url}/incidents/${encodeURIComponent(other.id)}`);
      await page.waitForSelector("[data-test=incident-missing]");
      expect(await page.locator("[data-test=snapshots]").count()).toBe(0);
    }
  }, 300_000);

  it("shows the incident's snapshots, plays its clip and verifies its evidence on the server", async () => {
    // Live detection records the threshold snapshot at once; the archive scan adds first-seen, the crop and the clip with its preview.
    const kinds = ["snapshot_first", "snapshot_threshold", "crop", "clip_preview"];
    const incident = await waitUntil(run, 
      async () => (await incidentsOf("illegal_parking")).find((i) => kinds.every((k) => i.evidence.some((e) => e.kind === k))),
      180_000,
      "the van incident's snapshots and crop",
    );
    await policePage.goto(`${run.url}/incidents/${encodeURIComponent(incident.id)}`);
    await policePage.waitForSelector("[data-test=snapshots] img");
    await expect
      .poll(() => policePage.locator("[data-test=snapshots] img").evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth)))
      .toSatisfy((widths: number[]) => widths.length >= 3 && widths.every((w) => w > 0));
    // The MP4 preview plays in the page: enough data for the current frame, and no media error.
    const video = policePage.locator("video[data-test=clip]");
    await video.evaluate((v) => void (v as HTMLVideoElement).play().catch(() => undefined));
    await expect.poll(() => video.evaluate((v) => (v as HTMLVideoElement).readyState), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    expect(await video.evaluate((v) => (v as HTMLVideoElement).error?.code ?? null)).toBeNull();
    expect(await policePage.locator("[data-test=clip] + .bad").count()).toBe(0);
    expect(await policePage.locator("[data-test=evidence] code.hash").count()).toBeGreaterThanOrEqual(incident.evidence.length);
    // Verify recomputes the SHA-256 on the server.
    await policePage.locator("[data-test=evidence] [data-verify]").first().click();
    await policePage.waitForSelector("[data-test=evidence] .ok");
  }, 240_000);

  it("police view: acknowledges an alert in place", async () => {
    const incident = (await incidentsOf("illegal_parking"))[0]!;
    await policePage.goto(`${run.url}/police`);
    const card = policePage.locator(`[data-test=police-alerts] [data-incident="${incident.id}"]`);
    await card.locator("[data-action=acknowledge]").click();
    await expect.poll(() => card.textContent(), { timeout: 15_000 }).toContain("已确认");
    expect(await card.locator("[data-action=acknowledge]").count()).toBe(0);
    const detail = await admin<{ acknowledged: boolean; history: { action: string; actor: string }[] }>("GET", `/api/incidents/${encodeURIComponent(incident.id)}`);
    expect(detail.acknowledged).toBe(true);
    expect(detail.history).toContainEqual(expect.objectContaining({ action: "incident.acknowledge", actor: "officer" }));
  }, 60_000);

  it("organiser: dispatches a case through the incident page's form, in place; a stale second submit is refused as a conflict", async () => {
    const item = await waitUntil(run, async () => (await incidentsOf("sidewalk_parking")).find((i) => i.case.state === "new"), 120_000, "a new sidewalk case");
    const url = `${run.url}/incidents/${encodeURIComponent(item.id)}`;
    // Tomorrow 17:30 where the cameras are (Asia/Shanghai, UTC+8), whatever zone this machine is in.
    const day = new Date(Date.now() + 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    const wall = `${day}T17:30`;
    const page = organiserPage;
    await signIn(page, run.url, "dispatcher", PASSWORDS.organiser);
    const stale = await organiser.newPage();
    for (const p of [page, stale]) {
      await p.goto(url);
      await p.waitForSelector("[data-case-action=dispatch]");
      expect(await p.locator("[data-test=case-state]").getAttribute("data-state")).toBe("new");
    }
    // The second tab opens its form first, at the version both tabs saw.
    await stale.click("[data-case-action=dispatch]");
    await stale.locator("[data-test=case-dialog] [data-field=unit] select").selectOption("urban_management");

    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    await page.click("[data-case-action=dispatch]");
    const form = page.locator("[data-test=case-dialog]");
    expect(await form.locator("[data-field=deadline] label").textContent()).toContain("Asia/Shanghai, GMT+8");
    await form.locator("[data-field=unit] select").selectOption("urban_management");
    await form.locator("[data-field=deadline] input").fill(wall);
    await form.locator("[data-field=assignee] input").fill("李队长");
    await expect.poll(() => form.locator("[data-test=deadline-preview]").textContent()).toContain(`${day} 17:30:00 GMT+8`);
    await page.setViewportSize({ width: 375, height: 812 });
    await page.screenshot({ path: path.join(SCREENSHOTS, "incident-dispatch-form-375x812.png") });
    await page.setViewportSize({ width: 1280, height: 900 });
    await form.locator("[data-test=case-submit]").click();

    // State, deadline and timeline change without a reload.
    await expect.poll(() => page.locator("[data-test=case-state]").getAttribute("data-state"), { timeout: 15_000 }).toBe("dispatched");
    expect(await page.locator("[data-test=case-state]").textContent()).toBe("已派遣");
    await expect.poll(() => page.locator("[data-test=case-deadline]").textContent()).toContain(`${day} 17:30:00 GMT+8`);
    const step = page.locator("[data-test=timeline] [data-step=dispatch]");
    await step.waitFor({ timeout: 15_000 });
    const stepText = (await step.textContent()) ?? "";
    for (const part of ["派遣", "dispatcher", "创城办", "待受理 → 已派遣", "县城市管理综合执法局", "李队长", `${day} 17:30:00 GMT+8`]) expect(stepText).toContain(part);
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(await page.locator("[data-case-action=dispatch]").count()).toBe(0);

    // The other tab learns of it from the socket alone, its form still open.
    await expect.poll(() => stale.locator("[data-test=case-state]").getAttribute("data-state"), { timeout: 15_000 }).toBe("dispatched");
    expect(await stale.locator("[data-test=case-dialog]").isVisible()).toBe(true);
    // That form still carries version 0: the server refuses it, the page says why and shows the case as it is now.
    expected.push({ browser: () => organiser, source: `/api/incidents/${encodeURIComponent(item.id)}/actions`, status: /409/ });
    await stale.locator("[data-test=case-dialog] [data-test=case-submit]").click();
    const alert = stale.locator("[data-test=action-error]");
    await alert.waitFor({ timeout: 15_000 });
    expect(await alert.getAttribute("data-error-code")).toBe("KERB_ERR_CASE_CONFLICT");
    expect(await alert.textContent()).toContain("其他人已先处理了此案件");
    await expect.poll(() => stale.locator("[data-test=case-state]").getAttribute("data-state"), { timeout: 15_000 }).toBe("dispatched");
    await stale.close();

    const detail = await admin<{ case: { state: string; deadline: string; assignee: string; history: { action: string; actor: string }[] } }>("GET", `/api/incidents/${encodeURIComponent(item.id)}`);
    expect(detail.case).toMatchObject({ state: "dispatched", deadline: `${day}T17:30:00.000+08:00`, assignee: "李队长" });
    expect(detail.case.history.filter((h) => h.action === "dispatch")).toEqual([expect.objectContaining({ actor: "dispatcher" })]);
    dispatched = { id: item.id, wall };

    for (const [width, height] of [[375, 812], [1920, 1080]] as const) {
      await page.setViewportSize({ width, height });
      await page.waitForLoadState("networkidle");
      await page.screenshot({ path: path.join(SCREENSHOTS, `incident-actions-${width}x${height}.png`), fullPage: true });
      const size = await noHorizontalOverflow(page);
      expect(size.scrollWidth, `incident actions at ${width}px`).toBeLessThanOrEqual(size.innerWidth);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }, 300_000);

  it("enforcement work list: the dispatched item shows how long it is open and its deadline", async () => {
    expect(dispatched, "the organiser's dispatch ran first").toBeDefined();
    const [day] = dispatched!.wall.split("T");
    await enforcementPage.goto(`${run.url}/enforcement`);
    const item = enforcementPage.locator(`[data-test=work-list] [data-incident="${dispatched!.id}"]`);
    await item.waitFor({ timeout: 15_000 });
    await expect.poll(() => item.locator("[data-test=work-deadline]").textContent()).toContain(`处置期限 ${day} 17:30:00 GMT+8`);
    expect(await item.locator("[data-test=work-case-state]").textContent()).toBe("已派遣");
    expect(await item.locator("[data-test=work-open-for]").textContent()).toMatch(/^已持续 \d+ (秒|分钟)|^已持续 \d+ 小时/);
    expect(await item.locator("[data-test=work-overdue]").count()).toBe(0);
    await enforcementPage.screenshot({ path: path.join(SCREENSHOTS, "enforcement-1280x900.png"), fullPage: true });
    // The board's feed card carries the case state too (from the list's case summary).
    await enforcementPage.goto(`${run.url}/`);
    const card = enforcementPage.locator(`[data-test=feed] [data-incident="${dispatched!.id}"] [data-test=card-case-state]`);
    await expect.poll(() => card.getAttribute("data-state"), { timeout: 15_000 }).toBe("dispatched");
    expect(await card.textContent()).toContain("已派遣");
  }, 60_000);

  it("enforcement: resolves the dispatched case with a photo of the fix, refusing a non-image before upload", async () => {
    expect(dispatched, "the organiser's dispatch ran first").toBeDefined();
    const page = enforcementPage;
    await page.goto(`${run.url}/incidents/${encodeURIComponent(dispatched!.id)}`);
    await page.click("[data-case-action=resolve]");
    const form = page.locator("[data-test=case-dialog]");
    const file = form.locator("[data-field=photo] input[type=file]");
    await file.setInputFiles(path.resolve("samples/vtest.avi"));
    expect(await form.locator("[data-test=photo-error]").textContent()).toBe("照片须为 JPEG 或 PNG 格式");
    // Submitting without the required note is stopped in the browser.
    await form.locator("[data-test=case-submit]").click();
    expect(await form.locator("[data-test=case-form-error]").textContent()).toContain("处置说明");
    const photo = path.resolve("samples/messi5.jpg");
    await file.setInputFiles(photo);
    expect(await form.locator("[data-test=photo-error]").count()).toBe(0);
    await form.locator("[data-field=note] textarea").fill("摊位已劝离，人行道已清空");
    await form.locator("[data-test=case-submit]").click();
    await expect.poll(() => page.locator("[data-test=case-state]").getAttribute("data-state"), { timeout: 15_000 }).toBe("resolved");
    const shown = page.locator("[data-test=case-evidence] [data-kind=resolve_photo] img");
    await shown.waitFor({ timeout: 15_000 });
    await expect.poll(() => shown.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    const step = page.locator("[data-test=timeline] [data-step=resolve]");
    await expect.poll(() => step.textContent()).toContain("摊位已劝离");
    expect(await page.locator("[data-test=timeline] [data-step=photo]").textContent()).toContain("上传处置照片 · 操作人：team");
    const detail = await admin<{ evidence: { kind: string; sha256: string }[]; case: { state: string } }>("GET", `/api/incidents/${encodeURIComponent(dispatched!.id)}`);
    const sha = createHash("sha256").update(readFileSync(photo)).digest("hex");
    expect(detail.evidence.filter((e) => e.kind === "resolve_photo").map((e) => e.sha256)).toEqual([sha]);
    expect(detail.case.state).toBe("resolved");

    // The organiser checks it and finds the car still there: verification fails, the case goes back to the unit.
    await organiserPage.goto(`${run.url}/incidents/${encodeURIComponent(dispatched!.id)}`);
    await organiserPage.click("[data-case-action=verify]");
    const verify = organiserPage.locator("[data-test=case-dialog]");
    await verify.locator("[data-field=result] select").selectOption("fail");
    await verify.locator("[data-field=note] textarea").fill("复查时车辆仍在人行道上");
    await verify.locator("[data-test=case-submit]").click();
    await expect.poll(() => organiserPage.locator("[data-test=case-state]").getAttribute("data-state"), { timeout: 15_000 }).toBe("dispatched");
    const checked = organiserPage.locator("[data-test=timeline] [data-step=verify]");
    await expect.poll(() => checked.textContent(), { timeout: 15_000 }).toContain("结果：不通过（仍未整改）");
    expect(await checked.textContent()).toContain("已处置(待核查) → 已派遣");
  }, 120_000);

  it("switches to English and keeps it across a reload", async () => {
    await policePage.goto(`${run.url}/`);
    await policePage.waitForSelector("[data-test=tiles]");
    expect(await policePage.locator("h1.page-title").textContent()).toBe("总览看板");
    await policePage.click("[data-test=language-toggle]");
    await expect.poll(() => policePage.locator("h1.page-title").textContent()).toBe("Board");
    expect(await policePage.locator("nav").textContent()).toContain("Police view");
    await policePage.reload();
    await policePage.waitForSelector("[data-test=tiles]");
    expect(await policePage.locator("h1.page-title").textContent()).toBe("Board");
    expect(await policePage.evaluate(() => document.documentElement.lang)).toBe("en");
    // The incident page's closed-loop part is in English too.
    const incident = (await incidentsOf("illegal_parking"))[0]!;
    await policePage.goto(`${run.url}/incidents/${encodeURIComponent(incident.id)}`);
    await policePage.waitForSelector("[data-test=case-state]");
    expect(await policePage.locator("[data-test=case] h2").textContent()).toBe("Closed loop");
    const state = (await policePage.locator("[data-test=case-state]").getAttribute("data-state")) as keyof typeof en.workflow.states;
    expect(await policePage.locator("[data-test=case-state]").textContent()).toBe(en.workflow.states[state]);
    await policePage.goto(`${run.url}/`);
    await policePage.waitForSelector("[data-test=tiles]");
    await policePage.click("[data-test=language-toggle]");
    await expect.poll(() => policePage.locator("h1.page-title").textContent()).toBe("总览看板");
  });

  it("fits a 375 px phone and a 1920×1080 wall display without horizontal overflow", async () => {
    const incident = (await incidentsOf("illegal_parking"))[0]!;
    const pages = [
      ["board", "/"],
      ["wall", "/?wall=1"],
      ["police", "/police"],
      ["incident", `/incidents/${encodeURIComponent(incident.id)}`],
      ["health", "/health"],
    ] as const;
    for (const [width, height] of [[375, 812], [1920, 1080]] as const) {
      await policePage.setViewportSize({ width, height });
      for (const [name, route] of pages) {
        await policePage.goto(`${run.url}${route}`);
        await policePage.waitForSelector(name === "incident" ? "[data-test=snapshots]" : "main h1");
        await policePage.waitForLoadState("networkidle");
        await policePage.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width}x${height}.png`), fullPage: name !== "wall" });
        const size = await noHorizontalOverflow(policePage);
        expect(size.scrollWidth, `${name} at ${width}px`).toBeLessThanOrEqual(size.innerWidth);
      }
    }
    // The wall display shows every tile of the board at once, without scrolling.
    await policePage.goto(`${run.url}/?wall=1`);
    await policePage.waitForSelector("[data-point]");
    const bottoms = await policePage.locator("[data-point]").evaluateAll((tiles) => tiles.map((t) => t.getBoundingClientRect().bottom));
    expect(Math.max(...bottoms)).toBeLessThanOrEqual(1080);
  });

  it("says clearly when the password is wrong and when sign-in is rate-limited", async () => {
    const visitor = await openBrowser();
    try {
      const page = await visitor.newPage();
      const messages: string[] = [];
      for (let attempt = 0; attempt < 10 && !messages.some((m) => m.includes("频繁")); attempt++) {
        await page.goto(`${run.url}/login`);
        await page.fill("#login-user", "team");
        await page.fill("#login-pass", `wrong-password-${attempt}`);
        await page.click("button[type=submit]");
        messages.push((await page.locator("[data-test=login-error]").textContent()) ?? "");
      }
      expect(messages[0]).toBe("用户名或密码错误");
      expect(messages.at(-1)).toMatch(/^登录尝试过于频繁，请 (\d+ 秒后|稍后)再试$/);
      // Every console error there is the refused sign-in itself (401, then 429).
      expect(visitor.errors.filter((e) => !(e.source.endsWith("/api/login") && /40[13]|429/.test(e.text)))).toEqual([]);
    } finally {
      await visitor.close();
    }
  }, 120_000);

  it("logged no console error in any browser (except the 404s of the out-of-scope URLs typed on purpose and the stale dispatch's 409)", () => {
    for (const browser of [police, enforcement, organiser]) {
      const allowed = expected.filter((e) => e.browser() === browser);
      const unexpected = browser.errors.filter((e) => !allowed.some((a) => e.source.endsWith(a.source) && a.status.test(e.text)));
      expect(unexpected).toEqual([]);
    }
    expect(expected.length).toBe(3);
  });
});
