import {
  acceptInvitation,
  asAdmin,
  createAdmin,
  createOrganization,
  inviteOne,
  registerUser,
  startApp,
  startWebhookReceiver,
  tokenOf,
  waitFor,
  type TestApp,
  type WebhookReceiver,
} from './helpers/app';

/**
 * Join links (issue #12): one shareable link per campaign or organization, with expiry, use limits and
 * approval; the partner program's link makes each joiner a new partner organization. On PostgreSQL and
 * MariaDB the races are real: 50 simultaneous joins of a link with maxUses 10 make exactly 10 members.
 */

let app: TestApp;
let acme: { documentId: string; slug: string };
let receiver: WebhookReceiver;

const JOIN_LINK = 'plugin::invitations.join-link';
const MEMBERSHIP = 'plugin::invitations.membership';

interface CreatedLink {
  joinLink: { documentId: string; state: string; uses: number; maxUses: number | null; label: string };
  url: string;
}

const createLink = async (body: Record<string, unknown>, jwt = app.adminJwt): Promise<CreatedLink> => {
  const res = await asAdmin(app, 'post', '/invitations/join-links', jwt).send(body);
  if (res.status !== 201) throw new Error(`creating a join link failed: ${res.status} ${res.text}`);
  return res.body.data as CreatedLink;
};

const preview = (token: string) => app.http.post('/api/invitations/join-links/preview').send({ token });
const join = (token: string, jwt?: string, application?: Record<string, unknown>) => {
  const req = app.http.post('/api/invitations/join-links/join');
  return (jwt ? req.set('Authorization', `Bearer ${jwt}`) : req).send({ token, application });
};

let userCount = 0;
/** A new signed-up, confirmed portal user (users-permissions' own registration). */
const newUser = async (domain = 'acme.test') => {
  userCount += 1;
  const email = `joiner${userCount}@${domain}`;
  return { email, ...(await registerUser(app, email, `joiner-pass-${userCount}`)) };
};

const membershipsVia = (joinLinkDocumentId: string) =>
  app.strapi.db.query(MEMBERSHIP).findMany({
    where: { joinLink: { documentId: joinLinkDocumentId } },
    populate: { user: true, organization: true, teams: true },
  }) as Promise<
    {
      status: string;
      role: string;
      application: Record<string, unknown> | null;
      user: { email: string };
      organization: { name: string; isPartner: boolean; documentId: string };
      teams: { name: string }[];
    }[]
  >;

beforeAll(async () => {
  app = await startApp();
  acme = await createOrganization(app, { name: 'Acme', slug: 'acme', allowedDomains: ['acme.test'] });
  await asAdmin(app, 'post', `/invitations/organizations/${acme.documentId}/teams`).send({ name: 'Sales' });
  receiver = await startWebhookReceiver();
  const { url } = receiver;
  const hook = await asAdmin(app, 'post', '/admin/webhooks').send({
    name: 'join links',
    url,
    headers: {},
    events: ['join_link.used'],
  });
  if (hook.status !== 201) throw new Error(`webhook: ${hook.status} ${hook.text}`);
});

afterAll(async () => {
  await app?.stop();
  await receiver?.close();
});

describe("an organization's join link", () => {
  let link: CreatedLink;

  it('is created with its label, role, teams, limit and expiry, audited, and shared as a fragment URL', async () => {
    link = await createLink({
      label: 'Spring campaign',
      organization: 'acme',
      role: 'user',
      teams: ['Sales'],
      maxUses: 3,
      expiresInHours: 48,
    });
    expect(link.joinLink).toMatchObject({
      label: 'Spring campaign',
      organization: { slug: 'acme' },
      role: 'user',
      teams: [{ name: 'Sales' }],
      onboarding: 'auto',
      maxUses: 3,
      uses: 0,
      state: 'active',
      createdBy: { email: 'super@tests.local' },
    });
    // The playground's joinUrl ends in `#`: the token rides in the fragment, which no server logs.
    expect(link.url).toMatch(/^http:\/\/localhost:1337\/portal\/join#token=[A-Za-z0-9_-]{43}$/);
    const stored = await app.strapi.db.query(JOIN_LINK).findOne({ where: { documentId: link.joinLink.documentId } });
    expect(stored.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(link.joinLink)).not.toContain(tokenOf(link.url));
    const audit = await asAdmin(app, 'get', '/invitations/audit-events?action=join_link.created');
    expect(audit.body.results[0]).toMatchObject({
      actorType: 'admin',
      organization: acme.documentId,
      data: { joinLink: link.joinLink.documentId, label: 'Spring campaign', maxUses: 3 },
    });
  });

  it('previews what it grants, and a wrong or foreign token is a 404', async () => {
    const res = await preview(tokenOf(link.url));
    expect([res.status, res.body.data]).toEqual([
      200,
      {
        kind: 'organization',
        applicationFields: [],
        organization: { name: 'Acme', slug: 'acme' },
        role: 'user',
        onboarding: 'auto',
        expiresAt: expect.any(String),
        allowedDomains: ['acme.test'],
        asks: [],
        portal: 'Partner Portal',
      },
    ]);
    expect((await preview('x'.repeat(43))).body.error.details.code).toBe('JOIN_LINK_NOT_FOUND');
    // An invitation's token opens no join link (each purpose derives its own), and the reverse.
    const invitation = await inviteOne(app, 'someone@acme.test', { organization: acme.documentId });
    expect((await preview(invitation.token)).status).toBe(404);
    const asInvitation = await app.http.post('/api/invitations/invitations/preview').send({ token: tokenOf(link.url) });
    expect(asInvitation.status).toBe(404);
  });

  it('joins a signed-in user with its role and teams, audited and announced; the members list names the link', async () => {
    expect((await join(tokenOf(link.url))).status).toBe(401);
    const user = await newUser();
    const res = await join(tokenOf(link.url), user.jwt);
    expect([res.status, res.body.data]).toEqual([
      201,
      {
        status: 'joined',
        organization: { documentId: acme.documentId, name: 'Acme', slug: 'acme' },
        membership: { documentId: expect.any(String), status: 'active' },
      },
    ]);
    const [membership] = await membershipsVia(link.joinLink.documentId);
    expect([membership.user.email, membership.role, membership.teams.map((t) => t.name)]).toEqual([
      user.email,
      'user',
      ['Sales'],
    ]);
    const members = await asAdmin(app, 'get', `/invitations/organizations/${acme.documentId}/members`);
    expect(members.body.results.find((m: { user: { email: string } }) => m.user.email === user.email)).toMatchObject({
      joinLink: { documentId: link.joinLink.documentId, label: 'Spring campaign' },
      invitation: null,
    });
    const audit = await asAdmin(app, 'get', '/invitations/audit-events?action=join_link.used');
    expect(audit.body.results[0]).toMatchObject({
      actorType: 'user',
      actorLabel: user.email,
      organization: acme.documentId,
      data: { joinLink: link.joinLink.documentId, label: 'Spring campaign', email: user.email, membership: 'active' },
    });
    const hook = await waitFor(
      () => receiver.hooks.find((h) => h.event === 'join_link.used' && JSON.stringify(h.body).includes(user.email)),
      'the join_link.used webhook'
    );
    expect(hook.body).toMatchObject({ joinLink: { label: 'Spring campaign' }, membership: { status: 'active' } });

    const again = await join(tokenOf(link.url), user.jwt);
    expect([again.status, again.body.error.details.code]).toEqual([409, 'ALREADY_MEMBER']);
  });

  it("checks the organization's allowed domains against the user's address, and wants a confirmed account", async () => {
    const outsider = await newUser('elsewhere.test');
    const res = await join(tokenOf(link.url), outsider.jwt);
    expect([res.status, res.body.error.details.code]).toEqual([400, 'DOMAIN_NOT_ALLOWED']);
    expect(res.body.error.message).toMatch(/elsewhere\.test is not an allowed domain of Acme/);

    const unconfirmed = await newUser();
    await app.strapi.db
      .query('plugin::users-permissions.user')
      .update({ where: { id: unconfirmed.id }, data: { confirmed: false } });
    const refused = await join(tokenOf(link.url), unconfirmed.jwt);
    expect([refused.status, refused.body.error.message]).toEqual([
      403,
      'Confirm your email address first (see the mail we sent you), then join.',
    ]);
    expect((await membershipsVia(link.joinLink.documentId)).length).toBe(1);
  });

  it('stops at maxUses, past its expiry and once revoked, saying which', async () => {
    await join(tokenOf(link.url), (await newUser()).jwt);
    await join(tokenOf(link.url), (await newUser()).jwt);
    const full = await join(tokenOf(link.url), (await newUser()).jwt);
    expect([full.status, full.body.error.details.code]).toEqual([410, 'JOIN_LINK_EXHAUSTED']);
    expect((await preview(tokenOf(link.url))).body.error).toMatchObject({
      status: 410,
      details: { code: 'JOIN_LINK_EXHAUSTED', state: 'exhausted' },
    });
    const listed = await asAdmin(app, 'get', '/invitations/join-links?organization=acme');
    expect(listed.body.results[0]).toMatchObject({ uses: 3, maxUses: 3, state: 'exhausted' });
    const copy = await asAdmin(app, 'get', `/invitations/join-links/${link.joinLink.documentId}/link`);
    expect([copy.status, copy.body.error.details.code]).toEqual([400, 'INVALID_TRANSITION']);

    const expiring = await createLink({ label: 'Short', organization: 'acme' });
    await app.strapi.db.query(JOIN_LINK).update({
      where: { documentId: expiring.joinLink.documentId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const late = await join(tokenOf(expiring.url), (await newUser()).jwt);
    expect([late.status, late.body.error.details.code, late.body.error.message]).toEqual([
      410,
      'JOIN_LINK_EXPIRED',
      'This join link has expired. Ask whoever shared it for a new one.',
    ]);

    const revoking = await createLink({ label: 'Withdrawn', organization: 'acme' });
    const revoked = await asAdmin(app, 'post', `/invitations/join-links/${revoking.joinLink.documentId}/revoke`);
    expect([revoked.status, revoked.body.data.state]).toEqual([200, 'revoked']);
    const twice = await asAdmin(app, 'post', `/invitations/join-links/${revoking.joinLink.documentId}/revoke`);
    expect([twice.status, twice.body.error.details.code]).toEqual([400, 'INVALID_TRANSITION']);
    const gone = await join(tokenOf(revoking.url), (await newUser()).jwt);
    expect([gone.status, gone.body.error.details.code]).toEqual([410, 'JOIN_LINK_REVOKED']);
    const audit = await asAdmin(app, 'get', '/invitations/audit-events?action=join_link.revoked');
    expect(audit.body.results[0].data).toMatchObject({ label: 'Withdrawn' });
  });

  it('rotates to a new URL: the old one stops working at once, uses and limits stay', async () => {
    const rotating = await createLink({ label: 'Rotating', organization: 'acme', maxUses: 5 });
    await join(tokenOf(rotating.url), (await newUser()).jwt);
    const rotated = await asAdmin(app, 'post', `/invitations/join-links/${rotating.joinLink.documentId}/rotate`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.data.url).not.toBe(rotating.url);
    expect(rotated.body.data.joinLink).toMatchObject({ uses: 1, maxUses: 5, state: 'active' });
    expect((await preview(tokenOf(rotating.url))).status).toBe(404);
    expect((await join(tokenOf(rotated.body.data.url), (await newUser()).jwt)).status).toBe(201);
    const copied = await asAdmin(app, 'get', `/invitations/join-links/${rotating.joinLink.documentId}/link`);
    expect(copied.body.data.url).toBe(rotated.body.data.url);
    const audit = await asAdmin(app, 'get', '/invitations/audit-events?action=join_link.rotated');
    expect(audit.body.results[0].data).toMatchObject({ label: 'Rotating' });
  });

  it('with approval, puts the joiner in pending approvals', async () => {
    const approving = await createLink({ label: 'Reviewed', organization: 'acme', onboarding: 'approval' });
    const user = await newUser();
    const res = await join(tokenOf(approving.url), user.jwt);
    expect(res.body.data.membership.status).toBe('pending');
    const approvals = await asAdmin(app, 'get', `/invitations/organizations/${acme.documentId}/approvals`);
    const waiting = approvals.body.results.find((m: { user: { email: string } }) => m.user.email === user.email);
    // Waiting since the join (a pending member has no joinedAt yet).
    expect([waiting.joinedAt, new Date(waiting.requestedAt).getTime() > Date.now() - 60_000]).toEqual([null, true]);
  });
});

describe('the partner program link', () => {
  it('makes each joiner a new partner organization named in the application, in the partner default role', async () => {
    const program = await createLink({ label: 'Partner drive' });
    expect(program.joinLink).toMatchObject({ organization: null, role: 'admin', teams: [] });
    const shown = await preview(tokenOf(program.url));
    expect(shown.body.data).toMatchObject({ kind: 'partner_program', organization: null, asks: ['partnerName'] });

    const first = await newUser('globex.test');
    const missing = await join(tokenOf(program.url), first.jwt);
    expect([missing.status, missing.body.error.details.code]).toEqual([400, 'VALIDATION_ERROR']);
    expect(missing.body.error.message).toMatch(/partnerName is required/);

    const joined = await join(tokenOf(program.url), first.jwt, { partnerName: 'Globex' });
    expect(joined.status).toBe(201);
    expect(joined.body.data.organization).toMatchObject({ name: 'Globex', slug: 'globex' });
    // A second applicant naming the same company gets an organization of their own: a name proves nothing.
    const second = await newUser('globex.test');
    const other = await join(tokenOf(program.url), second.jwt, { partnerName: 'Globex' });
    expect(other.body.data.organization.slug).toMatch(/^globex-[0-9a-f]{8}$/);

    const members = await membershipsVia(program.joinLink.documentId);
    expect(
      members
        .map((m) => [m.user.email, m.organization.name, m.organization.isPartner, m.role, m.status, m.application])
        .sort()
    ).toEqual(
      [
        [first.email, 'Globex', true, 'admin', 'active', { partnerName: 'Globex' }],
        [second.email, 'Globex', true, 'admin', 'active', { partnerName: 'Globex' }],
      ].sort()
    );
    // The same user cannot join through the same link twice (another company each time).
    const again = await join(tokenOf(program.url), first.jwt, { partnerName: 'Globex Two' });
    expect([again.status, again.body.error.details.code]).toEqual([409, 'ALREADY_MEMBER']);
  });

  it("lists the partner-program links apart from the organizations' links", async () => {
    const listed = await asAdmin(app, 'get', '/invitations/join-links?partnerProgram=true&pageSize=100');
    const all = await asAdmin(app, 'get', '/invitations/join-links?pageSize=100');
    expect(listed.body.results.length).toBeGreaterThan(0);
    expect(listed.body.results.every((link: { organization: unknown }) => link.organization === null)).toBe(true);
    expect(all.body.results.some((link: { organization: unknown }) => link.organization !== null)).toBe(true);
    const acmeOnly = await asAdmin(app, 'get', '/invitations/join-links?organization=acme&pageSize=100');
    expect(
      acmeOnly.body.results.every((link: { organization: { slug: string } }) => link.organization.slug === 'acme')
    ).toBe(true);
  });

  it("with approval, waits in the new organization's pending approvals with the application", async () => {
    const program = await createLink({ label: 'Reviewed partners', onboarding: 'approval' });
    const applicant = await newUser('initech.test');
    const res = await join(tokenOf(program.url), applicant.jwt, { partnerName: 'Initech' });
    expect(res.body.data.membership.status).toBe('pending');
    const approvals = await asAdmin(
      app,
      'get',
      `/invitations/organizations/${res.body.data.organization.documentId}/approvals`
    );
    expect(approvals.body.results[0]).toMatchObject({
      user: { email: applicant.email },
      application: { partnerName: 'Initech' },
      joinLink: { label: 'Reviewed partners' },
    });
  });

  it('refuses teams without an organization, and bad limits, with the field named', async () => {
    const teams = await asAdmin(app, 'post', '/invitations/join-links').send({ label: 'x', teams: ['Sales'] });
    expect([teams.status, teams.body.error.details.code]).toEqual([400, 'UNKNOWN_TEAM']);
    const limit = await asAdmin(app, 'post', '/invitations/join-links').send({ label: 'x', maxUses: 0 });
    expect([limit.status, limit.body.error.message]).toEqual([
      400,
      expect.stringMatching(/maxUses must be at least 1/),
    ]);
    const label = await asAdmin(app, 'post', '/invitations/join-links').send({ organization: 'acme' });
    expect(label.body.error.message).toMatch(/label is required/);
  });
});

describe('who may manage join links', () => {
  it('refuses every admin route to an admin without joinLinks.manage', async () => {
    const reader = await createAdmin(app, 'reader@links.test', ['read', 'invite']);
    const some = await createLink({ label: 'Guarded', organization: 'acme' });
    const id = some.joinLink.documentId;
    for (const [method, path] of [
      ['get', '/invitations/join-links'],
      ['post', '/invitations/join-links'],
      ['get', `/invitations/join-links/${id}/link`],
      ['post', `/invitations/join-links/${id}/revoke`],
      ['post', `/invitations/join-links/${id}/rotate`],
    ] as const) {
      const res = await asAdmin(app, method, path, reader).send({ label: 'x' });
      expect([method, path, res.status]).toEqual([method, path, 403]);
    }
    expect((await app.strapi.db.query(JOIN_LINK).findOne({ where: { documentId: id } })).revokedAt).toBeNull();
  });

  it("lets an organization admin manage their organization's links through the portal, and nobody else's", async () => {
    const owner = await inviteOne(app, 'owner@acme.test', { organization: acme.documentId, role: 'admin' });
    const ownerJwt = (await acceptInvitation(app, owner.token, { password: 'owner-pass-1' })).body.jwt as string;
    const member = await inviteOne(app, 'member@acme.test', { organization: acme.documentId, role: 'user' });
    const memberJwt = (await acceptInvitation(app, member.token, { password: 'member-pass-1' })).body.jwt as string;
    const as = (jwt: string, method: 'get' | 'post', path: string) =>
      app.http[method](`/api/invitations/organizations/acme${path}`).set('Authorization', `Bearer ${jwt}`);

    const created = await as(ownerJwt, 'post', '/join-links').send({ label: 'Team drive', role: 'viewer', maxUses: 2 });
    expect(created.status).toBe(201);
    expect(created.body.data.joinLink).toMatchObject({
      organization: { slug: 'acme' },
      role: 'viewer',
      createdBy: { email: 'owner@acme.test' },
    });
    const list = await as(ownerJwt, 'get', '/join-links');
    expect(list.body.meta.pagination.total).toBeGreaterThan(1);
    expect(list.body.data.every((l: { organization: { slug: string } }) => l.organization.slug === 'acme')).toBe(true);
    const id = created.body.data.joinLink.documentId;
    expect((await as(ownerJwt, 'get', `/join-links/${id}/link`)).body.data.url).toBe(created.body.data.url);

    // A `user` has no joinLinks.manage by default.
    for (const [method, path] of [
      ['get', '/join-links'],
      ['post', '/join-links'],
      ['get', `/join-links/${id}/link`],
      ['post', `/join-links/${id}/revoke`],
      ['post', `/join-links/${id}/rotate`],
    ] as const) {
      const res = await as(memberJwt, method, path).send({ label: 'x' });
      expect([method, path, res.status, res.body.error.details.code]).toEqual([method, path, 403, 'FORBIDDEN']);
    }

    // Another organization's link is a 404 through this organization.
    const other = await createOrganization(app, { name: 'Other', slug: 'other-links' });
    const foreign = await createLink({ label: 'Foreign', organization: other.documentId });
    for (const path of [
      `/join-links/${foreign.joinLink.documentId}/revoke`,
      `/join-links/${foreign.joinLink.documentId}/rotate`,
    ]) {
      const res = await as(ownerJwt, 'post', path);
      expect([path, res.status, res.body.error.details.code]).toEqual([path, 404, 'JOIN_LINK_NOT_FOUND']);
    }
    expect((await preview(tokenOf(foreign.url))).status).toBe(200);

    const revoked = await as(ownerJwt, 'post', `/join-links/${id}/revoke`);
    expect(revoked.body.data.state).toBe('revoked');
  });

  it('never lets a member create a link granting more than their own role', async () => {
    const key = 'plugin::invitations.capabilities';
    const saved = app.strapi.config.get(key);
    app.strapi.config.set(key, {
      admin: ['invite', 'revoke', 'import', 'members.read', 'members.manage', 'joinLinks.manage'],
      user: ['members.read', 'joinLinks.manage'],
      viewer: [],
    });
    try {
      const user = await inviteOne(app, 'linker@acme.test', { organization: acme.documentId, role: 'user' });
      const jwt = (await acceptInvitation(app, user.token, { password: 'linker-pass-1' })).body.jwt as string;
      const res = await app.http
        .post('/api/invitations/organizations/acme/join-links')
        .set('Authorization', `Bearer ${jwt}`)
        .send({ label: 'Escalate', role: 'admin' });
      expect([res.status, res.body.error.details.code]).toEqual([403, 'FORBIDDEN']);
      expect(res.body.error.message).toMatch(/above your own \("user"\)/);
      expect(await app.strapi.db.query(JOIN_LINK).count({ where: { label: 'Escalate' } })).toBe(0);
      // Nor hand out an admin's link that grants more: copying or renewing it is granting it.
      const adminLink = await createLink({ label: 'Admins only', organization: 'acme', role: 'admin' });
      const copy = await app.http
        .get(`/api/invitations/organizations/acme/join-links/${adminLink.joinLink.documentId}/link`)
        .set('Authorization', `Bearer ${jwt}`);
      expect([copy.status, copy.body.error.details.code]).toEqual([403, 'FORBIDDEN']);
      const rotate = await app.http
        .post(`/api/invitations/organizations/acme/join-links/${adminLink.joinLink.documentId}/rotate`)
        .set('Authorization', `Bearer ${jwt}`);
      expect([rotate.status, rotate.body.error.details.code]).toEqual([403, 'FORBIDDEN']);
      expect((await preview(tokenOf(adminLink.url))).status).toBe(200);
    } finally {
      app.strapi.config.set(key, saved);
    }
  });
});

describe('under concurrency', () => {
  it('never goes past maxUses: 50 simultaneous joins of a link with maxUses 10 make exactly 10 members', async () => {
    const limited = await createLink({ label: 'Rush', organization: 'acme', maxUses: 10 });
    const users = [];
    for (let i = 0; i < 50; i += 1) users.push(await newUser());
    const answers = await Promise.all(users.map((user) => join(tokenOf(limited.url), user.jwt)));
    const statuses = answers.map((res) => res.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(answers.filter((res) => res.status !== 201).map((res) => res.body.error.details.code)).toEqual(
      Array(40).fill('JOIN_LINK_EXHAUSTED')
    );
    expect(await membershipsVia(limited.joinLink.documentId)).toHaveLength(10);
    const stored = await app.strapi.db.query(JOIN_LINK).findOne({ where: { documentId: limited.joinLink.documentId } });
    expect(stored.uses).toBe(10);
    const used = (await app.strapi.db
      .query('plugin::invitations.audit-event')
      .findMany({ where: { action: 'join_link.used' } })) as { data: { joinLink: string } }[];
    expect(used.filter((event) => event.data.joinLink === limited.joinLink.documentId)).toHaveLength(10);
  });

  it('lets one user join once, however many of their joins arrive at once', async () => {
    const open = await createLink({ label: 'Open door', organization: 'acme' });
    const user = await newUser();
    const answers = await Promise.all(Array.from({ length: 12 }, () => join(tokenOf(open.url), user.jwt)));
    expect(answers.filter((res) => res.status === 201)).toHaveLength(1);
    expect(answers.filter((res) => res.status !== 201).map((res) => res.body.error.details.code)).toEqual(
      Array(11).fill('ALREADY_MEMBER')
    );
    expect(await membershipsVia(open.joinLink.documentId)).toHaveLength(1);
    const stored = await app.strapi.db.query(JOIN_LINK).findOne({ where: { documentId: open.joinLink.documentId } });
    expect(stored.uses).toBe(1);
  });

  it('lets one user join the partner program once, however many of their applications arrive at once', async () => {
    const program = await createLink({ label: 'Program rush' });
    const user = await newUser('rush.test');
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => join(tokenOf(program.url), user.jwt, { partnerName: `Rush ${i}` }))
    );
    expect(answers.filter((res) => res.status === 201)).toHaveLength(1);
    expect(await membershipsVia(program.joinLink.documentId)).toHaveLength(1);
    // The losers' organizations were rolled back with their joins.
    expect(
      await app.strapi.db.query('plugin::invitations.organization').count({ where: { name: { $startsWith: 'Rush ' } } })
    ).toBe(1);
  });
});
