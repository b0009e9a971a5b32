import {
  acceptInvitation,
  asAdmin,
  createOrganization,
  declineInvitation,
  inviteOne as invite,
  startApp,
  startWebhookReceiver,
  waitFor,
  type TestApp,
  type WebhookReceiver,
} from './helpers/app';

let app: TestApp;

let receiver: WebhookReceiver;

beforeAll(async () => {
  app = await startApp();
  receiver = await startWebhookReceiver();
});

afterAll(async () => {
  await app?.stop();
  await receiver?.close();
});

const createOrg = (body: Record<string, unknown>) => createOrganization(app, body);
const inviteOne = (email: string, body: Record<string, unknown> = {}) => invite(app, email, body);
const accept = (token: string, body: Record<string, unknown> = {}, jwt?: string) =>
  acceptInvitation(app, token, body, jwt);
const myOrganizations = async (jwt: string) =>
  (await app.http.get('/api/invitations/me/organizations').set('Authorization', `Bearer ${jwt}`)).body.data as {
    documentId: string;
    status: string;
    role: string;
    rejectReason: string | null;
    organization: { name: string; slug: string };
    teams: { name: string }[];
  }[];
const auditActions = async (organization: string) =>
  (
    (await asAdmin(app, 'get', `/invitations/audit-events?organization=${organization}&pageSize=100`)).body.results as {
      action: string;
    }[]
  ).map((e) => e.action);

describe('organizations', () => {
  it('creates organizations with validated, lower-cased domains, and refuses bad input clearly', async () => {
    const org = await createOrg({
      name: 'Acme Inc',
      allowedDomains: ['@ACME.com', 'eu.Acme.com '],
      pendingLimit: 10,
      onboarding: 'approval',
      defaultRole: 'viewer',
      expiresInHours: 48,
    });
    expect(org).toMatchObject({
      slug: 'acme-inc',
      allowedDomains: ['acme.com', 'eu.acme.com'],
      pendingLimit: 10,
      onboarding: 'approval',
      defaultRole: 'viewer',
      expiresInHours: 48,
    });

    const badDomain = await asAdmin(app, 'post', '/invitations/organizations').send({
      name: 'X',
      allowedDomains: ['http://acme.com'],
    });
    expect(badDomain.status).toBe(400);
    expect(badDomain.body.error.message).toMatch(/"http:\/\/acme\.com" is not a domain: write it like "acme\.com"/);
    const badRole = await asAdmin(app, 'post', '/invitations/organizations').send({ name: 'X', defaultRole: 'owner' });
    expect(badRole.body.error.details.code).toBe('UNKNOWN_ROLE');
    const badOnboarding = await asAdmin(app, 'post', '/invitations/organizations').send({
      name: 'X',
      onboarding: 'sometimes',
    });
    expect(badOnboarding.body.error.message).toMatch(/onboarding must be "auto" or "approval"/);
    const taken = await asAdmin(app, 'post', '/invitations/organizations').send({ name: 'ACME inc.' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.details).toMatchObject({ code: 'SLUG_TAKEN', slug: 'acme-inc' });

    const bySlug = await asAdmin(app, 'get', '/invitations/organizations/acme-inc');
    expect(bySlug.body.data.documentId).toBe(org.documentId);
    const listed = await asAdmin(app, 'get', '/invitations/organizations?search=acme');
    expect(listed.body.results.map((o: { slug: string }) => o.slug)).toContain('acme-inc');
    const missing = await asAdmin(app, 'get', '/invitations/organizations/nope');
    expect([missing.status, missing.body.error.details.code]).toEqual([404, 'ORGANIZATION_NOT_FOUND']);
    expect(await auditActions(org.documentId)).toContain('organization.created');
  });

  it('keeps members when allowed domains change; new invitations follow the new rule', async () => {
    const org = await createOrg({ name: 'Domain Co', allowedDomains: ['old.test'] });
    const { token } = await inviteOne('member@old.test', { organization: org.documentId });
    const joined = await accept(token, { password: 'member-pass' });
    expect(joined.status).toBe(201);

    const updated = await asAdmin(app, 'put', `/invitations/organizations/${org.documentId}`).send({
      allowedDomains: ['new.test'],
    });
    expect(updated.status).toBe(200);
    expect(updated.body.data.allowedDomains).toEqual(['new.test']);
    expect((await myOrganizations(joined.body.jwt))[0]).toMatchObject({
      status: 'active',
      organization: { name: 'Domain Co' },
    });
    const members = await asAdmin(app, 'get', `/invitations/organizations/${org.documentId}/members`);
    expect(members.body.results.map((m: { user: { email: string } }) => m.user.email)).toEqual(['member@old.test']);

    const res = await asAdmin(app, 'post', '/invitations/invitations').send({
      emails: 'x@old.test y@new.test',
      organization: org.documentId,
    });
    expect(res.body.results.map((r: { result: string }) => r.result)).toEqual(['domain_not_allowed', 'created']);
    expect(await auditActions(org.documentId)).toContain('organization.updated');
  });

  it('counts only pending invitations toward the limit: members do not', async () => {
    const org = await createOrg({ name: 'Limited', pendingLimit: 1 });
    const first = await inviteOne('one@limited.test', { organization: org.documentId });
    expect((await accept(first.token, { password: 'one-pass' })).status).toBe(201);
    const res = await asAdmin(app, 'post', '/invitations/invitations').send({
      emails: 'two@limited.test, three@limited.test',
      organization: org.documentId,
    });
    expect(res.body.results.map((r: { result: string }) => r.result)).toEqual(['created', 'limit_reached']);
  });
});

describe('members', () => {
  it("changes a member's role and teams, refuses unknown roles, and removes; a re-invite starts fresh", async () => {
    const org = await createOrg({ name: 'Teams Co' });
    const sales = (
      await asAdmin(app, 'post', `/invitations/organizations/${org.documentId}/teams`).send({ name: 'Sales' })
    ).body.data;
    const support = (
      await asAdmin(app, 'post', `/invitations/organizations/${org.documentId}/teams`).send({ name: 'Support' })
    ).body.data;
    const teams = await asAdmin(app, 'get', `/invitations/organizations/${org.documentId}/teams`);
    expect(teams.body.data.map((t: { name: string }) => t.name).sort()).toEqual(['Sales', 'Support']);

    const { token } = await inviteOne('leaver@teams.test', { organization: org.documentId, teams: [sales.documentId] });
    const joined = await accept(token, { password: 'leaver-pass' });
    const [membership] = await myOrganizations(joined.body.jwt);
    expect(membership.teams.map((t) => t.name)).toEqual(['Sales']);

    const changed = await asAdmin(
      app,
      'put',
      `/invitations/organizations/${org.documentId}/members/${membership.documentId}`
    ).send({ role: 'admin', teams: [support.documentId] });
    expect(changed.status).toBe(200);
    expect(changed.body.data).toMatchObject({ role: 'admin', teams: [{ name: 'Support' }] });
    const unknown = await asAdmin(
      app,
      'put',
      `/invitations/organizations/${org.documentId}/members/${membership.documentId}`
    ).send({ role: 'owner' });
    expect(unknown.body.error.details.code).toBe('UNKNOWN_ROLE');
    const empty = await asAdmin(
      app,
      'put',
      `/invitations/organizations/${org.documentId}/members/${membership.documentId}`
    ).send({});
    expect(empty.body.error.message).toMatch(/give a role or teams to change/);

    const removed = await asAdmin(
      app,
      'delete',
      `/invitations/organizations/${org.documentId}/members/${membership.documentId}`
    );
    expect(removed.status).toBe(200);
    expect(removed.body.data.status).toBe('removed');
    expect(await myOrganizations(joined.body.jwt)).toEqual([]);
    const again = await asAdmin(
      app,
      'delete',
      `/invitations/organizations/${org.documentId}/members/${membership.documentId}`
    );
    expect([again.status, again.body.error.details.code]).toEqual([400, 'INVALID_TRANSITION']);

    // People who left can be invited again, and join without their old assignments.
    const back = await inviteOne('leaver@teams.test', { organization: org.documentId });
    expect((await accept(back.token, {}, joined.body.jwt)).status).toBe(200);
    const [fresh] = await myOrganizations(joined.body.jwt);
    expect(fresh.documentId).not.toBe(membership.documentId);
    expect(fresh).toMatchObject({ status: 'active', role: 'user', teams: [] });
    expect(await auditActions(org.documentId)).toEqual(
      expect.arrayContaining(['membership.updated', 'membership.removed', 'team.created'])
    );

    const notHere = await asAdmin(app, 'delete', `/invitations/organizations/${org.documentId}/members/nope`);
    expect([notHere.status, notHere.body.error.details.code]).toEqual([404, 'MEMBERSHIP_NOT_FOUND']);
  });
});

describe('onboarding by approval', () => {
  it('keeps accepted members pending until an admin approves or rejects, and tells the invitee which', async () => {
    const org = await createOrg({ name: 'Gatekeepers', onboarding: 'approval' });
    const a = await inviteOne('approve-me@gate.test', { organization: org.documentId });
    const b = await inviteOne('reject-me@gate.test', { organization: org.documentId });
    const ja = await accept(a.token, { password: 'approve-pass' });
    const jb = await accept(b.token, { password: 'reject-pass' });
    expect([ja.body.membership.status, jb.body.membership.status]).toEqual(['pending', 'pending']);

    const approvals = await asAdmin(app, 'get', `/invitations/organizations/${org.documentId}/approvals`);
    expect(approvals.body.results.map((m: { user: { email: string } }) => m.user.email).sort()).toEqual([
      'approve-me@gate.test',
      'reject-me@gate.test',
    ]);
    const byEmail = (email: string) =>
      approvals.body.results.find((m: { user: { email: string } }) => m.user.email === email).documentId;

    const approved = await asAdmin(
      app,
      'post',
      `/invitations/organizations/${org.documentId}/approvals/${byEmail('approve-me@gate.test')}/approve`
    );
    expect(approved.status).toBe(200);
    expect(approved.body.data).toMatchObject({ status: 'active' });
    expect(approved.body.data.joinedAt).not.toBeNull();
    const twice = await asAdmin(
      app,
      'post',
      `/invitations/organizations/${org.documentId}/approvals/${byEmail('approve-me@gate.test')}/approve`
    );
    expect([twice.status, twice.body.error.details.code]).toEqual([400, 'INVALID_TRANSITION']);

    const rejected = await asAdmin(
      app,
      'post',
      `/invitations/organizations/${org.documentId}/approvals/${byEmail('reject-me@gate.test')}/reject`
    ).send({ reason: 'Not a partner of ours' });
    expect(rejected.body.data).toMatchObject({ status: 'rejected', rejectReason: 'Not a partner of ours' });

    expect((await myOrganizations(ja.body.jwt))[0]).toMatchObject({
      status: 'active',
      organization: { name: 'Gatekeepers' },
    });
    expect((await myOrganizations(jb.body.jwt))[0]).toMatchObject({
      status: 'rejected',
      rejectReason: 'Not a partner of ours',
    });
    expect(
      (await asAdmin(app, 'get', `/invitations/organizations/${org.documentId}/approvals`)).body.pagination.total
    ).toBe(0);
    expect(await auditActions(org.documentId)).toEqual(
      expect.arrayContaining(['membership.approved', 'membership.rejected'])
    );
  });
});

describe('partner invitations', () => {
  it('creates the partner organization on accept with the contact as first member in the partner default role', async () => {
    const { id, token } = await inviteOne('ceo@initrode.test', {
      partnerName: 'Initrode Partners',
      firstName: 'Bill',
      lastName: 'Lumbergh',
    });
    const res = await accept(token, { password: 'initrode-pass' });
    expect(res.status).toBe(201);
    expect(res.body.organization).toMatchObject({ name: 'Initrode Partners', slug: 'initrode-partners' });
    expect(res.body.membership.status).toBe('active');
    expect((await myOrganizations(res.body.jwt))[0]).toMatchObject({
      role: 'admin',
      organization: { slug: 'initrode-partners' },
    });
    const invitation = (await asAdmin(app, 'get', `/invitations/invitations/${id}`)).body.data;
    expect(invitation.organization).toMatchObject({ slug: 'initrode-partners' });
    // The partner organization's own list has the invitation that made it (its first contact is admin).
    const partnerList = await app.http
      .get('/api/invitations/organizations/initrode-partners/invitations?status=accepted')
      .set('Authorization', `Bearer ${res.body.jwt}`);
    expect(partnerList.body.data.map((i: { email: string }) => i.email)).toEqual(['ceo@initrode.test']);

    // A second contact of the same partner joins the same organization.
    const second = await inviteOne('cto@initrode.test', { partnerName: ' initrode partners ' });
    const res2 = await accept(second.token, { password: 'initrode-pass2' });
    expect(res2.body.organization.documentId).toBe(res.body.organization.documentId);
    const orgs = await asAdmin(app, 'get', '/invitations/organizations?search=initrode');
    expect(orgs.body.pagination.total).toBe(1);
  });

  it('creates one organization when two contacts of a new partner accept at the same instant', async () => {
    const a = await inviteOne('a@simultaneous.test', { partnerName: 'Simultaneous Ltd' });
    const b = await inviteOne('b@simultaneous.test', { partnerName: 'Simultaneous Ltd' });
    const [ra, rb] = await Promise.all([
      accept(a.token, { password: 'simul-pass-a' }),
      accept(b.token, { password: 'simul-pass-b' }),
    ]);
    expect([ra.status, rb.status]).toEqual([201, 201]);
    expect(ra.body.organization.documentId).toBe(rb.body.organization.documentId);
    expect((await asAdmin(app, 'get', '/invitations/organizations?search=simultaneous')).body.pagination.total).toBe(1);
    const members = await asAdmin(app, 'get', `/invitations/organizations/${ra.body.organization.documentId}/members`);
    expect(members.body.pagination.total).toBe(2);
  });
});

describe('webhooks', () => {
  it("sends invitation and membership events to a webhook registered through Strapi's webhook API", async () => {
    const events = [
      'invitation.created',
      'invitation.accepted',
      'invitation.declined',
      'invitation.revoked',
      'invitation.expired',
      'membership.approved',
    ];
    const { url } = receiver;
    const created = await asAdmin(app, 'post', '/admin/webhooks').send({
      name: 'invitations receiver',
      url,
      headers: { 'X-Test': 'yes' },
      events,
    });
    expect(created.status).toBe(201);
    const bogus = await asAdmin(app, 'post', '/admin/webhooks').send({
      name: 'bad',
      url,
      headers: {},
      events: ['invitation.teleported'],
    });
    expect(bogus.status).toBe(400);

    const org = await createOrg({ name: 'Hooked', onboarding: 'approval' });
    const one = await inviteOne('hooked@hook.test', { organization: org.documentId, role: 'viewer' });
    const two = await inviteOne('declines@hook.test');
    const three = await inviteOne('revoked@hook.test');
    const four = await inviteOne('expires@hook.test', { organization: org.documentId });
    const joined = await accept(one.token, { password: 'hooked-pass' });
    await declineInvitation(app, two.token, { reason: 'busy' });
    await asAdmin(app, 'post', '/invitations/invitations/revoke').send({ ids: [three.id], reason: 'wrong_email' });
    await app.strapi.db
      .query('plugin::invitations.invitation')
      .update({ where: { documentId: four.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await app.strapi.plugin('invitations').service('expire-invitations').run();
    const pending = (await asAdmin(app, 'get', `/invitations/organizations/${org.documentId}/approvals`)).body
      .results[0];
    await asAdmin(app, 'post', `/invitations/organizations/${org.documentId}/approvals/${pending.documentId}/approve`);

    const find = (event: string, email: string) =>
      receiver.hooks.find((h) => h.event === event && JSON.stringify(h.body).includes(email));
    const received = await waitFor(
      () =>
        find('invitation.created', 'hooked@hook.test') &&
        find('invitation.accepted', 'hooked@hook.test') &&
        find('invitation.declined', 'declines@hook.test') &&
        find('invitation.revoked', 'revoked@hook.test') &&
        find('invitation.expired', 'expires@hook.test') &&
        find('membership.approved', 'hooked@hook.test'),
      'all six webhook events'
    );
    expect(received).toBeTruthy();
    const createdHook = find('invitation.created', 'hooked@hook.test')!;
    expect(createdHook.headers['x-strapi-event']).toBe('invitation.created');
    expect(createdHook.headers['x-test']).toBe('yes');
    expect(createdHook.body.invitation).toMatchObject({
      email: 'hooked@hook.test',
      role: 'viewer',
      status: 'pending',
      organization: { name: 'Hooked' },
    });
    expect(JSON.stringify(createdHook.body)).not.toMatch(/tokenHash|token=/);
    expect(find('invitation.accepted', 'hooked@hook.test')!.body).toMatchObject({
      invitation: { status: 'accepted' },
      membership: { status: 'pending' },
    });
    expect(find('invitation.declined', 'declines@hook.test')!.body.invitation).toMatchObject({
      status: 'declined',
      declineReason: 'busy',
    });
    // The expiry reads each invitation's organization in its UPDATE … RETURNING: the event and the
    // audit carry it.
    expect(find('invitation.expired', 'expires@hook.test')!.body.invitation).toMatchObject({
      status: 'expired',
      organization: org.documentId,
    });
    const expiredAudit = await asAdmin(
      app,
      'get',
      `/invitations/audit-events?invitation=${four.id}&action=invitation.expired`
    );
    expect(expiredAudit.body.results).toHaveLength(1);
    expect(expiredAudit.body.results[0].organization).toBe(org.documentId);
    expect(find('membership.approved', 'hooked@hook.test')!.body.membership).toMatchObject({
      status: 'active',
      organization: { name: 'Hooked' },
    });
    expect(joined.status).toBe(201);
    // Only after commit, once each.
    expect(
      receiver.hooks.filter(
        (h) => h.event === 'invitation.accepted' && JSON.stringify(h.body).includes('hooked@hook.test')
      )
    ).toHaveLength(1);
  });
});
