import jwt from 'jsonwebtoken';
import {
  acceptInvitation,
  asAdmin,
  createOrganization,
  declineInvitation,
  invitationLinkOwners,
  inviteOne as invite,
  previewInvitation,
  registerUser,
  startApp,
  tokenOf,
  type TestApp,
} from './helpers/app';

let app: TestApp;

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  await app?.stop();
});

const createOrg = (body: Record<string, unknown>) => createOrganization(app, body);
const inviteOne = (email: string, body: Record<string, unknown> = {}) => invite(app, email, body);
const accept = (token: string, body: Record<string, unknown> = {}, jwt?: string) =>
  acceptInvitation(app, token, body, jwt);
const statusOf = async (id: string) => (await asAdmin(app, 'get', `/invitations/invitations/${id}`)).body.data.status;
/** The account an invitation's `acceptedBy` names, and how many link rows it has (a to-one: at most one). */
const acceptedByOf = async (documentId: string): Promise<{ email: string | null; links: number }> => {
  const invitation = (await app.strapi.db.query('plugin::invitations.invitation').findOne({
    where: { documentId },
    select: ['id'],
    populate: { acceptedBy: { select: ['email'] } },
  })) as { id: number; acceptedBy: { email: string } | null };
  const links = await invitationLinkOwners(app, 'acceptedBy', [invitation.id]);
  return { email: invitation.acceptedBy?.email ?? null, links: links.length };
};
const myOrganizations = (jwt: string) =>
  app.http.get('/api/invitations/me/organizations').set('Authorization', `Bearer ${jwt}`);

describe('preview', () => {
  it('shows organization, inviter, role, email, expiry and status; unknown tokens are 404', async () => {
    const org = await createOrg({ name: 'Wayne Enterprises' });
    const { token } = await inviteOne('lucius@wayne.test', {
      organization: org.documentId,
      role: 'admin',
      firstName: 'Lucius',
    });
    const res = await previewInvitation(app, token);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      email: 'lucius@wayne.test',
      firstName: 'Lucius',
      role: 'admin',
      status: 'pending',
      organization: { name: 'Wayne Enterprises' },
      inviter: { name: 'Sam Super' },
    });
    expect(JSON.stringify(res.body)).not.toMatch(/tokenHash|documentId/);

    // One character changed in the middle: always a different token (a fixed last character was the
    // same token whenever the real one happened to end with it, about one run in sixteen).
    const altered = `${token.slice(0, 20)}${token[20] === 'A' ? 'B' : 'A'}${token.slice(21)}`;
    for (const bad of ['x'.repeat(43), 'short', altered]) {
      const missing = await previewInvitation(app, bad);
      expect(missing.status).toBe(404);
      expect(missing.body.error.details.code).toBe('INVITATION_NOT_FOUND');
      expect(missing.body.error.message).toMatch(/Check that you copied the whole link/);
    }
  });
});

describe('accept', () => {
  it('registers a new confirmed user and returns { jwt, user } like /api/auth/local/register', async () => {
    const org = await createOrg({ name: 'Stark Industries' });
    const { id, token } = await inviteOne('Pepper@Stark.test', { organization: org.documentId, role: 'admin' });

    const weak = await accept(token, { password: '123' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.message).toMatch(/password needs at least 6 characters/);
    expect(await statusOf(id)).toBe('pending');

    const res = await accept(token, { password: 'Pepper-pass-1' });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ email: 'pepper@stark.test', username: 'pepper@stark.test', confirmed: true });
    expect(res.body.user.password).toBeUndefined();
    expect(res.body.membership).toMatchObject({ status: 'active' });
    expect(res.body.organization).toMatchObject({ name: 'Stark Industries' });

    // The JWT is a real users-permissions session, and the password works for /api/auth/local.
    const me = await app.http.get('/api/users/me').set('Authorization', `Bearer ${res.body.jwt}`);
    expect(me.body.email).toBe('pepper@stark.test');
    const login = await app.http
      .post('/api/auth/local')
      .send({ identifier: 'pepper@stark.test', password: 'Pepper-pass-1' });
    expect(login.status).toBe(200);

    const orgs = await myOrganizations(res.body.jwt);
    expect(orgs.status).toBe(200);
    expect(orgs.body.data).toEqual([
      expect.objectContaining({
        status: 'active',
        role: 'admin',
        organization: expect.objectContaining({ name: 'Stark Industries' }),
      }),
    ]);
    expect(await statusOf(id)).toBe('accepted');

    const reuse = await accept(token, { password: 'Pepper-pass-1' });
    expect(reuse.status).toBe(410);
    expect(reuse.body.error.details.code).toBe('INVITATION_ALREADY_USED');
    const audit = await asAdmin(app, 'get', `/invitations/audit-events?invitation=${id}&action=invitation.accepted`);
    expect(audit.body.results[0]).toMatchObject({
      actorType: 'user',
      actorLabel: 'pepper@stark.test',
      data: { registered: true },
    });
  });

  it('accepts for a signed-in user whose email matches, with pre-assigned teams', async () => {
    const org = await createOrg({ name: 'Cyberdyne' });
    const team = (
      await asAdmin(app, 'post', `/invitations/organizations/${org.documentId}/teams`).send({ name: 'Research' })
    ).body.data;
    const user = await registerUser(app, 'miles@cyberdyne.test');
    const { token } = await inviteOne('MILES@cyberdyne.test', {
      organization: org.documentId,
      teams: [team.documentId],
    });

    const res = await accept(token, {}, user.jwt);
    expect(res.status).toBe(200);
    expect(res.body.jwt).toBeUndefined();
    const orgs = await myOrganizations(user.jwt);
    expect(orgs.body.data[0]).toMatchObject({
      role: 'user',
      teams: [{ name: 'Research' }],
      organization: { name: 'Cyberdyne' },
    });
  });

  it('refuses another signed-in user with EMAIL_MISMATCH and keeps the invitation usable', async () => {
    const intruder = await registerUser(app, 'intruder@else.test');
    const { id, token } = await inviteOne('target@else.test');
    const res = await accept(token, {}, intruder.jwt);
    expect(res.status).toBe(403);
    expect(res.body.error.details.code).toBe('EMAIL_MISMATCH');
    expect(res.body.error.message).toMatch(/sent to t\*\*\*@else\.test, but you are signed in as intruder@else\.test/);
    expect(await statusOf(id)).toBe('pending');
    const ok = await accept(token, { password: 'target-pass' });
    expect(ok.status).toBe(201);
  });

  it('answers ALREADY_MEMBER for a member and leaves the invitation pending', async () => {
    const org = await createOrg({ name: 'Tyrell' });
    const first = await inviteOne('rachael@tyrell.test', { organization: org.documentId });
    const joined = await accept(first.token, { password: 'rachael-pass' });
    expect(joined.status).toBe(201);

    // A member cannot be invited again...
    const again = await asAdmin(app, 'post', '/invitations/invitations').send({
      emails: 'rachael@tyrell.test',
      organization: org.documentId,
    });
    expect(again.body.results[0].result).toBe('already_member');

    // ...and an invitation created before she joined cannot make her a member twice. (Created past
    // admission, as one made before she joined would be.)
    const plugin = app.strapi.plugin('invitations');
    const organization = await plugin.service('organization').findByRef(org.documentId);
    const pendingKey = `${org.documentId}:rachael@tyrell.test`;
    const draft = {
      email: 'rachael@tyrell.test',
      organization,
      teams: [],
      role: 'user',
      expiresAt: new Date(Date.now() + 3_600_000),
      firstName: null,
      lastName: null,
      partnerName: null,
      customFields: null,
      pendingKey,
    };
    const { created } = await plugin
      .service('invitation')
      .create([draft], { actor: { type: 'system' }, source: 'api', perInvitationEvents: true });
    const second = await plugin.service('invitation-store').findByDocumentId(created.get(pendingKey).documentId);
    const link = await plugin.service('invitation').acceptLink(second);
    const res = await accept(tokenOf(link), {}, joined.body.jwt);
    expect(res.status).toBe(409);
    expect(res.body.error.details.code).toBe('ALREADY_MEMBER');
    expect(await statusOf(second.documentId)).toBe('pending');
  });

  it('refuses to register over an existing account', async () => {
    await registerUser(app, 'exists@acct.test');
    const org = await createOrg({ name: 'Existing Accounts Inc' });
    const { id, token } = await inviteOne('exists@acct.test', { organization: org.documentId });
    const res = await accept(token, { password: 'another-pass' });
    expect(res.status).toBe(409);
    expect(res.body.error.details.code).toBe('ACCOUNT_EXISTS');
    expect(res.body.error.message).toMatch(/sign in, then accept/);
    expect(await statusOf(id)).toBe('pending');
  });

  it('answers 410 with the reason for expired and revoked invitations', async () => {
    const expired = await inviteOne('late@codes.test');
    await app.strapi.db
      .query('plugin::invitations.invitation')
      .update({ where: { documentId: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const e = await accept(expired.token, { password: 'late-pass' });
    expect([e.status, e.body.error.details.code]).toEqual([410, 'INVITATION_EXPIRED']);
    expect(e.body.error.message).toMatch(/Ask the person who invited you to send a new one/);

    const revoked = await inviteOne('gone@codes.test');
    await asAdmin(app, 'post', '/invitations/invitations/revoke').send({ ids: [revoked.id], reason: 'wrong_email' });
    const r = await accept(revoked.token, { password: 'gone-pass' });
    expect([r.status, r.body.error.details.code]).toEqual([410, 'INVITATION_REVOKED']);
    const d = await declineInvitation(app, revoked.token);
    expect([d.status, d.body.error.details.code]).toEqual([410, 'INVITATION_REVOKED']);
  });

  it('rejects a bad JWT with 401 rather than treating the caller as anonymous', async () => {
    const { id, token } = await inviteOne('jwt@codes.test');
    const res = await accept(token, { password: 'jwt-pass-1' }, 'not.a.jwt');
    expect(res.status).toBe(401);
    expect(res.body.error.details.code).toBe('UNAUTHENTICATED');
    expect(await statusOf(id)).toBe('pending');
  });

  it('verifies a JWT as users-permissions does, in its refresh and legacy modes: forged ones are 401', async () => {
    const user = await registerUser(app, 'verify@codes.test');
    const secret = app.strapi.config.get<string>('plugin::users-permissions.jwtSecret');
    const now = Math.floor(Date.now() / 1000);
    const unsigned = (payload: object) =>
      `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(
        JSON.stringify(payload)
      ).toString('base64url')}.`;
    const org = await createOrg({ name: 'Verify Works' });
    const { id, token } = await inviteOne('verify@codes.test', { organization: org.documentId });
    const refusedAll = async (forgeries: Record<string, string>) => {
      for (const [what, forged] of Object.entries(forgeries)) {
        const res = await accept(token, {}, forged);
        expect([what, res.status, res.body.error?.details?.code]).toEqual([what, 401, 'UNAUTHENTICATED']);
      }
      expect(await statusOf(id)).toBe('pending');
    };

    // The playground's mode, refresh: access tokens of the session manager only.
    const access = { userId: String(user.id), sessionId: 'a-session', type: 'access' };
    await refusedAll({
      'another secret': jwt.sign(access, 'not-the-secret'),
      expired: jwt.sign({ ...access, iat: now - 7200, exp: now - 3600 }, secret),
      'another algorithm': jwt.sign(access, secret, { algorithm: 'HS512' }),
      unsigned: unsigned(access),
      'a refresh token': jwt.sign({ ...access, type: 'refresh' }, secret),
      'a legacy token': jwt.sign({ id: user.id }, secret),
      'no such user': jwt.sign({ ...access, userId: '987654' }, secret),
    });

    // Legacy mode: tokens signed with the secret and carrying the id.
    app.strapi.config.set('plugin::users-permissions.jwtManagement', 'legacy-support');
    try {
      await refusedAll({
        'another secret': jwt.sign({ id: user.id }, 'not-the-secret'),
        expired: jwt.sign({ id: user.id, iat: now - 7200, exp: now - 3600 }, secret),
        unsigned: unsigned({ id: user.id }),
        'an access token of refresh mode': user.jwt,
      });
      const legacy = jwt.sign({ id: user.id }, secret, { expiresIn: '1h' });
      // A blocked account cannot act with a JWT it was given before.
      const users = app.strapi.db.query('plugin::users-permissions.user');
      await users.update({ where: { id: user.id }, data: { blocked: true } });
      expect((await accept(token, {}, legacy)).status).toBe(401);
      await users.update({ where: { id: user.id }, data: { blocked: false } });
      expect((await accept(token, {}, legacy)).status).toBe(200);
      expect(await statusOf(id)).toBe('accepted');
    } finally {
      app.strapi.config.set('plugin::users-permissions.jwtManagement', 'refresh');
    }
    // And in refresh mode the session's own access token accepts (another invitation).
    const second = await createOrg({ name: 'Verify Works Two' });
    const again = await inviteOne('verify@codes.test', { organization: second.documentId });
    expect((await accept(again.token, {}, user.jwt)).status).toBe(200);
  });

  it('gives a pending membership when the organization approves members', async () => {
    const org = await createOrg({ name: 'Soylent', onboarding: 'approval' });
    const { token } = await inviteOne('sol@soylent.test', { organization: org.documentId });
    const res = await accept(token, { password: 'soylent-pass' });
    expect(res.status).toBe(201);
    expect(res.body.membership.status).toBe('pending');
    const orgs = await myOrganizations(res.body.jwt);
    expect(orgs.body.data[0]).toMatchObject({ status: 'pending', joinedAt: null, organization: { name: 'Soylent' } });
  });

  it('makes exactly one membership out of 50 parallel accepts of one invitation', async () => {
    const org = await createOrg({ name: 'Race Co' });
    const user = await registerUser(app, 'racer@race.test');
    const { id, token } = await inviteOne('racer@race.test', { organization: org.documentId });
    const results = await Promise.all(Array.from({ length: 50 }, () => accept(token, {}, user.jwt)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    // The winner alone linked the invitation to its account: the losers' links rolled back with them.
    expect(await acceptedByOf(id)).toEqual({ email: 'racer@race.test', links: 1 });
    // Every other call is told why: already used, or (if it read after the winner committed) already a member.
    expect(
      results
        .filter((r) => r.status !== 200)
        .every((r) => ['INVITATION_ALREADY_USED', 'ALREADY_MEMBER'].includes(r.body.error.details.code))
    ).toBe(true);
    const memberships = await app.strapi.db
      .query('plugin::invitations.membership')
      .count({ where: { organization: { documentId: org.documentId } } });
    expect(memberships).toBe(1);
    expect(await statusOf(id)).toBe('accepted');
    const accepted = await asAdmin(app, 'get', `/invitations/audit-events?invitation=${id}&action=invitation.accepted`);
    expect(accepted.body.pagination.total).toBe(1);
  });

  it('accepts 20 different invitations at the same moment, each by its own signed-in user', async () => {
    // Many people accepting at once must not lock each other out: on MySQL/MariaDB a DELETE of the
    // accepted-by link by the invitation's column locked gaps, and such accepts deadlocked.
    const org = await createOrg({ name: 'Crowd Co' });
    const people = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const email = `crowd${i}@crowd.test`;
        const user = await registerUser(app, email);
        const { id, token } = await inviteOne(email, { organization: org.documentId });
        return { id, email, token, jwt: user.jwt };
      })
    );
    const results = await Promise.all(people.map(({ token, jwt }) => accept(token, {}, jwt)));
    expect(results.map((r) => r.status)).toEqual(people.map(() => 200));
    for (const { id, email } of people) {
      expect(await statusOf(id)).toBe('accepted');
      expect(await acceptedByOf(id)).toEqual({ email, links: 1 });
    }
    const members = await asAdmin(app, 'get', `/invitations/organizations/${org.documentId}/members`);
    expect(members.body.pagination.total).toBe(20);
  });

  it('makes exactly one account out of 20 parallel anonymous accepts', async () => {
    const { token } = await inviteOne('newbie@race.test');
    const results = await Promise.all(Array.from({ length: 20 }, () => accept(token, { password: 'newbie-pass' })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(
      await app.strapi.db.query('plugin::users-permissions.user').count({ where: { email: 'newbie@race.test' } })
    ).toBe(1);
  });
});

describe('decline', () => {
  it('declines with an optional reason, once', async () => {
    const { id, token } = await inviteOne('nope@decline.test');
    const res = await declineInvitation(app, token, { reason: 'Not interested' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('declined');
    const inv = (await asAdmin(app, 'get', `/invitations/invitations/${id}`)).body.data;
    expect(inv).toMatchObject({ status: 'declined', declineReason: 'Not interested' });
    const again = await declineInvitation(app, token);
    expect([again.status, again.body.error.details.code]).toEqual([410, 'INVITATION_ALREADY_USED']);
    const audit = await asAdmin(app, 'get', `/invitations/audit-events?invitation=${id}&action=invitation.declined`);
    expect(audit.body.results[0]).toMatchObject({ actorType: 'invitee', data: { reason: 'Not interested' } });
  });
});

describe('me/organizations', () => {
  it('needs a signed-in user', async () => {
    const anonymous = await app.http.get('/api/invitations/me/organizations');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.details.code).toBe('UNAUTHENTICATED');
    const bad = await myOrganizations('garbage');
    expect(bad.status).toBe(401);
  });

  it('lists every organization of a member of several', async () => {
    const a = await createOrg({ name: 'Alpha' });
    const b = await createOrg({ name: 'Beta' });
    const first = await inviteOne('multi@orgs.test', { organization: a.documentId, role: 'admin' });
    const joined = await accept(first.token, { password: 'multi-pass' });
    const second = await inviteOne('multi@orgs.test', { organization: b.documentId, role: 'viewer' });
    expect((await accept(second.token, {}, joined.body.jwt)).status).toBe(200);
    const orgs = await myOrganizations(joined.body.jwt);
    expect(
      orgs.body.data.map((m: { organization: { name: string }; role: string }) => [m.organization.name, m.role])
    ).toEqual([
      ['Alpha', 'admin'],
      ['Beta', 'viewer'],
    ]);
  });
});
