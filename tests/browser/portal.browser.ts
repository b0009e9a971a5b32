/**
 * The reference portal (playground/portal) in a real Chromium, served by the playground's Strapi, with
 * a real SMTP server: the whole loop an organization goes through. A Strapi admin invites an
 * organization admin in the admin panel; the mail's link opens the portal's accept page; the new
 * organization admin invites colleagues, copies a link and revokes one from the Members page; a
 * colleague accepts; a `user` member sees no invite button and the API refuses them. Every step checks
 * the screen and then the database or the delivered mail. Run with `npm run test:browser`.
 */
import type { BrowserContext, Page } from 'playwright-core';
import {
  ADMIN,
  asAdmin,
  createOrganization,
  inviteOne,
  startApp,
  tokenOf,
  waitFor,
  type TestApp,
} from '../helpers/app';
import { launchBrowser, screenshot, signIn, type BrowserSession } from '../helpers/browser';

const INVITATION = 'plugin::invitations.invitation';
const MEMBERSHIP = 'plugin::invitations.membership';

let app: TestApp;
let session: BrowserSession;
let admin: Page;
let northwind: { documentId: string; slug: string };
/** Strapi's own request log (`strapi::logger`, one line per request): a token must never be in it. */
const requestLog: string[] = [];

const mailTo = (email: string) => app.mail.mails.filter((mail) => mail.to.includes(email)).at(-1);
const linkFor = (email: string) => waitFor(() => mailTo(email)?.link, `the invitation mail to ${email}`);

/** A fresh browser tab on the portal, as someone who opened a mail link would have. */
const portalTab = async (): Promise<{ context: BrowserContext; page: Page }> => {
  const context = await session.browser.newContext({ baseURL: app.baseUrl, viewport: { width: 1280, height: 860 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.baseUrl });
  return { context, page: await context.newPage() };
};

const membershipOf = (email: string, slug: string) =>
  app.strapi.db.query(MEMBERSHIP).findOne({
    where: { user: { email }, organization: { slug } },
    populate: { teams: true },
  }) as Promise<{ status: string; role: string } | null>;

/** Calls the Content API from the page, with the JWT the portal keeps: what any script of the user could do. */
const callAsPageUser = (page: Page, method: string, path: string, body?: unknown) =>
  page.evaluate(
    async ({ method, path, body }) => {
      const { jwt } = JSON.parse(localStorage.getItem('portal.session') ?? '{}') as { jwt?: string };
      const response = await fetch(path, {
        method,
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${jwt}` },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    },
    { method, path, body }
  );

let olivia: Page; // the organization admin
let paul: Page; // a colleague, `user`

beforeAll(async () => {
  app = await startApp({ SERVE_ADMIN_PANEL: 'true' });
  // strapi::logger writes every request as "<METHOD> <url> (<ms>) <status>" at the http level.
  const logHttp = app.strapi.log.http.bind(app.strapi.log);
  app.strapi.log.http = ((message: string, ...rest: unknown[]) => {
    requestLog.push(String(message));
    return (logHttp as (...args: unknown[]) => unknown)(message, ...rest);
  }) as typeof app.strapi.log.http;
  // The playground's acceptUrl points at port 1337; this server listens on a port of its own.
  app.strapi.config.set('plugin::invitations.acceptUrl', `${app.baseUrl}/portal/accept-invitation#`);
  northwind = await createOrganization(app, { name: 'Northwind', slug: 'northwind' });
  await asAdmin(app, 'post', `/invitations/organizations/${northwind.documentId}/teams`).send({ name: 'Sales' });
  session = await launchBrowser();
  ({ page: admin } = await signIn(session.browser, app.baseUrl, ADMIN.email, ADMIN.password));
});

afterAll(async () => {
  await session?.close();
  await app?.stop();
});

describe('the reference portal in Chromium', () => {
  test('a Strapi admin invites an organization admin from the panel', async () => {
    await admin.getByRole('link', { name: 'Manage Access' }).click();
    await admin.getByRole('button', { name: 'Invite Partners' }).first().click();
    const dialog = admin.getByRole('dialog', { name: 'Invite Partners' });
    const box = dialog.getByRole('textbox', { name: 'Email addresses' });
    await box.fill('olivia@northwind.test');
    await box.press('Enter');
    await dialog.getByRole('combobox', { name: 'Role' }).click();
    await admin.getByRole('option', { name: 'Admin', exact: true }).click();
    await dialog.getByRole('combobox', { name: 'Organization' }).pressSequentially('North');
    await admin.getByRole('option', { name: 'Northwind', exact: true }).click();
    await dialog.getByRole('button', { name: 'Send 1 invitation' }).click();
    await dialog.locator('tr[data-result="created"]').waitFor();

    const link = await linkFor('olivia@northwind.test');
    // The token rides in the fragment: no server, Strapi's request log included, ever receives it.
    expect(link.startsWith(`${app.baseUrl}/portal/accept-invitation#token=`)).toBe(true);
  });

  test('the organization admin opens the link in the mail, creates an account and accepts', async () => {
    ({ page: olivia } = await portalTab());
    const link = await linkFor('olivia@northwind.test');
    await olivia.goto(link);
    await olivia.getByRole('heading', { name: 'You are invited to Northwind' }).waitFor();
    await olivia.getByText('Sam Super invited you to join').waitFor();
    // The token left the address bar at once.
    expect(olivia.url()).toBe(`${app.baseUrl}/portal/accept-invitation`);
    await screenshot(olivia, 'portal-01-accept');

    await olivia.getByLabel('Choose a password').fill('password');
    await olivia.getByRole('button', { name: 'Create account and accept' }).click();
    // The portal's password rule (playground config) is the server's answer, shown as is.
    await olivia.getByRole('alert').waitFor();
    expect(await membershipOf('olivia@northwind.test', 'northwind')).toBeNull();

    await olivia.getByLabel('Choose a password').fill('Olivia-portal-1');
    await olivia.getByRole('button', { name: 'Create account and accept' }).click();
    await olivia.getByRole('heading', { name: 'Welcome to Northwind' }).waitFor();
    await screenshot(olivia, 'portal-02-welcome');
    expect(await membershipOf('olivia@northwind.test', 'northwind')).toMatchObject({ status: 'active', role: 'admin' });
  });

  test('from the Members page she invites two colleagues, copies a link and revokes one with a reason', async () => {
    await olivia.getByRole('link', { name: 'Go to My organizations' }).click();
    await olivia.locator('li[data-organization="northwind"]').getByText('Current').waitFor();
    await screenshot(olivia, 'portal-03-my-organizations');
    await olivia.getByRole('button', { name: 'Open Northwind' }).click();
    await olivia.getByRole('heading', { name: 'Northwind' }).waitFor();

    await olivia.getByRole('button', { name: 'Invite members' }).click();
    const panel = olivia.getByRole('dialog', { name: 'Invite members' });
    await panel.getByLabel('Email addresses').fill('paul@northwind.test, quinn@northwind.test');
    await panel.getByLabel('Role', { exact: true }).selectOption('user');
    // A role per address: quinn gets viewer, paul the batch's role.
    await panel.getByLabel('Role of quinn@northwind.test').selectOption('viewer');
    await panel.getByLabel('Sales').check();
    await panel.getByRole('button', { name: 'Send invitations' }).click();
    await panel.locator('tr[data-result="created"]').nth(1).waitFor();
    await screenshot(olivia, 'portal-04-invite');
    const invited = (await app.strapi.db.query(INVITATION).findMany({
      where: { email: { $in: ['paul@northwind.test', 'quinn@northwind.test'] } },
      populate: { organization: true, teams: true, invitedByUser: true },
      orderBy: { email: 'asc' },
    })) as {
      email: string;
      role: string;
      source: string;
      organization: { slug: string };
      teams: { name: string }[];
      invitedByUser: { email: string };
    }[];
    expect(
      invited.map((row) => [
        row.email,
        row.role,
        row.source,
        row.organization.slug,
        row.teams[0]?.name,
        row.invitedByUser.email,
      ])
    ).toEqual([
      ['paul@northwind.test', 'user', 'portal', 'northwind', 'Sales', 'olivia@northwind.test'],
      ['quinn@northwind.test', 'viewer', 'portal', 'northwind', 'Sales', 'olivia@northwind.test'],
    ]);
    await panel.getByRole('button', { name: 'Close' }).click();

    // The Invitations tab opened after the invite.
    await olivia.locator('tr[data-email="quinn@northwind.test"]').waitFor();
    const paulLink = await linkFor('paul@northwind.test');
    await olivia.getByRole('button', { name: 'Copy link of paul@northwind.test' }).click();
    await olivia.getByText('Invitation link of paul@northwind.test copied.').waitFor();
    expect(await olivia.evaluate(() => navigator.clipboard.readText())).toBe(paulLink);

    await olivia.getByRole('button', { name: 'Revoke invitation of quinn@northwind.test' }).click();
    const confirm = olivia.getByRole('alertdialog', { name: 'Revoke the invitation of quinn@northwind.test' });
    await confirm.getByLabel('Reason').selectOption('other');
    await confirm.getByText('Write a note that explains why.').waitFor();
    expect(await confirm.getByRole('button', { name: 'Revoke' }).isDisabled()).toBe(true);
    await confirm.getByLabel('Note').fill('Joined another team');
    await screenshot(olivia, 'portal-05-revoke');
    await confirm.getByRole('button', { name: 'Revoke' }).click();
    await olivia.getByText('The invitation of quinn@northwind.test was revoked.').waitFor();
    await olivia.locator('tr[data-email="quinn@northwind.test"]').waitFor({ state: 'detached' });
    const quinn = await app.strapi.db.query(INVITATION).findOne({ where: { email: 'quinn@northwind.test' } });
    expect([quinn.status, quinn.revokeReason, quinn.revokeNote]).toEqual(['revoked', 'other', 'Joined another team']);
    const audit = await asAdmin(app, 'get', '/invitations/audit-events?action=invitation.revoked');
    expect(audit.body.results[0]).toMatchObject({ actorType: 'user', actorLabel: 'olivia@northwind.test' });
    await screenshot(olivia, 'portal-06-invitations');
  });

  test('a revoked, an expired and a used link each say so, and what to do', async () => {
    const { page } = await portalTab();
    await page.goto((await linkFor('quinn@northwind.test'))!);
    await page.getByRole('heading', { name: 'This invitation was withdrawn' }).waitFor();
    await screenshot(page, 'portal-07-revoked-link');

    const expired = await inviteOne(app, 'late@northwind.test', { organization: northwind.documentId });
    await app.strapi.db
      .query(INVITATION)
      .update({ where: { documentId: expired.id }, data: { expiresAt: new Date(Date.now() - 60_000) } });
    await page.goto(`${app.baseUrl}/portal/accept-invitation#token=${expired.token}`);
    await page.getByRole('heading', { name: 'This invitation has expired' }).waitFor();
    await page.getByText('Ask the person who invited you to send a new one.').waitFor();

    await page.goto((await linkFor('olivia@northwind.test'))!);
    await page.getByRole('heading', { name: 'This invitation was already used' }).waitFor();
    await page.getByRole('link', { name: 'Sign in' }).first().waitFor();
    await page.context().close();
  });

  test('a colleague accepts, and the organization admin sees them in Members', async () => {
    ({ page: paul } = await portalTab());
    await paul.goto(await linkFor('paul@northwind.test'));
    // A portal user invites under their username (here their address).
    await paul.getByText('olivia@northwind.test invited you').waitFor();
    await paul.getByLabel('Choose a password').fill('Paul-portal-1');
    await paul.getByRole('button', { name: 'Create account and accept' }).click();
    await paul.getByRole('heading', { name: 'Welcome to Northwind' }).waitFor();
    expect(await membershipOf('paul@northwind.test', 'northwind')).toMatchObject({ status: 'active', role: 'user' });

    await olivia.getByRole('tab', { name: 'Members' }).click();
    await olivia.locator('tr[data-email="paul@northwind.test"]').waitFor();
    expect(await olivia.locator('tr[data-email="paul@northwind.test"] td').nth(2).textContent()).toBe('Sales');
    await screenshot(olivia, 'portal-08-members');
  });

  test('a `user` member sees no invite button, and the API refuses them', async () => {
    await paul.getByRole('link', { name: 'Go to My organizations' }).click();
    await paul.getByRole('button', { name: 'Open Northwind' }).click();
    await paul.getByText('Your role: User').waitFor();
    await paul.locator('tr[data-email="olivia@northwind.test"]').waitFor();
    expect(await paul.getByRole('button', { name: 'Invite members' }).count()).toBe(0);
    expect(await paul.getByRole('tab').allTextContents()).toEqual(['Members']);
    expect(await paul.getByRole('combobox').count()).toBe(0);
    await screenshot(paul, 'portal-09-member-view');

    const refused = await callAsPageUser(paul, 'POST', '/api/invitations/organizations/northwind/invitations', {
      emails: 'sneaky@northwind.test',
    });
    expect([refused.status, refused.body.error.details.code]).toEqual([403, 'FORBIDDEN']);
    expect(await app.strapi.db.query(INVITATION).count({ where: { email: 'sneaky@northwind.test' } })).toBe(0);
  });

  test('My organizations: accept a waiting invitation without the mail, leave it; the last admin cannot leave', async () => {
    const contoso = await createOrganization(app, { name: 'Contoso', slug: 'contoso' });
    await inviteOne(app, 'paul@northwind.test', { organization: contoso.documentId });
    await paul.getByRole('link', { name: 'My organizations' }).click();
    const waiting = paul.locator('li[data-invitation="Contoso"]');
    await waiting.waitFor();
    await screenshot(paul, 'portal-10-waiting-invitation');
    await waiting.getByRole('button', { name: 'Accept' }).click();
    await paul.getByText('You joined Contoso.').waitFor();
    expect(await membershipOf('paul@northwind.test', 'contoso')).toMatchObject({ status: 'active' });

    await paul.getByRole('button', { name: 'Leave Contoso' }).click();
    await paul.getByRole('alertdialog', { name: 'Leave Contoso' }).getByRole('button', { name: 'Leave' }).click();
    await paul.getByText('You left Contoso.').waitFor();
    expect(await membershipOf('paul@northwind.test', 'contoso')).toMatchObject({ status: 'removed' });

    await olivia.getByRole('link', { name: 'My organizations' }).click();
    await olivia.getByRole('button', { name: 'Leave Northwind' }).click();
    await olivia.getByRole('alertdialog', { name: 'Leave Northwind' }).getByRole('button', { name: 'Leave' }).click();
    await olivia.getByText('Northwind needs at least one member who can manage members').waitFor();
    expect(await membershipOf('olivia@northwind.test', 'northwind')).toMatchObject({ status: 'active' });
  });

  test("Strapi's request log holds every portal page and API call, and not one token", () => {
    const tokens = app.mail.mails.map((mail) => (mail.link ? tokenOf(mail.link) : '')).filter(Boolean);
    expect(tokens.length).toBeGreaterThan(2);
    expect(
      requestLog.filter((line) => line.startsWith('GET /portal/accept-invitation ')).length
    ).toBeGreaterThanOrEqual(3);
    expect(requestLog.some((line) => line.startsWith('POST /api/invitations/invitations/accept '))).toBe(true);
    expect(requestLog.filter((line) => tokens.some((token) => line.includes(token)))).toEqual([]);
  });
});
