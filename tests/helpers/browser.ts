import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); CHROMIUM_PATH points elsewhere. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Screenshots of every screen land here; the folder is git-ignored and CI keeps it as an artifact. */
export const SCREENSHOTS = path.resolve(__dirname, '..', '..', 'artifacts', 'screenshots');

export interface BrowserSession {
  browser: Browser;
  close: () => Promise<void>;
}

/**
 * Headless Chromium as root on a closed network: no sandbox, and none of Chromium's own background
 * connections (they are refused here, many at a time). Playwright gives each launch a fresh, empty profile.
 */
export async function launchBrowser(): Promise<BrowserSession> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install it with "apt-get install chromium" or set CHROMIUM_PATH.`
    );
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return { browser, close: () => browser.close() };
}

/** Every answer of the server with a 5xx status, as "<status> <method> <path>", whichever tab asked. */
export const serverErrors: string[] = [];

/** A signed-in admin tab; the clipboard is readable so "Copy link" can be checked. */
export async function signIn(
  browser: Browser,
  baseUrl: string,
  email: string,
  password: string
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  context.on('response', (response) => {
    if (response.status() >= 500)
      serverErrors.push(`${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`);
  });
  const page = await context.newPage();
  await page.goto('/admin/auth/login');
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.waitForURL((url) => !url.pathname.includes('/auth/login'), { timeout: 30_000 });
  return { context, page };
}

export const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });

/** What a tab reported that a user would see as broken, and Strapi's own calls that could not leave the machine. */
export interface ConsoleWatch {
  /** Console errors and uncaught exceptions, and failed requests to the app itself. */
  problems: () => string[];
  /** `useRBAC` deprecation warnings, in the order they came. */
  rbacWarnings: string[];
  /** Whole-page loads, by address (a Vite dependency re-optimization reloads the whole page). */
  documentLoads: string[];
}

/**
 * Watches a tab for what a newcomer would see as a broken panel. Strapi's own calls out (update check,
 * marketplace, analytics) cannot reach the network on these machines; what Strapi logs for them
 * ("Failed to fetch", "Failed to load resource") is left out, and only while such a call did fail.
 */
export function watchConsole(page: Page, baseUrl: string): ConsoleWatch {
  const problems: string[] = [];
  const consoleErrors: string[] = [];
  const offline: string[] = [];
  const rbacWarnings: string[] = [];
  const documentLoads: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`${message.text()} (${message.location().url})`);
    if (message.type() === 'warning' && /useRBAC/.test(message.text())) rbacWarnings.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(`${error.message} ${error.stack ?? ''}`));
  page.on('requestfailed', (request) => {
    if (new URL(request.url()).origin === baseUrl) problems.push(`failed: ${request.method()} ${request.url()}`);
    else offline.push(request.url());
  });
  page.on('load', () => documentLoads.push(page.url()));
  const outsideNoise = /Failed to fetch|Failed to load resource|ERR_NAME_NOT_RESOLVED|ERR_INTERNET_DISCONNECTED/;
  return {
    problems: () => [
      ...problems.filter((text) => !(offline.length > 0 && /^Failed to fetch/.test(text))),
      ...consoleErrors.filter((text) => !(offline.length > 0 && outsideNoise.test(text))),
    ],
    rbacWarnings,
    documentLoads,
  };
}

/** Picks `option` in the design system's combobox labelled `combobox` (its list opens in a portal on `page`). */
export const chooseOption = async (page: Page, combobox: string, option: string, scope: Page | Locator = page) => {
  await scope.getByRole('combobox', { name: combobox }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
};
