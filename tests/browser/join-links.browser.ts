/**
 * Join links in a real Chromium: an admin creates a partner campaign link (maxUses 2, approval) in the
 * Invite Partners dialog and copies it; two people apply through the reference portal's join page,
 * each naming their company; the third is told the link is used up; the admin approves a partner in
 * its pending approvals and sees who came through the link. Every step checks the screen and then the
 * database. Run with `npm run test:browser`.
 */
import type { Page } from 'playwright-core';
import { ADMIN, startApp, waitFor, type TestApp } from '../helpers/app';
import { chooseOption, launchBrowser, screenshot, signIn, type BrowserSession } from '../helpers/browser';

const MEMBERSHIP = 'plugin::invitations.membership';

let app: TestApp;
let session: BrowserSession;
let admin: Page;
let campaignUrl = '';

const membershipOf = (email: string) =>
  app.strapi.db.query(MEMBERSHIP).findOne({
    where: { user: { email } },
    populate: { organization: true, joinLink: true },
  }) as Promise<{
    status: string;
    role: string;
    application: { partnerName?: string } | null;
    organization: { name: string; isPartner: boolean; documentId: string };
    joinLink: { label: string } | null;
  } | null>;

/** Someone who got the campaign link opens it in a browser of their own and applies. */
const applyThroughPortal = async (email: string, company: string) => {
  const context = await session.browser.newContext({ baseURL: app.baseUrl, viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  await page.goto(campaignUrl);
  await page.getByRole('heading', { name: 'Become a partner on Partner Portal' }).waitFor();
  expect(page.url()).toBe(`${app.baseUrl}/portal/join`);
  await page.getByLabel('Your email').fill(email);
  await page.getByLabel('Choose a password').fill(`${company}-Portal-1`);
  await page.getByLabel('Company name').fill(company);
  return { page, context };
};

beforeAll(async () => {
  app = await startApp({ SERVE_ADMIN_PANEL: 'true' });
  // The playground's joinUrl points at port 1337; this server listens on a port of its own.
  app.strapi.config.set('plugin::invitations.joinUrl', `${app.baseUrl}/portal/join#`);
  session = await launchBrowser();
  ({ page: admin } = await signIn(session.browser, app.baseUrl, ADMIN.email, ADMIN.password));
});

afterAll(async () => {
  await session?.close();
  await app?.stop();
});

describe('join links in Chromium', () => {
  test('an admin creates the partner campaign link in Invite Partners and copies it', async () => {
    await admin.getByRole('link', { name: 'Manage Access' }).click();
    await admin.getByRole('button', { name: 'Invite Partners' }).first().click();
    const invite = admin.getByRole('dialog', { name: 'Invite Partners' });
    const campaign = invite.getByRole('group', { name: 'Campaign link' });
    await campaign.getByText('One link for an email campaign').waitFor();
    await campaign.getByRole('button', { name: 'Create campaign link' }).click();

    const dialog = admin.getByRole('dialog', { name: 'Create join link' });
    await dialog.getByRole('textbox', { name: 'Label' }).fill('Spring partners');
    await chooseOption(admin, 'Onboarding', 'Needs approval', dialog);
    await dialog.getByLabel('Maximum uses').fill('2');
    await screenshot(admin, 'join-01-create');
    await dialog.getByRole('button', { name: 'Create join link' }).click();
    await dialog.getByText('The join link "Spring partners" is ready.').waitFor();
    campaignUrl = await dialog.getByRole('textbox', { name: 'Link' }).inputValue();
    expect(campaignUrl).toMatch(new RegExp(`^${app.baseUrl}/portal/join#token=[A-Za-z0-9_-]{43}$`));
    await dialog.getByRole('button', { name: 'Copy link' }).click();
    await admin.getByText('Join link "Spring partners" copied.').waitFor();
    expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(campaignUrl);
    await dialog.getByRole('button', { name: 'Done' }).click();

    // The campaign box now offers the link itself.
    await campaign.getByText('"Spring partners": anyone with it joins as a new partner (0 of 2 uses).').waitFor();
    await screenshot(admin, 'join-02-campaign-link');
    await campaign.getByRole('button', { name: 'Copy campaign link' }).click();
    await admin.getByText('Join link "Spring partners" copied.').first().waitFor();
    expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(campaignUrl);
    await admin.keyboard.press('Escape');
  });

  test('two people apply through the portal, each naming their company; the third finds it used up', async () => {
    const first = await applyThroughPortal('ceo@umbrella.test', 'Umbrella');
    await screenshot(first.page, 'join-03-portal-apply');
    await first.page.getByRole('button', { name: 'Apply' }).click();
    await first.page.getByRole('heading', { name: 'Thank you for applying' }).waitFor();
    await first.page.getByText('Your request to join Umbrella is waiting for approval.').waitFor();
    await screenshot(first.page, 'join-04-portal-applied');
    await first.context.close();

    const second = await applyThroughPortal('founder@hooli.test', 'Hooli');
    await second.page.getByRole('button', { name: 'Apply' }).click();
    await second.page.getByRole('heading', { name: 'Thank you for applying' }).waitFor();
    await second.context.close();

    for (const [email, company] of [
      ['ceo@umbrella.test', 'Umbrella'],
      ['founder@hooli.test', 'Hooli'],
    ] as const) {
      const membership = await membershipOf(email);
      expect([
        membership?.status,
        membership?.role,
        membership?.organization.name,
        membership?.organization.isPartner,
        membership?.application,
        membership?.joinLink?.label,
      ]).toEqual(['pending', 'admin', company, true, { partnerName: company }, 'Spring partners']);
    }

    const context = await session.browser.newContext({ baseURL: app.baseUrl });
    const third = await context.newPage();
    await third.goto(campaignUrl);
    await third.getByRole('heading', { name: 'This link has been used up' }).waitFor();
    await third.getByText('Ask whoever shared it for a new one.').waitFor();
    await screenshot(third, 'join-05-used-up');
    await context.close();
  });

  test('the admin sees the uses, approves a partner and sees who came through the link', async () => {
    await admin.reload();
    await admin.getByRole('tab', { name: 'Join Links' }).click();
    const row = admin.locator('tr[data-join-link="Spring partners"]');
    await row.getByText('2 of 2').waitFor();
    await row.getByText('Used up').waitFor();
    await row.getByText('Partner program').waitFor();
    await screenshot(admin, 'join-06-join-links-tab');

    await admin.getByRole('tab', { name: 'Organizations' }).click();
    await admin.locator('tr[data-organization="umbrella"]').getByRole('button', { name: 'Edit Umbrella' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByRole('tab', { name: 'Pending approvals' }).click();
    const applicant = dialog.locator('tr[data-email="ceo@umbrella.test"]');
    await applicant.getByText('Company: Umbrella').waitFor();
    await applicant.getByText('Joined through "Spring partners"').waitFor();
    await screenshot(admin, 'join-07-pending-partner');
    await dialog.getByRole('button', { name: 'Approve ceo@umbrella.test' }).click();
    await admin.getByText('ceo@umbrella.test approved.').waitFor();
    await waitFor(async () => (await membershipOf('ceo@umbrella.test'))?.status === 'active', 'the approval');

    await dialog.getByRole('tab', { name: 'Members' }).click();
    await dialog.locator('tr[data-email="ceo@umbrella.test"]').getByText('Joined through "Spring partners"').waitFor();
    await dialog.getByRole('tab', { name: 'Join links' }).click();
    await dialog.getByText('No join links yet.').waitFor();
    await dialog.getByRole('button', { name: 'Close' }).first().click();
  });

  test("the partner's admin shares a join link from the portal's Members page; a colleague joins through it", async () => {
    const context = await session.browser.newContext({ baseURL: app.baseUrl, viewport: { width: 1280, height: 860 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.baseUrl });
    const ceo = await context.newPage();
    await ceo.goto('/portal/sign-in');
    await ceo.getByLabel('Email').fill('ceo@umbrella.test');
    await ceo.getByLabel('Password').fill('Umbrella-Portal-1');
    await ceo.getByRole('button', { name: 'Sign in' }).click();
    await ceo.getByRole('button', { name: 'Open Umbrella' }).click();
    await ceo.getByRole('tab', { name: 'Join links' }).click();
    await ceo.getByRole('button', { name: 'New join link' }).click();
    const form = ceo.getByRole('form', { name: 'New join link' });
    await form.getByLabel('Label').fill('Umbrella staff');
    await form.getByLabel('Maximum uses (empty: no limit)').fill('5');
    await form.getByRole('button', { name: 'Create and copy' }).click();
    await ceo.getByText('Join link "Umbrella staff" created and copied.').waitFor();
    const staffUrl = await ceo.evaluate(() => navigator.clipboard.readText());
    expect(staffUrl).toMatch(new RegExp(`^${app.baseUrl}/portal/join#token=`));
    await ceo.locator('tr[data-join-link="Umbrella staff"]').getByText('0 of 5').waitFor();
    await screenshot(ceo, 'join-08-portal-join-links');

    const colleagueContext = await session.browser.newContext({ baseURL: app.baseUrl });
    const colleague = await colleagueContext.newPage();
    await colleague.goto(staffUrl);
    await colleague.getByRole('heading', { name: 'Join Umbrella' }).waitFor();
    await colleague.getByLabel('Your email').fill('staff@umbrella.test');
    await colleague.getByLabel('Choose a password').fill('Staff-Portal-1');
    await colleague.getByRole('button', { name: 'Join Umbrella' }).click();
    // Umbrella was created by an approval link: its own onboarding asks for approval too.
    await colleague.getByRole('heading', { name: 'Thank you for applying' }).waitFor();
    await colleagueContext.close();
    expect(await membershipOf('staff@umbrella.test')).toMatchObject({
      status: 'pending',
      organization: { name: 'Umbrella' },
      joinLink: { label: 'Umbrella staff' },
    });

    await ceo.getByRole('tab', { name: 'Approvals' }).click();
    const waiting = ceo.locator('li[data-email="staff@umbrella.test"]');
    await waiting.getByText('through "Umbrella staff"').waitFor();
    await waiting.getByRole('button', { name: 'Approve' }).click();
    await ceo.getByText('staff@umbrella.test is now a member.').waitFor();
    expect(await membershipOf('staff@umbrella.test')).toMatchObject({ status: 'active' });
    await context.close();
  });
});
