/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Debian's chromium driven by playwright-core, with a fresh profile per
// context, collecting every console error and page error so the tests can
// assert that none happened.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export interface ConsoleError {
  /** The page the error happened on. */
  page: string;
  text: string;
  /** The resource it is about (for "Failed to load resource": the URL that failed). */
  source: string;
}

export interface Browser {
  context: BrowserContext;
  /** Console errors and uncaught page errors seen so far. */
  errors: ConsoleError[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function openBrowser(viewport = { width: 1280, height: 900 }): Promise<Browser> {
  const profile = mkdtempSync(path.join(os.tmpdir(), "kerbside-chromium-"));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport });
  const errors: ConsoleError[] = [];
  const watch = (page: Page) => {
    page.on("console", (message) => {
      if (message.type() === "error") errors.push({ page: page.url(), text: message.text(), source: message.location().url });
    });
    page.on("pageerror", (error) => errors.push({ page: page.url(), text: `uncaught: ${error.stack ?? error.message}`, source: "" }));
  };
  context.pages().forEach(watch);
  context.on("page", watch);
  return {
    context,
    errors,
    newPage: () => context.newPage(),
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Signs in through the login form and waits for the board. */
export async function signIn(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.fill("#login-user", username);
  await page.fill("#login-pass", password);
  await page.click("button[type=submit]");
  await page.waitForSelector("[data-test=tiles]");
}

/** True when the page is no wider than its viewport (no horizontal scrolling). */
export function noHorizontalOverflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
}
