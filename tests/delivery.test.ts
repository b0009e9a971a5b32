import { asAdmin, previewInvitation, startApp, tokenOf, waitFor, type TestApp } from './helpers/app';

let app: TestApp;

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  await app?.stop();
});

const invite = (body: Record<string, unknown>) => asAdmin(app, 'post', '/invitations/invitations').send(body);
const getInvitation = async (id: string) => (await asAdmin(app, 'get', `/invitations/invitations/${id}`)).body.data;
const mailsTo = (email: string) => app.mail.mails.filter((m) => m.to.includes(email));
const waitForMail = (email: string) =>
  waitFor(() => {
    const mails = mailsTo(email);
    return mails.length > 0 ? mails : null;
  }, `a mail to ${email}`);

describe("email delivery through Strapi's email plugin and a real SMTP server", () => {
  it('delivers the invitation with organization, inviter, role, link and expiry, as HTML and text', async () => {
    const org = (await asAdmin(app, 'post', '/invitations/organizations').send({ name: 'Umbrella Corp' })).body.data;
    const res = await invite({
      emails: 'alice@umbrella.test',
      organization: org.documentId,
      role: 'viewer',
      firstName: 'Alice',
    });
    const id = res.body.results[0].invitation.documentId;

    const [mail] = await waitForMail('alice@umbrella.test');
    expect(mail.subject).toBe('Join Umbrella Corp on Partner Portal');
    expect(mail.from).toBe('no-reply@portal.test');
    expect(mail.text).toContain('Hello Alice,');
    expect(mail.text).toContain('Sam Super has invited you to join Umbrella Corp on Partner Portal.');
    expect(mail.text).toContain("You've been assigned the role of viewer.");
    const expiresAt = new Date(res.body.results[0].invitation.expiresAt);
    expect(mail.text).toContain(
      `This invitation expires on ${new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone: 'UTC' }).format(expiresAt)} UTC.`
    );
    expect(mail.text).toContain('contact Sam Super at super@tests.local');
    expect(mail.html).toContain('<strong>Umbrella Corp</strong>');
    expect(mail.html).toContain(`href="${mail.link}"`);

    // The mailed link is the one "copy link" gives, and it opens the invitation.
    const copied = (await asAdmin(app, 'get', `/invitations/invitations/${id}/link`)).body.data.link;
    expect(mail.link).toBe(copied);
    const preview = await previewInvitation(app, tokenOf(mail.link!));
    expect(preview.body.data).toMatchObject({
      email: 'alice@umbrella.test',
      organization: { name: 'Umbrella Corp' },
      role: 'viewer',
    });

    const delivered = await waitFor(async () => {
      const inv = await getInvitation(id);
      return inv.delivery.status === 'sent' && inv;
    }, 'delivery status sent');
    expect(delivered.delivery).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
    const audit = await asAdmin(app, 'get', `/invitations/audit-events?invitation=${id}&action=invitation.sent`);
    expect(audit.body.results[0]).toMatchObject({ actorType: 'system', data: { attempt: 1 } });
  });

  it('escapes names in the HTML mail', async () => {
    await invite({ emails: 'mallory@evil.test', firstName: '<script>x</script>' });
    const [mail] = await waitForMail('mallory@evil.test');
    expect(mail.html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(mail.html).not.toContain('<script>');
  });

  it('loses no invitation during an SMTP outage: failures are recorded and retried until delivered', async () => {
    await app.stopMail();
    const res = await invite({ emails: 'o1@outage.test o2@outage.test o3@outage.test' });
    const ids = res.body.results.map(
      (r: { invitation: { documentId: string } }) => r.invitation.documentId
    ) as string[];

    // The failure is visible in the admin list while the server is down.
    const listFailing = async () => {
      const listed = await asAdmin(app, 'get', '/invitations/invitations?search=outage.test');
      const rows = listed.body.results as { delivery: { attempts: number; lastError: string | null } }[];
      return rows.length === 3 && rows.every((r) => r.delivery.attempts >= 1 && r.delivery.lastError) && rows;
    };
    await waitFor(listFailing, 'a failed attempt of each invitation');
    const failing = await getInvitation(ids[0]);
    expect(failing.delivery.status).toBe('queued');
    expect(failing.delivery.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(failing.status).toBe('pending');
    const failures = await asAdmin(
      app,
      'get',
      `/invitations/audit-events?invitation=${ids[0]}&action=invitation.delivery_failed`
    );
    // Newest first; later attempts may already have failed too.
    const firstFailure = failures.body.results.find((e: { data: { attempt: number } }) => e.data.attempt === 1);
    expect(firstFailure.data).toMatchObject({ attempt: 1, willRetry: true });
    expect(firstFailure.data.error).toMatch(/ECONNREFUSED|connect/i);

    await app.restartMail();
    for (const email of ['o1@outage.test', 'o2@outage.test', 'o3@outage.test']) {
      await waitFor(() => mailsTo(email).length === 1, `the mail to ${email} after the outage`);
    }
    for (const id of ids) {
      const inv = await waitFor(async () => {
        const row = await getInvitation(id);
        return row.delivery.status === 'sent' && row;
      }, 'sent status');
      expect(inv.delivery.attempts).toBeGreaterThanOrEqual(2);
      expect(inv.delivery.lastError).toBeNull();
    }
  });

  it('marks delivery failed after the last attempt, and an admin resend delivers it', async () => {
    await app.stopMail();
    const res = await invite({ emails: 'giveup@outage.test' });
    const id = res.body.results[0].invitation.documentId;
    // 5 attempts with 150, 300, 600, 1200 ms backoff (test config).
    const failed = await waitFor(
      async () => {
        const inv = await getInvitation(id);
        return inv.delivery.status === 'failed' && inv;
      },
      'delivery failed',
      20_000
    );
    expect(failed.delivery.attempts).toBe(5);
    expect(failed.status).toBe('pending');
    const listed = await asAdmin(app, 'get', '/invitations/invitations?search=giveup');
    expect(listed.body.results[0].delivery).toMatchObject({ status: 'failed', attempts: 5 });
    const lastFailure = await asAdmin(
      app,
      'get',
      `/invitations/audit-events?invitation=${id}&action=invitation.delivery_failed`
    );
    expect(lastFailure.body.pagination.total).toBe(5);
    expect(lastFailure.body.results[0].data).toMatchObject({ attempt: 5, willRetry: false });

    await app.restartMail();
    const resent = await asAdmin(app, 'post', `/invitations/invitations/${id}/resend`);
    expect(resent.status).toBe(200);
    await waitFor(() => mailsTo('giveup@outage.test').length === 1, 'the resent mail');
    const sent = await waitFor(async () => {
      const inv = await getInvitation(id);
      return inv.delivery.status === 'sent' && inv;
    }, 'sent status');
    expect(sent.delivery.lastError).toBeNull();
  });

  it('never mails a revoked invitation that was still queued', async () => {
    await app.stopMail();
    const res = await invite({ emails: 'cancelled@outage.test' });
    const id = res.body.results[0].invitation.documentId;
    await waitFor(async () => (await getInvitation(id)).delivery.attempts >= 1, 'a failed attempt');
    await asAdmin(app, 'post', '/invitations/invitations/revoke').send({ ids: [id], reason: 'sent_by_mistake' });
    await app.restartMail();
    await invite({ emails: 'after-cancel@outage.test' });
    await waitFor(() => mailsTo('after-cancel@outage.test').length === 1, 'a later mail');
    // The worker has had its chances (it ran for the later mail); the revoked one stays unsent.
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(mailsTo('cancelled@outage.test')).toHaveLength(0);
    // Nothing is retrying it, and the list says so instead of "retrying".
    expect((await getInvitation(id)).delivery).toMatchObject({ status: 'cancelled', nextAttemptAt: null });
  });

  it('reads as cancelled, not retrying, once the invitee accepted through a copied link while the mail was failing', async () => {
    // One failed attempt and then a long wait, so that the state seen is not a race with the retries.
    const key = 'plugin::invitations.delivery.retryBaseMs';
    const retryBaseMs = app.strapi.config.get(key);
    app.strapi.config.set(key, 600_000);
    await app.stopMail();
    const res = await invite({ emails: 'copied@outage.test' });
    const id = res.body.results[0].invitation.documentId;
    await waitFor(async () => (await getInvitation(id)).delivery.attempts >= 1, 'a failed attempt');
    app.strapi.config.set(key, retryBaseMs);
    expect((await getInvitation(id)).delivery).toMatchObject({ status: 'queued', attempts: 1 });
    const link = (await asAdmin(app, 'get', `/invitations/invitations/${id}/link`)).body.data.link as string;
    const accepted = await app.http
      .post('/api/invitations/invitations/accept')
      .send({ token: tokenOf(link), password: 'copied-pass-1' });
    expect(accepted.status).toBe(201);
    await app.restartMail();
    expect((await getInvitation(id)).delivery).toMatchObject({
      status: 'cancelled',
      attempts: 1,
      nextAttemptAt: null,
    });
  });

  it('never mails an invitation that became overdue while queued, even before the expiry task marks it', async () => {
    await app.stopMail();
    const res = await invite({ emails: 'overdue@outage.test' });
    const id = res.body.results[0].invitation.documentId;
    await waitFor(async () => (await getInvitation(id)).delivery.attempts >= 1, 'a failed attempt');
    // Its expiry passes while its mail waits for a retry; the expiry task (off in tests) has not run.
    await app.strapi.db
      .query('plugin::invitations.invitation')
      .update({ where: { documentId: id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await app.restartMail();
    await invite({ emails: 'after-overdue@outage.test' });
    await waitFor(() => mailsTo('after-overdue@outage.test').length === 1, 'a later mail');
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(mailsTo('overdue@outage.test')).toHaveLength(0);
    const overdue = await getInvitation(id);
    expect(overdue.status).toBe('expired');
    expect(overdue.delivery.status).toBe('cancelled');
  });

  it('sorts the list by the sent date ("Sent" column), not by the creation date', async () => {
    const created = await invite({ emails: 'first-sent@sortsent.test second-sent@sortsent.test' });
    const [firstId] = created.body.results.map(
      (r: { invitation: { documentId: string } }) => r.invitation.documentId
    ) as string[];
    for (const email of ['first-sent@sortsent.test', 'second-sent@sortsent.test']) await waitForMail(email);
    await waitFor(async () => (await getInvitation(firstId)).delivery.status === 'sent', 'the first invitation sent');
    // Resending the first makes it the most recently sent, though it is not the most recently created.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await asAdmin(app, 'post', `/invitations/invitations/${firstId}/resend`);
    await waitFor(() => mailsTo('first-sent@sortsent.test').length === 2, 'the resent mail');
    await waitFor(async () => (await getInvitation(firstId)).delivery.status === 'sent', 'the resend recorded');

    const order = async (sort: string) =>
      (await asAdmin(app, 'get', `/invitations/invitations?search=sortsent.test&sort=${sort}`)).body.results.map(
        (r: { email: string }) => r.email
      );
    const bySent = await order('lastSentAt:desc');
    expect(bySent).toEqual(['first-sent@sortsent.test', 'second-sent@sortsent.test']);
    expect(await order('lastSentAt:asc')).toEqual([...bySent].reverse());
    const listed = (await asAdmin(app, 'get', '/invitations/invitations?search=sortsent.test&sort=lastSentAt:desc'))
      .body.results;
    expect(new Date(listed[0].delivery.lastSentAt).getTime()).toBeGreaterThan(
      new Date(listed[1].delivery.lastSentAt).getTime()
    );
  });
});
