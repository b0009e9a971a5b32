import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { Client } from 'pg';
import mysql from 'mysql2/promise';
import { createStrapi, type Core } from '@strapi/strapi';
import { tokenOfLink } from '../../server/src/services/token';

// The same mail catcher the playground uses, so tests read what was really delivered over SMTP.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain JS module of the playground
const { startMailCatcher } = require('../../playground/scripts/mail-catcher') as {
  startMailCatcher: (options?: { port?: number }) => Promise<MailCatcher>;
};

export interface CaughtMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  link: string | null;
  receivedAt: Date;
}

export interface MailCatcher {
  port: number;
  mails: CaughtMail[];
  close: () => Promise<void>;
}

export interface TestApp {
  strapi: Core.Strapi;
  http: ReturnType<typeof request>;
  /** http://127.0.0.1:<port> of the running server (the admin panel is at /admin when served). */
  baseUrl: string;
  /** The super admin's JWT. */
  adminJwt: string;
  mail: MailCatcher;
  /** Restarts the SMTP server on the same port (to end a simulated outage). */
  restartMail: () => Promise<void>;
  stopMail: () => Promise<void>;
  stop: () => Promise<void>;
  /** What Strapi logged as errors since boot: a failure no response shows (a missing favicon) lands here. */
  loggedErrors: string[];
}

const PLAYGROUND = path.resolve(__dirname, '..', '..', 'playground');
export const ADMIN = { email: 'super@tests.local', password: 'Sup3rSecret!', firstname: 'Sam', lastname: 'Super' };

/** Boots the playground Strapi on a fresh database: SQLite in a temp dir, or its own PostgreSQL schema. */
export async function startApp(extraEnv: Record<string, string> = {}): Promise<TestApp> {
  let mail = await startMailCatcher({ port: 0 });
  const mailPort = mail.port;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'invitations-test-'));

  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
    SERVE_ADMIN_PANEL: 'false',
    CRON_ENABLED: 'false',
    INVITATIONS_EXPIRE_CRON: 'false',
    INVITATIONS_RETRY_BASE_MS: '150',
    INVITATIONS_POLL_MS: '100',
    INVITATIONS_MAX_ATTEMPTS: '5',
    INVITATIONS_IMPORT_MAX_BYTES: '200000',
    INVITATIONS_IMPORT_MAX_ROWS: '400',
    INVITATIONS_IMPORT_BATCH_SIZE: '50',
    // Tests send hundreds of token requests from 127.0.0.1; rate-limit.test.ts boots with a small budget.
    INVITATIONS_RATE_LIMIT_POINTS: '1000000',
    SMTP_PORT: String(mailPort),
    // One connection per mail: the outage tests stop and restart the mail server, and a stop waits
    // for a pooled transport's idle connections to close (the benchmark measures the pooled one).
    SMTP_POOL: 'false',
    JWT_SECRET: 'test-jwt-secret',
    DATABASE_FILENAME: path.join(tmp, 'test.db'),
    ...extraEnv,
  };

  let dropSchema: (() => Promise<void>) | null = null;
  if (process.env.TEST_DATABASE === 'postgres') {
    const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const schema = `inv_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA "${schema}"`);
    await admin.end();
    Object.assign(env, { DATABASE_CLIENT: 'postgres', DATABASE_URL: url, DATABASE_SCHEMA: schema });
    dropSchema = async () => {
      const client = new Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    };
  } else if (process.env.TEST_DATABASE === 'mysql') {
    // A database of its own per run, dropped after: MySQL and MariaDB have no schemas inside one.
    const server = new URL(process.env.TEST_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/');
    const database = `inv_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    const run = async (sql: string) => {
      const connection = await mysql.createConnection({
        host: server.hostname,
        port: Number(server.port || 3306),
        user: decodeURIComponent(server.username),
        password: decodeURIComponent(server.password),
      });
      await connection.query(sql);
      await connection.end();
    };
    await run(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    Object.assign(env, { DATABASE_CLIENT: 'mysql', DATABASE_URL: new URL(`/${database}`, server).toString() });
    dropSchema = () => run(`DROP DATABASE IF EXISTS \`${database}\``);
  }
  Object.assign(process.env, env);

  // The playground's sources run as they are; an app serving the admin panel runs as `strapi start` would,
  // from dist/, where `npm run build:playground` compiled them and built the panel.
  const distDir = env.SERVE_ADMIN_PANEL === 'false' ? PLAYGROUND : path.join(PLAYGROUND, 'dist');
  const instance = createStrapi({ appDir: PLAYGROUND, distDir });
  let strapi: Core.Strapi;
  try {
    strapi = await instance.load();
  } catch (error) {
    // A boot that fails (as a test may want) leaves nothing running behind it.
    await instance.destroy().catch(() => undefined);
    await mail.close().catch(() => undefined);
    if (dropSchema) await dropSchema();
    fs.rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
  const loggedErrors: string[] = [];
  const logError = strapi.log.error.bind(strapi.log);
  strapi.log.error = ((...args: unknown[]) => {
    loggedErrors.push(
      args
        .map((arg) => (arg instanceof Error ? arg.message : typeof arg === 'string' ? arg : JSON.stringify(arg)))
        .join(' ')
    );
    return (logError as (...a: unknown[]) => unknown)(...args);
  }) as typeof strapi.log.error;
  strapi.server.mount();
  // Listen once: supertest would otherwise bind a new port per request, which drops parallel ones.
  await new Promise<void>((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = strapi.server.httpServer.address() as { port: number };
  const baseUrl = `http://127.0.0.1:${port}`;
  const http = request(baseUrl);

  const registered = await http.post('/admin/register-admin').send(ADMIN);
  if (![200, 201].includes(registered.status))
    throw new Error(`register-admin failed: ${registered.status} ${registered.text}`);
  const adminJwt = registered.body.data.token as string;

  const app: TestApp = {
    strapi,
    http,
    baseUrl,
    adminJwt,
    mail,
    loggedErrors,
    async stopMail() {
      await mail.close();
    },
    async restartMail() {
      mail = await startMailCatcher({ port: mailPort });
      app.mail = mail;
    },
    async stop() {
      await strapi.destroy();
      await mail.close().catch(() => undefined);
      if (dropSchema) await dropSchema();
      fs.rmSync(tmp, { recursive: true, force: true });
      // An error Strapi logged that no assertion saw (a 500 to a request whose answer went unchecked,
      // a failing background job) fails the test file in its afterAll.
      if (loggedErrors.length > 0) {
        throw new Error(
          `Strapi logged ${loggedErrors.length} error(s) during this test file:\n${loggedErrors.join('\n')}`
        );
      }
    },
  };
  return app;
}

type Method = 'get' | 'post' | 'put' | 'delete';

/** An admin API call with a JWT (the super admin's unless given). */
export const asAdmin = (app: TestApp, method: Method, url: string, jwt = app.adminJwt) =>
  app.http[method](url).set('Authorization', `Bearer ${jwt}`);

export const LIMITED_ADMIN_PASSWORD = 'L1mitedAdmin!';

/** Creates an admin whose role holds exactly `actions` (plugin action names) and returns its JWT. */
export async function createAdmin(
  app: TestApp,
  email: string,
  actions: string[],
  conditions: string[] = []
): Promise<string> {
  const roleService = app.strapi.service('admin::role');
  const role = await roleService.create({
    name: `role for ${email}`,
    description: `test role: ${actions.join(', ') || 'none'}`,
  });
  if (actions.length > 0) {
    await roleService.assignPermissions(
      role.id,
      actions.map((action) => ({
        action: `plugin::invitations.${action}`,
        subject: null,
        properties: {},
        conditions,
      }))
    );
  }
  const password = LIMITED_ADMIN_PASSWORD;
  await app.strapi.service('admin::user').create({
    email,
    firstname: 'Limited',
    lastname: 'Admin',
    password,
    isActive: true,
    registrationToken: null,
    roles: [role.id],
  });
  const login = await app.http.post('/admin/login').send({ email, password });
  if (login.status !== 200) throw new Error(`admin login failed: ${login.status} ${login.text}`);
  return login.body.data.token as string;
}

/** Registers a users-permissions user through /api/auth/local/register and returns its JWT. */
export async function registerUser(
  app: TestApp,
  email: string,
  password = 'userPass123'
): Promise<{ jwt: string; id: number }> {
  const res = await app.http.post('/api/auth/local/register').send({ username: email, email, password });
  if (res.status !== 200) throw new Error(`register failed: ${res.status} ${res.text}`);
  return { jwt: res.body.jwt as string, id: res.body.user.id as number };
}

export async function waitFor<T>(
  probe: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  what: string,
  timeoutMs = 15_000
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Reads the token out of an accept link. */
export const tokenOf = (link: string): string => tokenOfLink(link) ?? '';

/** Creates an organization through the admin API. */
export async function createOrganization(app: TestApp, body: Record<string, unknown>) {
  const res = await asAdmin(app, 'post', '/invitations/organizations').send(body);
  if (res.status !== 201) throw new Error(`creating organization failed: ${res.status} ${res.text}`);
  return res.body.data as { documentId: string; slug: string; name: string; allowedDomains: string[] };
}

/** Invites one address and returns the invitation's id and its accept token (via "copy link"). */
export async function inviteOne(app: TestApp, email: string, body: Record<string, unknown> = {}) {
  const res = await asAdmin(app, 'post', '/invitations/invitations').send({ emails: email, ...body });
  if (res.body.results?.[0]?.result !== 'created')
    throw new Error(`inviting ${email} failed: ${res.status} ${res.text}`);
  const id = res.body.results[0].invitation.documentId as string;
  const link = (await asAdmin(app, 'get', `/invitations/invitations/${id}/link`)).body.data.link as string;
  return { id, token: tokenOf(link) };
}

/** POST …/preview with the token in the body. */
export const previewInvitation = (app: TestApp, token: string) =>
  app.http.post('/api/invitations/invitations/preview').send({ token });

/** POST …/decline with the token in the body. */
export const declineInvitation = (app: TestApp, token: string, body: Record<string, unknown> = {}) =>
  app.http.post('/api/invitations/invitations/decline').send({ token, ...body });

/** POST …/accept, as a signed-in user when `jwt` is given. */
export const acceptInvitation = (app: TestApp, token: string, body: Record<string, unknown> = {}, jwt?: string) => {
  const req = app.http.post('/api/invitations/invitations/accept');
  return (jwt ? req.set('Authorization', `Bearer ${jwt}`) : req).send({ token, ...body });
};

/** A TCP port free on 127.0.0.1 now, for a server the test starts as another process. */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

/** A server the test starts as another process: its output so far, and how to stop it. */
export interface ServerProcess {
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts `npm run <script>` in `cwd` and waits until `baseUrl` answers /_health. It runs in a process
 * group of its own: npm starts Strapi (and the playground's script its mail catcher) as children, and
 * all of them stop with the test. A start that fails shows the server's output.
 */
export async function startServerProcess(
  script: string,
  options: { cwd: string; env: NodeJS.ProcessEnv; baseUrl: string; what: string; timeoutMs: number }
): Promise<ServerProcess> {
  const child = spawn('npm', ['run', script], { cwd: options.cwd, env: options.env, detached: true });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const stop = async () => {
    if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
    process.kill(-child.pid, 'SIGINT');
    await waitFor(() => child.exitCode !== null || child.signalCode !== null, `${options.what} to stop`, 30_000).catch(
      () => process.kill(-child.pid!, 'SIGKILL')
    );
  };
  await waitFor(
    async () => (await fetch(`${options.baseUrl}/_health`).catch(() => null))?.status === 204,
    options.what,
    options.timeoutMs
  ).catch(async (error: Error) => {
    await stop();
    throw new Error(`${error.message}. Its output:\n${output}`);
  });
  return { output: () => output, stop };
}

/** A webhook call as Strapi made it. */
export interface ReceivedHook {
  event: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown> & { data?: Record<string, unknown> };
}

/** A local HTTP server that receives Strapi's webhook calls, in the order they came. */
export interface WebhookReceiver {
  url: string;
  hooks: ReceivedHook[];
  close: () => Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const hooks: ReceivedHook[] = [];
  const receiver = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const body = JSON.parse(raw) as ReceivedHook['body'];
      hooks.push({ event: String(body.event), headers: req.headers, body });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(receiver.address() as net.AddressInfo).port}/hook`,
    hooks,
    close: () => new Promise<void>((resolve) => receiver.close(() => resolve())),
  };
}

/**
 * The invitation ids among `ids` that each link row of `relation` names, one entry per link row: a
 * to-one relation (acceptedBy, invitedBy) must give each id at most once.
 */
export async function invitationLinkOwners(app: TestApp, relation: string, ids: readonly number[]): Promise<number[]> {
  const { joinTable } = app.strapi.db.metadata.get('plugin::invitations.invitation').attributes[
    relation
  ] as unknown as { joinTable: { name: string; joinColumn: { name: string } } };
  const rows = (await app.strapi.db
    .getConnection(joinTable.name)
    .select({ invitation: joinTable.joinColumn.name })
    .whereIn(joinTable.joinColumn.name, [...ids])) as { invitation: number | string }[];
  return rows.map((row) => Number(row.invitation));
}
