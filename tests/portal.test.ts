import {
  acceptInvitation,
  asAdmin,
  createOrganization,
  inviteOne,
  registerUser,
  startApp,
  tokenOf,
  waitFor,
  type TestApp,
} from './helpers/app';

/**
 * The portal side (issue #11): organization admins and members through the Content API, with
 * users-permissions JWTs. Every refusal is tried: no JWT, no users-permissions permission, a role
 * without the capability, another organization's ids, a role above one's own, the last admin.
 */

let app: TestApp;

interface Member {
  jwt: string;
  id: number;
  email: string;
}

let acme: { documentId: string; slug: string };
let other: { documentId: string; slug: string };
let alice: Member; // admin of Acme
let bob: Member; // user of Acme
let vic: Member; // viewer of Acme
let carol: Member; // admin of Other

/** A member of `organization` with `role`, who got there by accepting an admin's invitation. */
const joinAs = async (email: string, organization: string, role: string): Promise<Member> => {
  const { token } = await inviteOne(app, email, { organization, role });
  const res = await acceptInvitation(app, token, { password: `${email}-pass` });
  if (res.status !== 201) throw new Error(`joining failed: ${res.status} ${res.text}`);
  return { jwt: res.body.jwt, id: res.body.user.id, email };
};

type Method = 'get' | 'post' | 'put' | 'delete';
const as = (member: Member | null, method: Method, path: string) => {
  const req = app.http[method](`/api/invitations${path}`);
  return member ? req.set('Authorization', `Bearer ${member.jwt}`) : req;
};

const PLUGIN_ACTION = (handler: string) => `plugin::invitations.${handler}`;

/**
 * Empties `scopeOrganization` of every row of `uid`, as an older version of the plugin left them
 * (linked to the organization, the column empty), and checks that the list `emailsOf` reads shows none
 * of them until the start's `backfill` fills the column in again, and that the next start changes
 * nothing. Answers the list as it was before.
 */
const expectScopeFilledAtStart = async (
  uid: string,
  emailsOf: () => Promise<string[]>,
  backfill: () => Promise<number>
): Promise<string[]> => {
  const before = await emailsOf();
  const meta = app.strapi.db.metadata.get(uid);
  const column = (meta.attributes.scopeOrganization as unknown as { columnName: string }).columnName;
  const cleared = Number(
    await app.strapi.db
      .getConnection(meta.tableName)
      .whereNotNull(column)
      .update({ [column]: null })
  );
  expect(await emailsOf()).toEqual([]);
  expect(await backfill()).toBe(cleared);
  expect(await emailsOf()).toEqual(before);
  expect(await backfill()).toBe(0);
  return before;
};

/**
 * `write` adds a row of `uid` (its email answered), which is then left as an instance of an older
 * version writes it during a rolling deploy, after this instance's start: linked to the organization,
 * `scopeOrganization` empty. Checks that the list `emailsOf` reads misses it until the next pass of
 * the organization-scope service, shows it after, and that the pass after that has nothing to do;
 * and that `store`'s fill skips the row when told to look only past its link.
 */
const expectScopeFilledByNextPass = async (
  uid: string,
  store: 'invitation-store' | 'membership',
  write: () => Promise<string>,
  emailsOf: () => Promise<string[]>
): Promise<void> => {
  const scope = app.strapi.plugin('invitations').service('organization-scope');
  const email = await write();
  const meta = app.strapi.db.metadata.get(uid);
  const column = (meta.attributes.scopeOrganization as unknown as { columnName: string }).columnName;
  const rows = () => app.strapi.db.getConnection(meta.tableName);
  const [{ newest }] = (await rows().max({ newest: 'id' })) as { newest: number }[];
  expect(
    Number(
      await rows()
        .where('id', newest)
        .whereNotNull(column)
        .update({ [column]: null })
    )
  ).toBe(1);
  expect(await emailsOf()).not.toContain(email);
  // The row's organization link is the newest: a fill that starts after it leaves the row alone.
  const links = app.strapi.db.getConnection(
    (meta.attributes.organization as unknown as { joinTable: { name: string } }).joinTable.name
  );
  const [{ newestLink }] = (await links.max({ newestLink: 'id' })) as { newestLink: number }[];
  const fill = app.strapi.plugin('invitations').service(store);
  expect(await fill.backfillOrganizationScope(Number(newestLink))).toEqual({
    filled: 0,
    lastLinkId: Number(newestLink),
  });
  expect(await emailsOf()).not.toContain(email);
  expect(await scope.fillNew()).toBe(1);
  expect(await emailsOf()).toContain(email);
  expect(await scope.fillNew()).toBe(0);
};

beforeAll(async () => {
  app = await startApp();
  acme = await createOrganization(app, { name: 'Acme', slug: 'acme', allowedDomains: ['acme.test'] });
  await asAdmin(app, 'post', `/invitations/organizations/${acme.documentId}/teams`).send({ name: 'Sales' });
  other = await createOrganization(app, { name: 'Other', slug: 'other' });
  alice = await joinAs('alice@acme.test', acme.documentId, 'admin');
  bob = await joinAs('bob@acme.test', acme.documentId, 'user');
  vic = await joinAs('vic@acme.test', acme.documentId, 'viewer');
  carol = await joinAs('carol@other.test', other.documentId, 'admin');
});

afterAll(async () => {
  await app?.stop();
});

describe('setup', () => {
  it("grants the signed-in routes to users-permissions' Authenticated role, and only those", async () => {
    const role = await app.strapi.db
      .query('plugin::users-permissions.role')
      .findOne({ where: { type: 'authenticated' } });
    const actions = (
      (await app.strapi.db
        .query('plugin::users-permissions.permission')
        .findMany({ where: { role: { id: role.id }, action: { $startsWith: 'plugin::invitations.' } } })) as {
        action: string;
      }[]
    ).map((p) => p.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        PLUGIN_ACTION('me.invitations'),
        PLUGIN_ACTION('me.leave'),
        PLUGIN_ACTION('organization-portal.invite'),
        PLUGIN_ACTION('organization-portal.updateMember'),
      ])
    );
    expect(actions).not.toContain(PLUGIN_ACTION('invitation-response.accept'));
  });
});

describe('organization invitations', () => {
  it('lets an organization admin invite, in the REST list shape, as the inviter of the mail', async () => {
    const res = await as(alice, 'post', `/organizations/acme/invitations`).send({
      emails: 'dan@acme.test, eve@acme.test',
      role: 'user',
      teams: ['Sales'],
    });
    expect(res.status).toBe(201);
    expect(res.body.data.map((r: { result: string }) => r.result)).toEqual(['created', 'created']);
    expect(res.body.data[0].invitation).toMatchObject({
      source: 'portal',
      organization: { slug: 'acme' },
      invitedBy: { name: 'alice@acme.test', email: 'alice@acme.test' },
      teams: [{ name: 'Sales' }],
    });
    const mail = await waitFor(() => app.mail.mails.find((m) => m.to.includes('dan@acme.test')), 'the mail to dan');
    expect(mail.text).toContain('alice@acme.test has invited you to join Acme');

    const list = await as(alice, 'get', '/organizations/acme/invitations?status=pending&pageSize=10');
    expect(list.status).toBe(200);
    expect(list.body.meta.pagination).toMatchObject({ page: 1, pageSize: 10 });
    expect(list.body.data.map((i: { email: string }) => i.email)).toEqual(
      expect.arrayContaining(['dan@acme.test', 'eve@acme.test'])
    );
    expect(list.body.data.every((i: { organization: { slug: string } }) => i.organization.slug === 'acme')).toBe(true);

    const audit = await asAdmin(
      app,
      'get',
      '/invitations/audit-events?action=invitation.created&actor=alice@acme.test'
    );
    expect(audit.body.results.length).toBe(2);
    expect(audit.body.results[0]).toMatchObject({ actorType: 'user', actorLabel: 'alice@acme.test' });
  });

  it('lists invitations written before the organization was kept on the row, once the start fills it in', async () => {
    const before = await expectScopeFilledAtStart(
      'plugin::invitations.invitation',
      async () =>
        (await as(alice, 'get', '/organizations/acme/invitations?pageSize=100')).body.data.map(
          (i: { email: string }) => i.email
        ),
      async () =>
        (await app.strapi.plugin('invitations').service('invitation-store').backfillOrganizationScope()).filled
    );
    expect(before).toEqual(expect.arrayContaining(['dan@acme.test', 'eve@acme.test']));
  });

  it('lists an invitation an older instance writes after the start (a rolling deploy), from the next pass', async () => {
    await expectScopeFilledByNextPass(
      'plugin::invitations.invitation',
      'invitation-store',
      async () => {
        const res = await as(alice, 'post', '/organizations/acme/invitations').send({ emails: 'late@acme.test' });
        expect(res.body.data[0].result).toBe('created');
        return 'late@acme.test';
      },
      async () =>
        (await as(alice, 'get', '/organizations/acme/invitations?pageSize=100')).body.data.map(
          (i: { email: string }) => i.email
        )
    );
  });

  it('applies the same admission as the admin side: domains, duplicates, the organization forced', async () => {
    const res = await as(alice, 'post', '/organizations/acme/invitations').send({
      emails: ['outsider@elsewhere.test', 'dan@acme.test', 'new@acme.test'],
      organization: other.documentId,
    });
    expect(res.body.data.map((r: { result: string }) => r.result)).toEqual([
      'domain_not_allowed',
      'already_invited',
      'created',
    ]);
    expect(res.body.data[2].invitation.organization.slug).toBe('acme');
  });

  it('resends, copies a link, revokes with a reason and sends a new one, only for its own invitations', async () => {
    const list = await as(alice, 'get', '/organizations/acme/invitations?search=eve@acme.test');
    const eve = list.body.data[0].documentId as string;
    expect((await as(alice, 'post', `/organizations/acme/invitations/${eve}/resend`)).status).toBe(200);
    const link = await as(alice, 'get', `/organizations/acme/invitations/${eve}/link`);
    expect(link.status).toBe(200);
    expect(tokenOf(link.body.data.link)).toHaveLength(43);
    const revoked = await as(alice, 'post', '/organizations/acme/invitations/revoke').send({
      ids: [eve],
      reason: 'wrong_role',
    });
    expect([revoked.status, revoked.body.data[0].status]).toEqual([200, 'revoked']);

    // Another organization's invitation is not found through Acme's routes, for every action.
    const foreign = await inviteOne(app, 'frank@other.test', { organization: other.documentId });
    for (const [method, path] of [
      ['post', `/organizations/acme/invitations/${foreign.id}/resend`],
      ['post', `/organizations/acme/invitations/${foreign.id}/reissue`],
      ['get', `/organizations/acme/invitations/${foreign.id}/link`],
    ] as const) {
      const res = await as(alice, method, path);
      expect([res.status, res.body.error.details.code]).toEqual([404, 'INVITATION_NOT_FOUND']);
    }
    const revokeForeign = await as(alice, 'post', '/organizations/acme/invitations/revoke').send({
      ids: [foreign.id],
      reason: 'wrong_role',
    });
    expect(revokeForeign.status).toBe(404);
    const status = (await asAdmin(app, 'get', `/invitations/invitations/${foreign.id}`)).body.data.status;
    expect(status).toBe('pending');
  });
});

describe('organization CSV import', () => {
  const upload = (member: Member, csv: string, dryRun: boolean) =>
    as(member, 'post', `/organizations/acme/import${dryRun ? '?dryRun=true' : ''}`).attach(
      'file',
      Buffer.from(csv, 'utf8'),
      'team.csv'
    );

  it("imports into the member's own organization only, with roles no higher than theirs", async () => {
    const key = 'plugin::invitations.capabilities';
    const saved = app.strapi.config.get(key);
    app.strapi.config.set(key, {
      admin: ['invite', 'revoke', 'import', 'members.read', 'members.manage'],
      user: ['import', 'members.read'],
      viewer: [],
    });
    try {
      const csv = [
        'emailAddress,role,organization',
        'csv-one@acme.test,user,other',
        'csv-two@acme.test,admin,',
        'csv-three@elsewhere.test,viewer,',
        '',
      ].join('\n');
      const dry = await upload(bob, csv, true);
      expect(dry.status).toBe(200);
      expect(dry.body.totals).toMatchObject({ rows: 3, valid: 1, invalid: 2, warnings: 1, created: 0 });
      expect(dry.body.problems.map((p: { line: number; code: string }) => [p.line, p.code])).toEqual([
        [1, 'unknown_column'],
        [3, 'role_above_own'],
        [4, 'domain_not_allowed'],
      ]);
      expect(dry.body.problems[0].message).toMatch(/organization column is not used here/);
      const commit = await upload(bob, csv, false);
      expect(commit.status).toBe(201);
      expect(commit.body.totals.created).toBe(1);
      const created = (await asAdmin(app, 'get', '/invitations/invitations?search=csv-one@acme.test')).body.results[0];
      expect(created).toMatchObject({
        source: 'csv',
        organization: { slug: 'acme' },
        invitedBy: { email: 'bob@acme.test' },
      });
    } finally {
      app.strapi.config.set(key, saved);
    }
  });
});

describe('who may do what', () => {
  it("shows each member the organization with their role's capabilities and the roles they may grant", async () => {
    const overview = async (member: Member) => (await as(member, 'get', '/organizations/acme')).body.data;
    expect(await overview(alice)).toEqual({
      documentId: acme.documentId,
      name: 'Acme',
      slug: 'acme',
      allowedDomains: ['acme.test'],
      teams: [{ documentId: expect.any(String), name: 'Sales' }],
      role: 'admin',
      capabilities: ['invite', 'revoke', 'import', 'members.read', 'members.manage', 'joinLinks.manage'],
      grantableRoles: ['admin', 'user', 'viewer'],
      defaultRole: 'user',
      revokeReasons: expect.arrayContaining(['sent_by_mistake', 'other']),
      fields: { invitation: [], application: [] },
    });
    expect(await overview(bob)).toMatchObject({
      role: 'user',
      capabilities: ['members.read'],
      grantableRoles: ['user', 'viewer'],
    });
    expect(await overview(vic)).toMatchObject({ capabilities: [], grantableRoles: ['viewer'], defaultRole: 'viewer' });
    const mine = (await as(bob, 'get', '/me/organizations')).body.data;
    expect(mine).toEqual([expect.objectContaining({ role: 'user', capabilities: ['members.read'] })]);
  });

  const organizationRoutes: [Method, string][] = [
    ['get', ''],
    ['get', '/invitations'],
    ['post', '/invitations'],
    ['post', '/invitations/revoke'],
    ['post', '/invitations/x/resend'],
    ['post', '/invitations/x/reissue'],
    ['get', '/invitations/x/link'],
    ['post', '/import'],
    ['get', '/members'],
    ['put', '/members/x'],
    ['delete', '/members/x'],
    ['get', '/approvals'],
    ['post', '/approvals/x/approve'],
    ['post', '/approvals/x/reject'],
    ['get', '/join-links'],
    ['post', '/join-links'],
    ['get', '/join-links/x/link'],
    ['post', '/join-links/x/revoke'],
    ['post', '/join-links/x/rotate'],
  ];

  it('refuses every organization route without a JWT, and with one of another organization (404)', async () => {
    for (const [method, path] of organizationRoutes) {
      const anonymous = await as(null, method, `/organizations/acme${path}`);
      expect([method, path, anonymous.status, anonymous.body.error?.details?.code]).toEqual([
        method,
        path,
        401,
        'UNAUTHENTICATED',
      ]);
      const outsider = await as(carol, method, `/organizations/acme${path}`).send({});
      expect([method, path, outsider.status, outsider.body.error.details?.code]).toEqual([
        method,
        path,
        404,
        'ORGANIZATION_NOT_FOUND',
      ]);
    }
    for (const [method, path] of [
      ['get', '/me/invitations'],
      ['get', '/me/organizations'],
      ['delete', '/me/organizations/x'],
      ['post', '/me/invitations/x/accept'],
    ] as const) {
      expect((await as(null, method, path)).status).toBe(401);
    }
  });

  it('refuses a role without the capability, route by route', async () => {
    // `user`: members.read only; `viewer`: nothing.
    expect((await as(bob, 'get', '/organizations/acme/members')).status).toBe(200);
    // The overview is every member's: it is how a portal learns what to show them.
    expect((await as(vic, 'get', '/organizations/acme')).status).toBe(200);
    for (const [method, path] of organizationRoutes.filter(([, p]) => p !== '/members' && p !== '')) {
      const res = await as(bob, method, `/organizations/acme${path}`).send({});
      expect([method, path, res.status, res.body.error.details.code]).toEqual([method, path, 403, 'FORBIDDEN']);
    }
    const viewer = await as(vic, 'get', '/organizations/acme/members');
    expect([viewer.status, viewer.body.error.message]).toEqual([
      403,
      'Your role "viewer" in Acme cannot see the members. Ask one of its admins.',
    ]);
  });

  it('refuses every route the users-permissions role does not grant', async () => {
    const permissions = app.strapi.db.query('plugin::users-permissions.permission');
    const granted = (await permissions.findMany({
      where: { action: { $startsWith: 'plugin::invitations.' } },
      populate: { role: true },
    })) as { id: number; action: string; role: { id: number } }[];
    await permissions.deleteMany({ where: { id: { $in: granted.map((p) => p.id) } } });
    try {
      for (const [method, path] of [
        ...organizationRoutes.map(([m, p]) => [m, `/organizations/acme${p}`] as const),
        ['get', '/me/invitations'],
        ['post', '/me/invitations/x/accept'],
        ['post', '/me/invitations/x/decline'],
        ['get', '/me/organizations'],
        ['delete', '/me/organizations/x'],
      ] as const) {
        const res = await as(alice, method, path).send({});
        expect([method, path, res.status]).toEqual([method, path, 403]);
      }
    } finally {
      for (const { action, role } of granted) await permissions.create({ data: { action, role: role.id } });
    }
    expect((await as(alice, 'get', '/organizations/acme/members')).status).toBe(200);
  });

  it("never reaches another organization's members through one's own", async () => {
    const theirs = (await as(carol, 'get', '/organizations/other/members')).body.data as { documentId: string }[];
    const carolMembership = theirs[0].documentId;
    for (const [method, path] of [
      ['put', `/organizations/acme/members/${carolMembership}`],
      ['delete', `/organizations/acme/members/${carolMembership}`],
      ['post', `/organizations/acme/approvals/${carolMembership}/approve`],
      ['post', `/organizations/acme/approvals/${carolMembership}/reject`],
    ] as const) {
      const res = await as(alice, method, path).send({ role: 'viewer' });
      expect([method, path, res.status, res.body.error.details.code]).toEqual([
        method,
        path,
        404,
        'MEMBERSHIP_NOT_FOUND',
      ]);
    }
    const still = (await as(carol, 'get', '/organizations/other/members')).body.data[0];
    expect(still).toMatchObject({ status: 'active', role: 'admin' });
  });

  it('never lets a member grant a role above their own, nor change someone above them', async () => {
    const key = 'plugin::invitations.capabilities';
    const saved = app.strapi.config.get(key);
    // For this test, `user` may invite and manage members.
    app.strapi.config.set(key, {
      admin: ['invite', 'revoke', 'members.read', 'members.manage'],
      user: ['invite', 'members.read', 'members.manage'],
      viewer: [],
    });
    try {
      const escalate = await as(bob, 'post', '/organizations/acme/invitations').send({
        emails: 'boss@acme.test',
        role: 'admin',
      });
      expect([escalate.status, escalate.body.error.details.code]).toEqual([403, 'FORBIDDEN']);
      expect(escalate.body.error.message).toMatch(/above your own \("user"\)/);
      const same = await as(bob, 'post', '/organizations/acme/invitations').send({
        emails: 'peer@acme.test',
        role: 'user',
      });
      expect(same.body.data[0].result).toBe('created');
      // A copied link creates the invited account for whoever holds it: copying is granting.
      const adminInvite = await inviteOne(app, 'boss-copy@acme.test', { organization: acme.documentId, role: 'admin' });
      const copy = await as(bob, 'get', `/organizations/acme/invitations/${adminInvite.id}/link`);
      expect([copy.status, copy.body.error.details.code]).toEqual([403, 'FORBIDDEN']);
      const own = await as(
        bob,
        'get',
        `/organizations/acme/invitations/${same.body.data[0].invitation.documentId}/link`
      );
      expect(own.status).toBe(200);

      const members = (await as(bob, 'get', '/organizations/acme/members')).body.data as {
        documentId: string;
        user: { email: string };
      }[];
      const idOf = (email: string) => members.find((m) => m.user.email === email)!.documentId;
      const promote = await as(bob, 'put', `/organizations/acme/members/${idOf('vic@acme.test')}`).send({
        role: 'admin',
      });
      expect(promote.status).toBe(403);
      const demoteAbove = await as(bob, 'put', `/organizations/acme/members/${idOf('alice@acme.test')}`).send({
        role: 'viewer',
      });
      expect(demoteAbove.status).toBe(403);
      const removeAbove = await as(bob, 'delete', `/organizations/acme/members/${idOf('alice@acme.test')}`);
      expect(removeAbove.status).toBe(403);
      const teamsOnly = await as(bob, 'put', `/organizations/acme/members/${idOf('vic@acme.test')}`).send({
        teams: ['Sales'],
      });
      expect([teamsOnly.status, teamsOnly.body.data.teams]).toEqual([
        200,
        [expect.objectContaining({ name: 'Sales' })],
      ]);
    } finally {
      app.strapi.config.set(key, saved);
    }
  });
});

describe('members', () => {
  it('lists members in the order they joined, with teams and invitation, by status, search and page', async () => {
    const listing = await createOrganization(app, { name: 'Listing', slug: 'listing' });
    await asAdmin(app, 'post', `/invitations/organizations/${listing.documentId}/teams`).send({ name: 'Ops' });
    const owner = await joinAs('owner@listing.test', listing.documentId, 'admin');
    const invited = await inviteOne(app, 'Dana.Smith@listing.test', { organization: listing.documentId, role: 'user' });
    const joined = await acceptInvitation(app, invited.token, { password: 'dana-pass', username: 'dsmith' });
    expect(joined.status).toBe(201);
    const erin = await joinAs('erin@listing.test', listing.documentId, 'user');
    const list = (query: string) => as(owner, 'get', `/organizations/listing/members${query}`);
    const idOf = async (email: string) =>
      ((await list('')).body.data as { documentId: string; user: { email: string } }[]).find(
        (member) => member.user.email === email
      )!.documentId;
    const danaId = await idOf('dana.smith@listing.test');
    expect((await as(owner, 'put', `/organizations/listing/members/${danaId}`).send({ teams: ['Ops'] })).status).toBe(
      200
    );
    expect(
      (await as(owner, 'delete', `/organizations/listing/members/${await idOf('erin@listing.test')}`)).status
    ).toBe(200);

    const all = await list('');
    expect(all.body.data.map((member: { user: { email: string } }) => member.user.email)).toEqual([
      'owner@listing.test',
      'dana.smith@listing.test',
    ]);
    const second = await list('?pageSize=1&page=2');
    expect(second.body.meta.pagination).toEqual({ page: 2, pageSize: 1, pageCount: 2, total: 2 });
    expect(second.body.data).toEqual([
      {
        documentId: danaId,
        status: 'active',
        role: 'user',
        joinedAt: expect.any(String),
        requestedAt: expect.any(String),
        decidedAt: null,
        rejectReason: null,
        user: { id: joined.body.user.id, email: 'dana.smith@listing.test', username: 'dsmith' },
        teams: [{ documentId: expect.any(String), name: 'Ops' }],
        invitation: invited.id,
        joinLink: null,
        application: null,
      },
    ]);
    // Search: a part of the email or the username, in any case.
    for (const term of ['SMITH@', 'dSmI']) {
      const found = await list(`?search=${term}`);
      expect([
        found.body.data.map((m: { documentId: string }) => m.documentId),
        found.body.meta.pagination.total,
      ]).toEqual([[danaId], 1]);
    }
    const none = await list('?search=nobody');
    expect([none.body.data, none.body.meta.pagination]).toEqual([
      [],
      { page: 1, pageSize: 20, pageCount: 0, total: 0 },
    ]);
    const removed = await list('?status=removed');
    expect(removed.body.data.map((m: { user: { email: string } }) => m.user.email)).toEqual([erin.email]);
  });

  it('lists members written before the organization was kept on the row, once the start fills it in', async () => {
    const before = await expectScopeFilledAtStart(
      'plugin::invitations.membership',
      async () =>
        (await as(alice, 'get', '/organizations/acme/members')).body.data.map(
          (member: { user: { email: string } }) => member.user.email
        ),
      async () => (await app.strapi.plugin('invitations').service('membership').backfillOrganizationScope()).filled
    );
    expect(before).toEqual(expect.arrayContaining(['alice@acme.test', 'bob@acme.test']));
  });

  it('lists a member an older instance writes after the start (a rolling deploy), from the next pass', async () => {
    await expectScopeFilledByNextPass(
      'plugin::invitations.membership',
      'membership',
      async () => (await joinAs('late@other.test', other.documentId, 'user')).email,
      async () =>
        (await as(carol, 'get', '/organizations/other/members')).body.data.map(
          (member: { user: { email: string } }) => member.user.email
        )
    );
  });

  it('keeps at least one admin: the last cannot demote themselves, be removed or leave', async () => {
    const members = (await as(alice, 'get', '/organizations/acme/members')).body.data as {
      documentId: string;
      user: { email: string };
    }[];
    const aliceId = members.find((m) => m.user.email === 'alice@acme.test')!.documentId;
    const demote = await as(alice, 'put', `/organizations/acme/members/${aliceId}`).send({ role: 'user' });
    expect([demote.status, demote.body.error.details.code]).toEqual([409, 'LAST_ADMIN']);
    const remove = await as(alice, 'delete', `/organizations/acme/members/${aliceId}`);
    expect(remove.status).toBe(409);
    const leave = await as(alice, 'delete', `/me/organizations/${aliceId}`);
    expect([leave.status, leave.body.error.details.code]).toEqual([409, 'LAST_ADMIN']);
  });

  it('lets a member leave an organization, audited; the id of anyone else is a 404', async () => {
    const mine = (await as(vic, 'get', '/me/organizations')).body.data as { documentId: string }[];
    const notMine = await as(carol, 'delete', `/me/organizations/${mine[0].documentId}`);
    expect(notMine.status).toBe(404);
    const left = await as(vic, 'delete', `/me/organizations/${mine[0].documentId}`);
    expect([left.status, left.body.data.status]).toEqual([200, 'removed']);
    expect((await as(vic, 'get', '/me/organizations')).body.data).toEqual([]);
    const audit = await asAdmin(app, 'get', '/invitations/audit-events?action=membership.left');
    expect(audit.body.results[0]).toMatchObject({ actorLabel: 'vic@acme.test', data: { email: 'vic@acme.test' } });
  });

  it('approves and rejects pending members of an approval organization', async () => {
    const approving = await createOrganization(app, { name: 'Approving', slug: 'approving', onboarding: 'approval' });
    const owner = await joinAs('owner@approving.test', approving.documentId, 'admin');
    // The owner's own membership waited for an admin of the panel too.
    const ownerMembership = (await asAdmin(app, 'get', `/invitations/organizations/${approving.documentId}/approvals`))
      .body.results[0].documentId;
    await asAdmin(
      app,
      'post',
      `/invitations/organizations/${approving.documentId}/approvals/${ownerMembership}/approve`
    );
    const invited = await as(owner, 'post', '/organizations/approving/invitations').send({
      emails: 'applicant@approving.test',
    });
    const link = await as(
      owner,
      'get',
      `/organizations/approving/invitations/${invited.body.data[0].invitation.documentId}/link`
    );
    await acceptInvitation(app, tokenOf(link.body.data.link), { password: 'applicant-pass' });
    const waiting = await as(owner, 'get', '/organizations/approving/approvals');
    expect(waiting.body.data.map((m: { user: { email: string } }) => m.user.email)).toEqual([
      'applicant@approving.test',
    ]);
    const approved = await as(
      owner,
      'post',
      `/organizations/approving/approvals/${waiting.body.data[0].documentId}/approve`
    );
    expect([approved.status, approved.body.data.status]).toEqual([200, 'active']);
  });

  it('never leaves an organization without an admin when two admins remove each other at once', async () => {
    const pair = await createOrganization(app, { name: 'Pair', slug: 'pair' });
    const one = await joinAs('one@pair.test', pair.documentId, 'admin');
    const two = await joinAs('two@pair.test', pair.documentId, 'admin');
    const members = (await as(one, 'get', '/organizations/pair/members')).body.data as {
      documentId: string;
      user: { email: string };
    }[];
    const idOf = (email: string) => members.find((m) => m.user.email === email)!.documentId;
    const answers = await Promise.all([
      as(one, 'delete', `/organizations/pair/members/${idOf('two@pair.test')}`),
      as(two, 'delete', `/organizations/pair/members/${idOf('one@pair.test')}`),
      as(one, 'delete', `/me/organizations/${idOf('one@pair.test')}`),
      as(two, 'delete', `/me/organizations/${idOf('two@pair.test')}`),
    ]);
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    const admins = await app.strapi.db.query('plugin::invitations.membership').count({
      where: { organization: { documentId: pair.documentId }, status: 'active', role: 'admin' },
    });
    expect(admins).toBe(1);
  });
});

describe('my invitations', () => {
  it('lists pending invitations to my confirmed address and accepts or declines them by id', async () => {
    const me = await registerUser(app, 'grace@acme.test');
    const first = await inviteOne(app, 'grace@acme.test', { organization: acme.documentId });
    const second = await inviteOne(app, 'grace@acme.test', { organization: other.documentId });
    const member = { jwt: me.jwt, id: me.id, email: 'grace@acme.test' };
    const mine = await as(member, 'get', '/me/invitations');
    expect(mine.status).toBe(200);
    expect(mine.body.data.map((i: { documentId: string }) => i.documentId).sort()).toEqual(
      [first.id, second.id].sort()
    );
    expect(mine.body.data[0]).toMatchObject({ email: 'grace@acme.test', status: 'pending' });

    // Someone else's invitation is not found by id.
    expect((await as(bob, 'post', `/me/invitations/${first.id}/accept`)).status).toBe(404);
    const accepted = await as(member, 'post', `/me/invitations/${first.id}/accept`);
    expect([accepted.status, accepted.body.organization.slug, accepted.body.membership.status]).toEqual([
      200,
      'acme',
      'active',
    ]);
    const declined = await as(member, 'post', `/me/invitations/${second.id}/decline`).send({ reason: 'not mine' });
    expect([declined.status, declined.body.status]).toEqual([200, 'declined']);
    expect((await as(member, 'get', '/me/invitations')).body.data).toEqual([]);
  });
});
