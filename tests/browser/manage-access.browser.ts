/**
 * The "Manage Access" panel in a real Chromium, against the playground's production admin build
 * (`strapi build`), a real Strapi, SQLite and SMTP server. Every step checks the screen and then the
 * database or the delivered mail. Run with `npm run test:browser`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import {
  ADMIN,
  LIMITED_ADMIN_PASSWORD,
  acceptInvitation,
  asAdmin,
  createAdmin,
  createOrganization,
  inviteOne,
  startApp,
  waitFor,
  type TestApp,
} from '../helpers/app';
import { chooseOption, launchBrowser, screenshot, serverErrors, signIn, type BrowserSession } from '../helpers/browser';
import { googleContacts } from '../helpers/csv-exports';

const INVITATION = 'plugin::invitations.invitation';
const AUDIT = 'plugin::invitations.audit-event';

let app: TestApp;
let session: BrowserSession;
let page: Page;

const invitations = (where: Record<string, unknown> = {}) =>
  app.strapi.db.query(INVITATION).findMany({ where, orderBy: { email: 'asc' } }) as Promise<
    {
      documentId: string;
      email: string;
      status: string;
      source: string;
      revokeReason: string | null;
      revokeNote: string | null;
      firstName: string | null;
      partnerName: string | null;
    }[]
  >;

const mailTo = (email: string) => app.mail.mails.find((mail) => mail.to.includes(email));

/** The Invites Sent row of one address. */
const row = (email: string) => page.locator(`tr[data-email="${email}"]`);

const openManageAccess = async () => {
  await page.getByRole('link', { name: 'Manage Access' }).click();
  await page.getByRole('heading', { name: 'Manage Access' }).waitFor();
};

beforeAll(async () => {
  app = await startApp({ SERVE_ADMIN_PANEL: 'true' });
  session = await launchBrowser();
  ({ page } = await signIn(session.browser, app.baseUrl, ADMIN.email, ADMIN.password));
});

afterAll(async () => {
  await session?.close();
  await app?.stop();
});

describe('Manage Access in Chromium', () => {
  test('the menu link opens Invites Sent with its empty state', async () => {
    await openManageAccess();
    await page.getByText('No invitations yet').waitFor();
    await screenshot(page, '01-invites-empty');
    expect(await page.getByRole('tab', { name: 'Invites Sent' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.getByRole('tab', { name: 'Organizations' }).count()).toBe(1);
    expect(await page.getByRole('tab', { name: 'Audit Log' }).count()).toBe(1);
  });

  test('Share a Link turns pasted addresses into chips, flags an invalid one and invites three', async () => {
    await page.getByRole('button', { name: 'Invite Partners' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Invite Partners' });
    const box = dialog.getByRole('textbox', { name: 'Email addresses' });
    await box.fill('ann@partner.test, bob@partner.test;\ncarol@partner.test not-an-email');
    await box.press('Enter');
    await dialog.getByRole('button', { name: 'Remove not-an-email' }).waitFor();
    await dialog.getByText('1 address is not valid').waitFor();
    await screenshot(page, '02-invite-chips-invalid');
    expect(await dialog.getByRole('button', { name: /^Send/ }).isDisabled()).toBe(true);

    await dialog.getByRole('button', { name: 'Remove not-an-email' }).click();
    await chooseOption(page, 'Role', 'Viewer', dialog);
    await dialog.getByRole('textbox', { name: 'Contact first name' }).fill('Pat');
    await dialog.getByRole('button', { name: 'Send 3 invitations' }).click();
    await dialog.getByText('What happened to each address').waitFor();
    expect(await dialog.locator('tr[data-result="created"]').count()).toBe(3);
    await screenshot(page, '03-invite-results');

    const created = await invitations();
    expect(created.map((invitation) => [invitation.email, invitation.status, invitation.source])).toEqual([
      ['ann@partner.test', 'pending', 'manual'],
      ['bob@partner.test', 'pending', 'manual'],
      ['carol@partner.test', 'pending', 'manual'],
    ]);
    const mails = await waitFor(
      () => ['ann', 'bob', 'carol'].every((name) => mailTo(`${name}@partner.test`)) && app.mail.mails,
      'three invitation mails'
    );
    expect(mails.find((mail) => mail.to.includes('ann@partner.test'))!.text).toContain('Hello Pat');

    await dialog.getByRole('button', { name: 'Done' }).click();
    await row('carol@partner.test').waitFor();
    expect(await page.locator('tbody tr').count()).toBe(3);
    await screenshot(page, '04-invites-sent');
  });

  test('Copy link puts the mailed accept link on the clipboard', async () => {
    await row('ann@partner.test').getByRole('button', { name: 'Copy link of ann@partner.test' }).click();
    await page.getByText('Invitation link of ann@partner.test copied').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(mailTo('ann@partner.test')!.link);
    const copiedEvents = await app.strapi.db.query(AUDIT).count({ where: { action: 'invitation.link_copied' } });
    expect(copiedEvents).toBe(1);
  });

  test('Remove with reason "Other" needs a note, then revokes with it', async () => {
    await row('ann@partner.test').getByRole('button', { name: 'Remove invitation of ann@partner.test' }).click();
    const dialog = page.getByRole('alertdialog');
    await chooseOption(page, 'Reason', 'Other', dialog);
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await dialog.getByText('Write a note that explains why').waitFor();
    expect((await invitations({ email: 'ann@partner.test' }))[0].status).toBe('pending');
    await screenshot(page, '05-remove-other-needs-note');

    await dialog.getByRole('textbox', { name: 'Note' }).fill('Left the partner company');
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await page.getByText('1 invitation removed.').waitFor();
    const [ann] = await invitations({ email: 'ann@partner.test' });
    expect([ann.status, ann.revokeReason, ann.revokeNote]).toEqual(['revoked', 'other', 'Left the partner company']);
  });

  test('Remove All revokes the selected invitations with one reason', async () => {
    await row('ann@partner.test').getByText('Removed').waitFor();
    await page.getByRole('checkbox', { name: 'Select all pending invitations on this page' }).click();
    await page.getByRole('button', { name: 'Remove All (2)' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByText('Remove the invitation of 2 invitations?').waitFor();
    await chooseOption(page, 'Reason', 'Sent by mistake', dialog);
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await page.getByText('2 invitations removed.').waitFor();
    const revoked = await invitations({ status: 'revoked' });
    expect(revoked.map((invitation) => [invitation.email, invitation.revokeReason])).toEqual([
      ['ann@partner.test', 'other'],
      ['bob@partner.test', 'sent_by_mistake'],
      ['carol@partner.test', 'sent_by_mistake'],
    ]);
  });

  test('Import CSV previews the bad row with its line, then sends the valid ones', async () => {
    const csv = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'invitations-csv-')), 'partners.csv');
    fs.writeFileSync(
      csv,
      'emailAddress,role,firstName\ndave@partner.test,user,Dave\nnot-an-email,user,Nobody\nerin@partner.test,admin,Erin\n'
    );

    await page.getByRole('button', { name: 'Invite Partners' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Invite Partners' });
    await dialog.getByRole('tab', { name: 'Import CSV File' }).click();
    await dialog.getByText('Download a sample file').waitFor();
    await dialog.locator('input[type="file"]').setInputFiles(csv);
    await dialog.getByText('Check of partners.csv').waitFor();
    await dialog.locator('tr[data-line="3"]').getByText('emailAddress: not-an-email').waitFor();
    expect(await dialog.locator('tbody tr[data-line]').count()).toBe(1);
    await screenshot(page, '06-import-preview');
    // The dry run wrote nothing.
    expect(await invitations({ source: 'csv' })).toHaveLength(0);

    await dialog.getByRole('button', { name: 'Send Invite (2)' }).click();
    await dialog.getByText('Import of partners.csv').waitFor();
    await screenshot(page, '07-import-done');
    const imported = await invitations({ source: 'csv' });
    expect(imported.map((invitation) => invitation.email)).toEqual(['dave@partner.test', 'erin@partner.test']);
    await waitFor(() => mailTo('dave@partner.test') && mailTo('erin@partner.test'), 'the imported invitations mailed');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await row('erin@partner.test').waitFor();
  });

  test('Import CSV reads a Google Contacts export, shows each column with what it is read as, and takes a change', async () => {
    const csv = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'invitations-csv-')), 'contacts.csv');
    fs.writeFileSync(
      csv,
      googleContacts([
        { firstName: 'Gwen', lastName: 'Gaul', email: 'gwen@google-export.test', company: 'Gaul & Co' },
        { firstName: 'Hugo', lastName: 'Hahn', email: 'hugo@google-export.test' },
      ])
    );
    await page.getByRole('button', { name: 'Invite Partners' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Invite Partners' });
    await dialog.getByRole('tab', { name: 'Import CSV File' }).click();
    await dialog.locator('input[type="file"]').setInputFiles(csv);
    await dialog.getByText('Check of contacts.csv').waitFor();
    await dialog
      .getByTestId('import-format')
      .getByText('Read as UTF-8, separated by commas; header on line 1.')
      .waitFor();
    const readAs = (column: string) => dialog.getByRole('combobox', { name: `Read column ${column} as` });
    // The columns read come first; Google's 39 others are one click away.
    const mapping = dialog.getByTestId('column-mapping');
    expect(await mapping.locator('tr[data-column]').evaluateAll((rows) => rows.map((r) => r.dataset.column))).toEqual([
      'Given Name',
      'Family Name',
      'E-mail 1 - Value',
      'Organization 1 - Name',
    ]);
    expect(await Promise.all(['Given Name', 'E-mail 1 - Value'].map((c) => readAs(c).textContent()))).toEqual([
      'First name',
      'Email address',
    ]);
    await screenshot(page, '06b-import-mapping');
    await mapping.getByRole('button', { name: 'Show the other 39 columns' }).click();
    expect(await Promise.all(['E-mail 1 - Type', 'Name'].map((c) => readAs(c).textContent()))).toEqual([
      'Not imported',
      'Not imported',
    ]);

    // The full name, not the given name, as the first name: the field moves to the chosen column.
    await chooseOption(page, 'Read column Name as', 'First name', dialog);
    expect(await readAs('Given Name').textContent()).toBe('Not imported');
    // What would be sent is what was checked: a changed column is checked again first.
    expect(await dialog.getByRole('button', { name: 'Send Invite (2)' }).isDisabled()).toBe(true);
    await dialog.getByRole('button', { name: 'Check again with these columns' }).click();
    await dialog.getByRole('button', { name: 'Send Invite (2)' }).click();
    await dialog.getByText('Import of contacts.csv').waitFor();
    const imported = await invitations({ email: { $endsWith: '@google-export.test' } });
    expect(imported.map((invitation) => [invitation.email, invitation.firstName, invitation.partnerName])).toEqual([
      ['gwen@google-export.test', 'Gwen Gaul', 'Gaul & Co'],
      ['hugo@google-export.test', 'Hugo Hahn', null],
    ]);
    await dialog.getByRole('button', { name: 'Done' }).click();
    // The tests after this one count the list's rows by status: these two are not theirs.
    await app.strapi.db.query(INVITATION).deleteMany({ where: { email: { $endsWith: '@google-export.test' } } });
  });

  test('the status filter shows only the chosen status', async () => {
    await chooseOption(page, 'Status', 'Removed');
    await page.waitForFunction(() => document.querySelectorAll('tbody tr[data-email]').length === 3);
    const emails = await page
      .locator('tbody tr[data-email]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-email')));
    expect(emails.sort()).toEqual(['ann@partner.test', 'bob@partner.test', 'carol@partner.test']);
    await screenshot(page, '08-filter-removed');
    await chooseOption(page, 'Status', 'Pending');
    await page.waitForFunction(() => document.querySelectorAll('tbody tr[data-email]').length === 2);
    await chooseOption(page, 'Status', 'All statuses');
  });

  test('the Sent column sorts by when the mail went out, both ways', async () => {
    const visibleOrder = () =>
      page.locator('tbody tr[data-email]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-email')));
    const apiOrder = async (order: 'asc' | 'desc') =>
      (
        (await asAdmin(app, 'get', `/invitations/invitations?sort=lastSentAt:${order}&pageSize=100`)).body.results as {
          email: string;
        }[]
      ).map((invitation) => invitation.email);
    for (const order of ['asc', 'desc'] as const) {
      await page.getByRole('button', { name: 'Sort by Sent' }).click();
      const expected = await apiOrder(order);
      await page.waitForFunction(
        (emails) =>
          JSON.stringify(
            [...document.querySelectorAll('tbody tr[data-email]')].map((r) => r.getAttribute('data-email'))
          ) === JSON.stringify(emails),
        expected
      );
      expect(await visibleOrder()).toEqual(expected);
    }
    // Back to the default order (newest first) for the next steps.
    await page.reload();
    await page.locator('tbody tr[data-email]').first().waitFor();
  });

  test('the Audit Log lists these events, filters by action and exports CSV', async () => {
    await page.getByRole('tab', { name: 'Audit Log' }).click();
    for (const action of [
      'Invitation created',
      'Invitation removed',
      'Link copied',
      'CSV imported',
      'Invitation sent',
    ]) {
      await page.locator('tbody').getByText(action, { exact: true }).first().waitFor();
    }
    await screenshot(page, '09-audit-log');

    await chooseOption(page, 'Action', 'Invitation removed');
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('tbody tr[data-action]')];
      return rows.length === 3 && rows.every((r) => r.getAttribute('data-action') === 'invitation.revoked');
    });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const exported = fs
      .readFileSync((await download.path())!, 'utf8')
      .trim()
      .split(/\r?\n/);
    expect(exported[0]).toBe(
      'createdAt,action,actorType,actorLabel,actorId,invitation,organization,organizationName,data'
    );
    expect(exported.slice(1).map((line) => line.split(',')[1])).toEqual([
      'invitation.revoked',
      'invitation.revoked',
      'invitation.revoked',
    ]);
  });

  test('Organizations: create one with allowed domains and open its members', async () => {
    await page.getByRole('tab', { name: 'Organizations' }).click();
    await page.getByText('No organizations yet').waitFor();
    await page.getByRole('button', { name: 'Create organization' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Globex');
    await dialog.getByRole('textbox', { name: 'Allowed domains' }).fill('globex.com, http://bad');
    await dialog.getByRole('button', { name: 'Create organization' }).click();
    await dialog.getByText('"http://bad" is not a domain').first().waitFor();
    await screenshot(page, '10-organization-invalid-domain');

    await dialog.getByRole('textbox', { name: 'Allowed domains' }).fill('globex.com, globex.de');
    await chooseOption(page, 'Onboarding', 'Needs approval', dialog);
    await dialog.getByRole('button', { name: 'Create organization' }).click();
    await dialog.getByRole('tab', { name: 'Members' }).click();
    await dialog.getByText('No members yet').waitFor();
    const org = await app.strapi.db.query('plugin::invitations.organization').findOne({ where: { slug: 'globex' } });
    expect([org.name, org.allowedDomains, org.onboarding]).toEqual(['Globex', ['globex.com', 'globex.de'], 'approval']);
    await dialog.getByRole('tab', { name: 'Details' }).click();
    await screenshot(page, '11-organization-details');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.locator('tr[data-organization="globex"]').waitFor();
    await screenshot(page, '12-organizations');
  });

  test('Pending approvals: approve a partner who accepted, then change their role and team', async () => {
    const org = await app.strapi.db.query('plugin::invitations.organization').findOne({ where: { slug: 'globex' } });
    await asAdmin(app, 'post', `/invitations/organizations/${org.documentId}/teams`).send({ name: 'Sales' });
    const { token } = await inviteOne(app, 'frank@globex.com', { organization: org.documentId });
    expect((await acceptInvitation(app, token, { password: 'frank-pass-123' })).status).toBe(201);

    await page.locator('tr[data-organization="globex"]').getByRole('button', { name: 'Edit Globex' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('tab', { name: 'Pending approvals' }).click();
    await dialog.locator('tr[data-email="frank@globex.com"]').waitFor();
    await screenshot(page, '12b-pending-approvals');
    await dialog.getByRole('button', { name: 'Approve frank@globex.com' }).click();
    await page.getByText('frank@globex.com approved.').waitFor();
    await dialog.getByText('Nobody is waiting for approval.').waitFor();

    await dialog.getByRole('tab', { name: 'Members' }).click();
    await chooseOption(page, 'Role of frank@globex.com', 'Admin', dialog);
    await page.getByText('frank@globex.com updated.').first().waitFor();
    await dialog.getByRole('combobox', { name: 'Teams of frank@globex.com' }).click();
    await page.getByRole('option', { name: 'Sales' }).click();
    await page.keyboard.press('Escape');
    await waitFor(async () => {
      const membership = await app.strapi.db
        .query('plugin::invitations.membership')
        .findOne({ where: { organization: { id: org.id } }, populate: { user: true, teams: true } });
      return membership?.teams?.length === 1 && membership;
    }, 'the member in team Sales');
    const membership = await app.strapi.db
      .query('plugin::invitations.membership')
      .findOne({ where: { organization: { id: org.id } }, populate: { user: true, teams: true } });
    expect([
      membership.user.email,
      membership.status,
      membership.role,
      membership.teams.map((team: { name: string }) => team.name),
    ]).toEqual(['frank@globex.com', 'active', 'admin', ['Sales']]);
    await screenshot(page, '12c-members');
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  test('an organization made by an accepted partner invitation shows as a partner', async () => {
    const { token } = await inviteOne(app, 'ceo@initech.test', { partnerName: 'Initech' });
    expect((await acceptInvitation(app, token, { password: 'initech-pass-1' })).status).toBe(201);
    await page.reload();
    await page.getByRole('tab', { name: 'Organizations' }).click();
    await page.locator('tr[data-organization="initech"]').getByText('Partner', { exact: true }).waitFor();
    expect(await page.locator('tr[data-organization="globex"]').getByText('Partner', { exact: true }).count()).toBe(0);
  });

  test('Share a Link into an organization picked by typing, with its team; the audit log filters by it', async () => {
    await page.getByRole('tab', { name: 'Invites Sent' }).click();
    await page.getByRole('button', { name: 'Invite Partners' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Invite Partners' });
    const box = dialog.getByRole('textbox', { name: 'Email addresses' });
    await box.fill('grace@globex.com');
    await box.press('Enter');
    // The organizations are searched on the server: typing part of the slug finds it.
    await dialog.getByRole('combobox', { name: 'Organization' }).pressSequentially('lobe');
    await page.getByRole('option', { name: 'Globex', exact: true }).click();
    await dialog.getByText('Only addresses at globex.com, globex.de can join.').waitFor();
    await dialog.getByRole('combobox', { name: 'Teams' }).click();
    await page.getByRole('option', { name: 'Sales' }).click();
    await page.keyboard.press('Escape');
    await screenshot(page, '03b-invite-organization');
    await dialog.getByRole('button', { name: 'Send 1 invitation' }).click();
    await dialog.locator('tr[data-result="created"]').waitFor();

    const created = await app.strapi.db
      .query(INVITATION)
      .findOne({ where: { email: 'grace@globex.com' }, populate: { organization: true, teams: true } });
    expect([created.organization.slug, created.teams.map((team: { name: string }) => team.name)]).toEqual([
      'globex',
      ['Sales'],
    ]);
    await dialog.getByRole('button', { name: 'Done' }).click();

    await page.getByRole('tab', { name: 'Audit Log' }).click();
    await page.getByRole('combobox', { name: 'Organization' }).pressSequentially('Glob');
    await page.getByRole('option', { name: 'Globex', exact: true }).click();
    await page.waitForFunction((id) => {
      const rows = [...document.querySelectorAll('tbody tr[data-action]')];
      return (
        rows.length > 0 &&
        rows.every((r) => r.getAttribute('data-organization') === id) &&
        rows.some((r) => r.getAttribute('data-action') === 'invitation.created')
      );
    }, created.organization.documentId);
    const expected = await asAdmin(
      app,
      'get',
      `/invitations/audit-events?organization=${created.organization.documentId}&pageSize=100`
    );
    expect(await page.locator('tbody tr[data-action]').count()).toBe(expected.body.pagination.total);
    await page.locator('tbody').getByText('Globex').first().waitFor();
  });

  test('at 1440 × 900, long addresses and names leave the Expires column and the row actions on the page', async () => {
    const long = await createOrganization(app, {
      name: 'The Very Long Name Of A Partner Organization Incorporated Worldwide',
      slug: 'very-long-partner',
    });
    const email = 'firstname.middlename.lastname.department@subsidiary.very-long-partner.test';
    await inviteOne(app, email, {
      organization: long.documentId,
      firstName: 'Maximiliana-Alexandra',
      lastName: 'Von Westphalen-Hohenzollern',
    });
    await page.goto('/admin/plugins/invitations');
    await row(email).waitFor();
    await screenshot(page, '04b-long-values');
    const viewport = page.viewportSize()!;
    const remove = await row(email)
      .getByRole('button', { name: `Remove invitation of ${email}` })
      .boundingBox();
    // Inside the page and inside the table's own scroll area (which would hide what overflows it).
    const table = await page.locator('table').first().locator('xpath=..').boundingBox();
    expect(remove!.x + remove!.width).toBeLessThanOrEqual(Math.min(viewport.width, table!.x + table!.width));
    // The actions are the last column: with them on the page, Expires (just before them) is too.
    // The full text is one hover away.
    expect(await row(email).getByTitle(email).count()).toBe(1);
  });

  test('Settings → Invitations previews the email and saves', async () => {
    await page.goto('/admin/settings/invitations');
    await page.getByRole('heading', { name: 'Invitations settings' }).waitFor();
    await page.getByRole('textbox', { name: 'Portal name' }).fill('Partner Hub');
    await page.getByRole('button', { name: 'Preview email' }).click();
    await page.getByText('Subject: Join Acme Partners on Partner Hub').waitFor();
    await screenshot(page, '13-settings-preview');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Settings saved.').waitFor();
    const saved = await asAdmin(app, 'get', '/invitations/settings');
    expect(saved.body.data.portalName).toBe('Partner Hub');
  });

  test('an admin with only `read` sees the list but no invite, remove or organization controls', async () => {
    await createAdmin(app, 'reader@tests.local', ['read']);
    const { context, page: reader } = await signIn(
      session.browser,
      app.baseUrl,
      'reader@tests.local',
      LIMITED_ADMIN_PASSWORD
    );
    await reader.getByRole('link', { name: 'Manage Access' }).click();
    await reader.locator('tr[data-email="erin@partner.test"]').waitFor();
    await screenshot(reader, '14-read-only');
    expect(await reader.getByRole('button', { name: 'Invite Partners' }).count()).toBe(0);
    expect(await reader.getByRole('button', { name: /^Remove All/ }).count()).toBe(0);
    expect(await reader.getByRole('button', { name: /^Copy link of/ }).count()).toBe(0);
    expect(await reader.getByRole('tab', { name: 'Organizations' }).count()).toBe(0);
    expect(await reader.getByRole('tab', { name: 'Audit Log' }).count()).toBe(0);
    await context.close();
  });

  test('an admin without plugin permissions sees no Manage Access link and gets no data', async () => {
    const jwt = await createAdmin(app, 'outsider@tests.local', []);
    const { context, page: outsider } = await signIn(
      session.browser,
      app.baseUrl,
      'outsider@tests.local',
      LIMITED_ADMIN_PASSWORD
    );
    await outsider.getByRole('navigation').first().waitFor();
    expect(await outsider.getByRole('link', { name: 'Manage Access' }).count()).toBe(0);

    const answers: number[] = [];
    outsider.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/invitations/')) answers.push(response.status());
    });
    await outsider.goto('/admin/plugins/invitations');
    await outsider.getByText("You don't have the permissions to access that content").waitFor();
    await screenshot(outsider, '15-no-permission');
    expect(await outsider.locator('tr[data-email]').count()).toBe(0);
    // The page asked for nothing it may not see; the API refuses it anyway.
    expect(answers.every((status) => status === 403)).toBe(true);
    expect((await asAdmin(app, 'get', '/invitations/invitations', jwt)).status).toBe(403);
    await context.close();
  });

  test('no request of the panel failed with a server error, and Strapi logged no error', () => {
    expect(serverErrors).toEqual([]);
    expect(app.loggedErrors).toEqual([]);
  });
});
