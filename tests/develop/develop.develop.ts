/**
 * The README's first command, as a newcomer runs it on a fresh clone: `npm run develop` (plugin and
 * portal built, the mail catcher, `strapi develop` of the playground with Vite serving the admin), then
 * the first visit to Manage Access in Chromium. Vite's dependency cache is removed first, as a fresh
 * clone has none: a dependency Vite discovers late re-optimizes and reloads the page, which showed a
 * blank panel. Run with `npm run test:develop` (about 2 minutes).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, screenshot, watchConsole, type BrowserSession } from '../helpers/browser';
import { freePort, startServerProcess, type ServerProcess } from '../helpers/app';

const ROOT = path.resolve(__dirname, '..', '..');
const PLAYGROUND = path.join(ROOT, 'playground');
// The demo admin the playground seeds in development (playground/src/index.js; the README gives it too).
const DEMO_ADMIN = { email: 'admin@example.com', password: 'Admin12345' };

let developer: ServerProcess;
let baseUrl: string;
let session: BrowserSession;
let work: string;

beforeAll(async () => {
  fs.rmSync(path.join(PLAYGROUND, 'node_modules', '.strapi'), { recursive: true, force: true });
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'invitations-develop-'));
  const [port, smtpPort, inboxPort] = [await freePort(), await freePort(), await freePort()];
  baseUrl = `http://127.0.0.1:${port}`;
  developer = await startServerProcess('develop', {
    cwd: ROOT,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      SMTP_PORT: String(smtpPort),
      INBOX_PORT: String(inboxPort),
      // A database of its own, so the developer's playground data is left alone (and the demo is seeded).
      DATABASE_FILENAME: path.join(work, 'develop.db'),
    },
    baseUrl,
    what: '`npm run develop` to serve',
    timeoutMs: 5 * 60_000,
  });
  session = await launchBrowser();
}, 6 * 60_000);

afterAll(async () => {
  await session?.close();
  await developer?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

test('the first visit to Manage Access shows the page, with no reload and no console error', async () => {
  const context = await session.browser.newContext({ baseURL: baseUrl, viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const watch = watchConsole(page, baseUrl);
  // Vite transforms the whole admin on the first request: minutes on a slow machine, not seconds.
  await page.goto('/admin/auth/login', { timeout: 180_000 });
  await page.locator('input[name="email"]').fill(DEMO_ADMIN.email, { timeout: 180_000 });
  await page.locator('input[name="password"]').fill(DEMO_ADMIN.password);
  await page.getByRole('button', { name: 'Login' }).click();
  const menuLink = page.getByRole('link', { name: 'Manage Access' });
  await menuLink.waitFor({ timeout: 120_000 });
  // Strapi's own pages pass useRBAC an object (its ConfigurationProvider, the settings overview) and
  // it warns; the plugin's pages must add no warning, so they are counted only while a plugin page loads.
  const loadsBefore = watch.documentLoads.length;
  const pluginRbacWarnings: string[] = [];
  const countWarnings = async (showPluginPage: () => Promise<void>) => {
    const before = watch.rbacWarnings.length;
    await showPluginPage();
    pluginRbacWarnings.push(...watch.rbacWarnings.slice(before));
  };

  await countWarnings(async () => {
    await menuLink.click();
    await page.getByRole('heading', { name: 'Manage Access' }).waitFor({ timeout: 120_000 });
    await page.getByRole('tab', { name: 'Invites Sent' }).waitFor();
  });
  // Its settings page is another lazily loaded chunk of the plugin, reached the way an admin would.
  await page.getByRole('link', { name: 'Settings' }).first().click();
  const settingsLink = page.locator('a[href$="/settings/invitations"]');
  await settingsLink.waitFor({ timeout: 120_000 });
  await countWarnings(async () => {
    await settingsLink.click();
    await page.getByRole('heading', { name: 'Invitations settings' }).waitFor({ timeout: 120_000 });
  });
  // Give a late re-optimization the time to announce itself and reload.
  await page.waitForTimeout(3_000);
  await screenshot(page, 'develop-01-manage-access');

  expect({
    problems: watch.problems(),
    pluginRbacWarnings,
    // Every move after sign-in is inside the single-page app: any whole-page load is a reload.
    documentLoads: watch.documentLoads.slice(loadsBefore),
    reoptimized: /optimized dependencies changed/.test(developer.output()),
  }).toEqual({
    problems: [],
    pluginRbacWarnings: [],
    documentLoads: [],
    reoptimized: false,
  });
  await context.close();
});
