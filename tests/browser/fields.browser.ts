/**
 * Fields the portal defines and a role per address (issue #16), in a real Chromium against the
 * playground's Strapi and a real SMTP server: an admin defines a required "Company size" invitation
 * field and a "Why do you want to partner" application field in Settings → Invitations, invites two
 * addresses with different roles from the Invite Partners dialog (the required field enforced), one
 * invitee accepts through the reference portal filling in the application, and the admin reads the
 * answer in Pending approvals and approves. Each step checks the screen, then the database.
 */
import type { Page } from 'playwright-core';
import {
  ADMIN,
  acceptInvitation,
  asAdmin,
  createOrganization,
  inviteOne,
  startApp,
  waitFor,
  type TestApp,
} from '../helpers/app';
import { chooseOption, launchBrowser, screenshot, signIn, type BrowserSession } from '../helpers/browser';

const INVITATION = 'plugin::invitations.invitation';
const MEMBERSHIP = 'plugin::invitations.membership';

let app: TestApp;
let session: BrowserSession;
let page: Page;
let contoso: { documentId: string; slug: string };

beforeAll(async () => {
  app = await startApp({ SERVE_ADMIN_PANEL: 'true' });
  app.strapi.config.set('plugin::invitations.acceptUrl', `${app.baseUrl}/portal/accept-invitation#`);
  contoso = await createOrganization(app, { name: 'Contoso', slug: 'contoso', onboarding: 'approval' });
  session = await launchBrowser();
  ({ page } = await signIn(session.browser, app.baseUrl, ADMIN.email, ADMIN.password));
});

afterAll(async () => {
  await session?.close();
  await app?.stop();
});

describe('fields the portal defines, in Chromium', () => {
  test('an admin defines a required invitation field and an application field', async () => {
    await page.goto('/admin/settings/invitations');
    await page.getByRole('heading', { name: 'Invitations settings' }).waitFor();

    const invitationFields = page.getByTestId('fields-invitation');
    await invitationFields.getByRole('button', { name: 'Add an invitation field' }).click();
    const size = invitationFields.getByTestId('field-definition').first();
    await size.getByRole('textbox', { name: 'Key' }).fill('companySize');
    await size.getByRole('textbox', { name: 'Label' }).fill('Company size');
    await chooseOption(page, 'Type', 'Number', size);
    await size.getByRole('checkbox', { name: 'Required' }).click();

    const applicationFields = page.getByTestId('fields-application');
    await applicationFields.getByRole('button', { name: 'Add an application field' }).click();
    const why = applicationFields.getByTestId('field-definition').first();
    await why.getByRole('textbox', { name: 'Key' }).fill('why');
    await why.getByRole('textbox', { name: 'Label' }).fill('Why do you want to partner');
    await why.getByRole('checkbox', { name: 'Required' }).click();
    await why.getByRole('textbox', { name: 'Help text' }).fill('One or two lines');
    await screenshot(page, 'fields-01-settings');

    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Settings saved').first().waitFor();
    const { fields } = (await app.strapi.plugin('invitations').service('settings').get()) as {
      fields: { invitation: unknown[]; application: unknown[] };
    };
    expect(fields).toEqual({
      invitation: [{ key: 'companySize', label: 'Company size', type: 'number', required: true }],
      application: [
        { key: 'why', label: 'Why do you want to partner', type: 'text', required: true, help: 'One or two lines' },
      ],
    });
  });

  test('the Invite Partners dialog enforces the required field and gives each address its role', async () => {
    await page.goto('/admin/plugins/invitations');
    await page.getByRole('button', { name: 'Invite Partners' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Invite Partners' });
    const box = dialog.getByRole('textbox', { name: 'Email addresses' });
    await box.fill('lena@contoso.test, omar@contoso.test');
    await box.press('Enter');
    await chooseOption(page, 'Role', 'Viewer', dialog);
    await chooseOption(page, 'omar@contoso.test', 'Admin', dialog);
    await dialog.getByRole('combobox', { name: 'Organization' }).pressSequentially('Conto');
    await page.getByRole('option', { name: 'Contoso', exact: true }).click();

    await dialog.getByRole('button', { name: 'Send 2 invitations' }).click();
    await dialog.getByText('Company size is required').waitFor();
    expect(await app.strapi.db.query(INVITATION).count({ where: { organization: { slug: 'contoso' } } })).toBe(0);

    await dialog.getByRole('textbox', { name: 'Company size' }).fill('120');
    await screenshot(page, 'fields-02-invite-dialog');
    await dialog.getByRole('button', { name: 'Send 2 invitations' }).click();
    await dialog.getByText('What happened to each address').waitFor();
    expect(await dialog.locator('tr[data-result="created"]').count()).toBe(2);

    const invited = (await app.strapi.db.query(INVITATION).findMany({
      where: { organization: { slug: 'contoso' } },
      orderBy: { email: 'asc' },
    })) as { email: string; role: string; customFields: unknown }[];
    expect(invited.map((row) => [row.email, row.role, row.customFields])).toEqual([
      ['lena@contoso.test', 'viewer', { companySize: 120 }],
      ['omar@contoso.test', 'admin', { companySize: 120 }],
    ]);
    await dialog.getByRole('button', { name: 'Done' }).click();
    // Invites Sent shows each invitation's fields under its address.
    await page.locator('tr[data-email="lena@contoso.test"]').getByText('Company size: 120').waitFor();
  });

  test('the invitee fills in the application on the portal’s accept page', async () => {
    const link = await waitFor(
      () => app.mail.mails.find((mail) => mail.to.includes('lena@contoso.test'))?.link,
      'the invitation mail to lena@contoso.test'
    );
    const context = await session.browser.newContext({ baseURL: app.baseUrl, viewport: { width: 1280, height: 900 } });
    const portal = await context.newPage();
    await portal.goto(link);
    await portal.getByRole('heading', { name: 'You are invited to Contoso' }).waitFor();
    await portal.getByRole('group', { name: 'Your application' }).waitFor();
    await portal.getByLabel('Choose a password').fill('lena-password-1');
    await portal.getByRole('textbox', { name: /Why do you want to partner/ }).fill('We resell in the Nordics');
    await screenshot(portal, 'fields-03-portal-application');
    await portal.getByRole('button', { name: 'Create account and accept' }).click();
    await portal.getByText('is waiting for an admin of the organization to approve it').waitFor();

    const membership = (await app.strapi.db.query(MEMBERSHIP).findOne({
      where: { user: { email: 'lena@contoso.test' } },
    })) as { status: string; application: unknown };
    expect(membership).toMatchObject({ status: 'pending', application: { why: 'We resell in the Nordics' } });
    await context.close();
  });

  test('the admin reads the answer in Pending approvals and approves', async () => {
    await page.getByRole('tab', { name: 'Organizations' }).click();
    await page.locator('tr[data-organization="contoso"]').getByRole('button', { name: 'Edit Contoso' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('tab', { name: 'Pending approvals' }).click();
    const applicant = dialog.locator('tr[data-email="lena@contoso.test"]');
    await applicant.getByText('Why do you want to partner: We resell in the Nordics').waitFor();
    await screenshot(page, 'fields-04-approval-answers');
    await dialog.getByRole('button', { name: 'Approve lena@contoso.test' }).click();
    await page.getByText('lena@contoso.test approved.').waitFor();
    const membership = (await app.strapi.db.query(MEMBERSHIP).findOne({
      where: { user: { email: 'lena@contoso.test' }, organization: { slug: contoso.slug } },
    })) as { status: string };
    expect(membership.status).toBe('active');
  });

  test('an organization admin invites from the portal, filling in the invitation field', async () => {
    // omar was invited as Admin of Contoso: he accepts in the portal, and an admin approves him.
    const link = await waitFor(
      () => app.mail.mails.find((mail) => mail.to.includes('omar@contoso.test'))?.link,
      'the invitation mail to omar@contoso.test'
    );
    const context = await session.browser.newContext({ baseURL: app.baseUrl, viewport: { width: 1280, height: 900 } });
    const omar = await context.newPage();
    await omar.goto(link);
    await omar.getByLabel('Choose a password').fill('omar-password-1');
    await omar.getByRole('textbox', { name: /Why do you want to partner/ }).fill('Our customers ask for it');
    await omar.getByRole('button', { name: 'Create account and accept' }).click();
    await omar.getByText('is waiting for an admin of the organization to approve it').waitFor();
    const pending = (await app.strapi.db.query(MEMBERSHIP).findOne({
      where: { user: { email: 'omar@contoso.test' } },
    })) as { documentId: string };
    const approved = await asAdmin(
      app,
      'post',
      `/invitations/organizations/${contoso.documentId}/approvals/${pending.documentId}/approve`
    );
    expect(approved.status).toBe(200);

    await omar.getByRole('link', { name: 'Go to My organizations' }).click();
    await omar.getByRole('button', { name: 'Open Contoso' }).click();
    await omar.getByRole('button', { name: 'Invite members' }).click();
    const panel = omar.getByRole('dialog', { name: 'Invite members' });
    await panel.getByLabel('Email addresses').fill('nia@contoso.test');
    const size = panel.getByRole('group', { name: 'Details' }).getByRole('spinbutton', { name: /Company size/ });
    expect(await size.getAttribute('required')).not.toBeNull();
    await size.fill('45');
    await panel.getByRole('button', { name: 'Send invitations' }).click();
    await panel.locator('tr[data-result="created"]').waitFor();
    const invited = (await app.strapi.db.query(INVITATION).findOne({ where: { email: 'nia@contoso.test' } })) as {
      customFields: unknown;
      source: string;
    };
    expect(invited).toMatchObject({ customFields: { companySize: 45 }, source: 'portal' });
    await context.close();
  });

  test('a partner organization shows the application its first contact sent', async () => {
    // A partner invitation (by company name) creates the organization on accept, with the answers.
    const invited = await inviteOne(app, 'ines@fjord.test', {
      partnerName: 'Fjord Partners',
      customFields: { companySize: 8 },
    });
    const accepted = await acceptInvitation(app, invited.token, {
      password: 'ines-password-1',
      application: { why: 'We install in Norway' },
    });
    expect(accepted.status).toBe(201);
    const slug = (accepted.body as { organization: { slug: string } }).organization.slug;

    await page.goto('/admin/plugins/invitations');
    await page.getByRole('tab', { name: 'Organizations' }).click();
    await page.locator(`tr[data-organization="${slug}"]`).getByRole('button', { name: 'Edit Fjord Partners' }).click();
    const application = page.getByRole('dialog').getByRole('group', { name: 'Partner application' });
    await application.getByText('Why do you want to partner: We install in Norway').waitFor();
  });
});
