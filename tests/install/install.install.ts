/**
 * The README's "Install in your Strapi app", done as a portal owner would: a new app from
 * create-strapi-app at the pinned version, the packed plugin and the email provider installed with the
 * README's own command, its config block merged into config/plugins.ts and its .env entries added (all
 * three read from README.md, so the text and this test cannot drift), the admin built, the app started
 * in production mode. Then a smoke test through HTTP and Chromium. Run with `npm run test:install`
 * (about 8 minutes; INSTALL_TEST_APP=<dir> reuses an app made by an earlier run).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, screenshot, watchConsole, type BrowserSession } from '../helpers/browser';
import { freePort, startServerProcess, tokenOf, waitFor, type MailCatcher, type ServerProcess } from '../helpers/app';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain JS module of the playground
const { startMailCatcher } = require('../../playground/scripts/mail-catcher') as {
  startMailCatcher: (options?: { port?: number }) => Promise<MailCatcher>;
};

const ROOT = path.resolve(__dirname, '..', '..');
const STRAPI_VERSION = '5.54.0';
const ADMIN = { email: 'owner@install.test', password: 'Owner-Install-1', firstname: 'Olga', lastname: 'Owner' };

/** The fenced block right after `<!-- install:<name> -->` in the README. */
export const readmeBlock = (readme: string, name: string): string => {
  const marker = `<!-- install:${name} -->`;
  const at = readme.indexOf(marker);
  if (at === -1) throw new Error(`README.md has no ${marker} block`);
  const fence = /```[a-z]*\n([\s\S]*?)```/.exec(readme.slice(at + marker.length));
  if (!fence) throw new Error(`README.md: no code block after ${marker}`);
  return fence[1];
};

/** Adds `entries` at the top of the object a Strapi `config/plugins` file returns. */
export const mergeIntoPluginsConfig = (source: string, entries: string): string => {
  const opening = /=>\s*\(\{\n/.exec(source);
  if (!opening) throw new Error('config/plugins: no "=> ({" to add the entries to');
  const at = opening.index + opening[0].length;
  return source.slice(0, at) + entries + source.slice(at);
};

const run = (command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) =>
  execFileSync(command, args, {
    cwd,
    env: { ...process.env, npm_config_nodedir: process.env.npm_config_nodedir ?? '/usr', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  }).toString();

let appDir: string;
let baseUrl: string;
let server: ServerProcess;
let mail: MailCatcher;
let session: BrowserSession;
let adminJwt: string;
let token: string;

beforeAll(async () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'invitations-install-'));

  // The plugin as npm would publish it (the test's npm script built dist/ first).
  const packed = run('npm', ['pack', '--pack-destination', work], ROOT).trim().split('\n').at(-1)!;

  appDir = process.env.INSTALL_TEST_APP ?? path.join(work, 'portal-app');
  if (!fs.existsSync(path.join(appDir, 'package.json'))) {
    run(
      'npx',
      [
        '-y',
        `create-strapi-app@${STRAPI_VERSION}`,
        appDir,
        '--non-interactive',
        '--no-run',
        '--ts',
        '--use-npm',
        '--install',
        '--skip-cloud',
        '--no-example',
        '--no-git-init',
        '--dbclient=sqlite',
        // Without it the generated .env has an empty DATABASE_FILENAME, which SQLite cannot open.
        '--dbfile=.tmp/data.db',
      ],
      work
    );
  }

  // 1. The README's install command, with the tarball it names (its name must match what npm packed).
  const install = readmeBlock(readme, 'packages').trim();
  const tarballName = /\.\/(strapi-plugin-invitations-[^\s]+\.tgz)/.exec(install)?.[1];
  expect(tarballName).toBe(packed);
  fs.copyFileSync(path.join(work, packed), path.join(appDir, packed));
  const [command, ...args] = install.split(/\s+/);
  run(command, [...args, '--no-audit', '--no-fund'], appDir);

  // 2. The config block, merged into the new app's own config/plugins.ts (users-permissions stays).
  const pluginsFile = path.join(appDir, 'config', 'plugins.ts');
  const original = fs.readFileSync(pluginsFile, 'utf8');
  // (An app reused from an earlier run has the block already.)
  if (!original.includes('invitations:')) {
    fs.writeFileSync(pluginsFile, mergeIntoPluginsConfig(original, readmeBlock(readme, 'plugins-config')));
  }
  expect(fs.readFileSync(pluginsFile, 'utf8')).toContain("jwtManagement: 'refresh'");

  // 3. The .env entries, with a generated secret and this machine's SMTP server.
  mail = await startMailCatcher({ port: 0 });
  const port = await freePort();
  const env = readmeBlock(readme, 'env')
    .replace(/^INVITATIONS_TOKEN_SECRET=.*$/m, `INVITATIONS_TOKEN_SECRET=${randomBytes(32).toString('base64')}`)
    .replace(/^SMTP_HOST=.*$/m, 'SMTP_HOST=127.0.0.1')
    .replace(/^SMTP_PORT=.*$/m, `SMTP_PORT=${mail.port}`);
  const dotenv = path.join(appDir, '.env');
  const kept = fs
    .readFileSync(dotenv, 'utf8')
    .split('\n')
    .filter((line) => !/^(INVITATIONS_|SMTP_|EMAIL_FROM|PORT=|HOST=|STRAPI_TELEMETRY_DISABLED=)/.test(line));
  // Telemetry off, as on any CI machine: the admin's analytics call cannot reach the network here and
  // its failure surfaces as an uncaught "Failed to fetch" that is Strapi's, not the plugin's.
  fs.writeFileSync(
    dotenv,
    [...kept, env, 'HOST=127.0.0.1', `PORT=${port}`, 'STRAPI_TELEMETRY_DISABLED=true', ''].join('\n')
  );

  // 4. Build and start, as the README says (on a fresh database: a reused app keeps its old one in .tmp).
  fs.rmSync(path.join(appDir, '.tmp'), { recursive: true, force: true });
  run('npm', ['run', 'build'], appDir, { NODE_ENV: 'production' });
  baseUrl = `http://127.0.0.1:${port}`;
  server = await startServerProcess('start', {
    cwd: appDir,
    env: { ...process.env, NODE_ENV: 'production' },
    baseUrl,
    what: 'the new app to start',
    timeoutMs: 120_000,
  });
  session = await launchBrowser();
}, 20 * 60_000);

afterAll(async () => {
  await session?.close();
  await server?.stop();
  await mail?.close();
});

/** A JSON answer, read loosely: the assertions say what each field must be. */
type Answer = { status: number; body: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any

const json = async (url: string, init: RequestInit = {}, jwt?: string): Promise<Answer> => {
  const response = await fetch(`${baseUrl}${url}`, {
    ...init,
    headers: { 'Content-Type': 'application/json', ...(jwt ? { Authorization: `Bearer ${jwt}` } : {}) },
  });
  return { status: response.status, body: (await response.json().catch(() => null)) as Answer['body'] };
};

describe('a new Strapi app with the plugin installed from the README', () => {
  test('registers its first admin, who invites someone; the mail reaches the SMTP server', async () => {
    const registered = await json('/admin/register-admin', { method: 'POST', body: JSON.stringify(ADMIN) });
    expect(registered.status).toBe(200);
    adminJwt = registered.body.data.token;
    const invited = await json(
      '/invitations/invitations',
      { method: 'POST', body: JSON.stringify({ emails: 'newcomer@install.test' }) },
      adminJwt
    );
    expect([invited.status, invited.body.results[0].result]).toEqual([201, 'created']);
    const delivered = await waitFor(
      () => mail.mails.find((m) => m.to.includes('newcomer@install.test')),
      'the invitation mail',
      30_000
    );
    expect(delivered.subject).toContain('Partner Portal');
    expect(delivered.link).toMatch(/^https:\/\/portal\.example\.com\/accept-invitation#token=/);
    token = tokenOf(delivered.link!);
  });

  test('the invitee previews and accepts by registering; the JWT works for /api/users/me in refresh mode', async () => {
    const preview = await json('/api/invitations/invitations/preview', {
      method: 'POST',
      body: JSON.stringify({ token }),
    });
    expect([preview.status, preview.body.data.email]).toEqual([200, 'newcomer@install.test']);
    const accepted = await json('/api/invitations/invitations/accept', {
      method: 'POST',
      body: JSON.stringify({ token, password: 'Newcomer-Pass-1' }),
    });
    expect(accepted.status).toBe(201);
    expect(typeof accepted.body.jwt).toBe('string');
    expect(typeof accepted.body.refreshToken).toBe('string');
    // The provider the README installs is found: no start-up warning about it.
    expect(server.output()).not.toContain('Invitation mails cannot be sent');
    const me = await json('/api/users/me', {}, accepted.body.jwt);
    expect([me.status, me.body.email]).toEqual([200, 'newcomer@install.test']);
  });

  test('Manage Access renders in Chromium with no console error', async () => {
    const context = await session.browser.newContext({ baseURL: baseUrl, viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const watch = watchConsole(page, baseUrl);
    await page.goto('/admin/auth/login');
    await page.locator('input[name="email"]').fill(ADMIN.email);
    await page.locator('input[name="password"]').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Login' }).click();
    // Strapi's own ConfigurationProvider passes useRBAC an object (its deprecation warning is Strapi's);
    // the plugin's pages must add none.
    await page.getByRole('link', { name: 'Manage Access' }).waitFor();
    const strapiRbacWarnings = watch.rbacWarnings.length;
    await page.getByRole('link', { name: 'Manage Access' }).click();
    await page.getByRole('heading', { name: 'Manage Access' }).waitFor();
    await page.locator('tr[data-email="newcomer@install.test"]').waitFor();
    await screenshot(page, 'install-01-manage-access');
    expect({ problems: watch.problems(), pluginRbacWarnings: watch.rbacWarnings.slice(strapiRbacWarnings) }).toEqual({
      problems: [],
      pluginRbacWarnings: [],
    });
    await context.close();
  });
});
