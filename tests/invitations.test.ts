import {
  acceptInvitation,
  asAdmin,
  createAdmin,
  createOrganization,
  previewInvitation,
  startApp,
  tokenOf,
  type TestApp,
} from './helpers/app';
import { LIST_COUNT_LIMIT } from '../shared/contracts';

let app: TestApp;

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  await app?.stop();
});

const invite = (body: Record<string, unknown>, jwt?: string) =>
  asAdmin(app, 'post', '/invitations/invitations', jwt).send(body);
const createOrg = async (body: Record<string, unknown>) => {
  const res = await asAdmin(app, 'post', '/invitations/organizations').send(body);
  expect(res.status).toBe(201);
  return res.body.data as { documentId: string; slug: string; name: string };
};
const auditOf = async (invitation: string) => {
  const res = await asAdmin(app, 'get', `/invitations/audit-events?invitation=${invitation}&pageSize=100`);
  expect(res.status).toBe(200);
  return (res.body.results as { action: string; actorType: string; data: Record<string, unknown> }[])
    .map((e) => e.action)
    .sort();
};
/** Invites one address and answers the new invitation's documentId. */
const one = async (email: string) => (await invite({ emails: email })).body.results[0].invitation.documentId as string;
/** Moves an invitation's expiry into the past, as time passing would. */
const backdate = (documentId: string) =>
  app.strapi.db
    .query('plugin::invitations.invitation')
    .update({ where: { documentId }, data: { expiresAt: new Date(Date.now() - 60_000) } });
/** Invites `emails` and makes their invitations overdue; answers their documentIds. */
const overdue = async (emails: string): Promise<string[]> => {
  const res = await invite({ emails });
  const ids = res.body.results.map((r: { invitation: { documentId: string } }) => r.invitation.documentId) as string[];
  for (const id of ids) await backdate(id);
  return ids;
};

describe('inviting', () => {
  it('accepts one pasted string, de-duplicates case-insensitively and answers one result per email', async () => {
    const res = await invite({
      emails: 'Ann@Example.com, bob@example.com;\n ann@example.com  not-an-email\tcarl@example.com',
    });
    expect(res.status).toBe(201);
    expect(res.body.results.map((r: { input: string; result: string }) => [r.input, r.result])).toEqual([
      ['Ann@Example.com', 'created'],
      ['bob@example.com', 'created'],
      ['ann@example.com', 'duplicate'],
      ['not-an-email', 'invalid_email'],
      ['carl@example.com', 'created'],
    ]);
    expect(res.body.summary).toEqual({ created: 3, duplicate: 1, invalid_email: 1 });
    const created = res.body.results[0];
    expect(created.email).toBe('ann@example.com');
    expect(created.invitation).toMatchObject({
      email: 'ann@example.com',
      status: 'pending',
      role: 'user',
      source: 'manual',
    });
    expect(created.invitation.invitedBy).toMatchObject({ email: 'super@tests.local', name: 'Sam Super' });
    // No secret ever leaves the server except through the copy-link route.
    expect(JSON.stringify(res.body)).not.toMatch(/tokenHash|tokenNonce|pendingKey|token=/);
  });

  it('refuses an address that already has a pending invitation, in any case', async () => {
    const res = await invite({ emails: ['BOB@example.com'] });
    expect(res.status).toBe(200);
    expect(res.body.results[0]).toMatchObject({ result: 'already_invited', email: 'bob@example.com' });
    expect(res.body.results[0].message).toMatch(/pending invitation/);
  });

  it('applies role, organization, teams, names, partner and custom fields, and expires in 7 days by default', async () => {
    const fields = { invitation: [{ key: 'region', label: 'Region', type: 'text', required: false }], application: [] };
    expect((await asAdmin(app, 'put', '/invitations/settings').send({ fields })).status).toBe(200);
    const org = await createOrg({ name: 'Globex', allowedDomains: ['globex.com'] });
    const team = (
      await asAdmin(app, 'post', `/invitations/organizations/${org.documentId}/teams`).send({ name: 'Sales' })
    ).body.data;
    const res = await invite({
      emails: ['dana@globex.com'],
      role: 'admin',
      organization: org.slug,
      teams: [team.documentId],
      firstName: 'Dana',
      lastName: 'Scully',
      partnerName: 'Globex EU',
      customFields: { region: 'EU' },
    });
    expect(res.status).toBe(201);
    const inv = res.body.results[0].invitation;
    expect(inv).toMatchObject({
      role: 'admin',
      firstName: 'Dana',
      lastName: 'Scully',
      partnerName: 'Globex EU',
      customFields: { region: 'EU' },
      organization: { documentId: org.documentId, name: 'Globex' },
      teams: [{ documentId: team.documentId, name: 'Sales' }],
    });
    const days = (new Date(inv.expiresAt).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
    const none = { invitation: [], application: [] };
    expect((await asAdmin(app, 'put', '/invitations/settings').send({ fields: none })).status).toBe(200);
  });

  it('enforces allowed domains with a clear per-email result', async () => {
    const org = await createOrg({ name: 'Initech', allowedDomains: ['initech.com'] });
    const res = await invite({
      emails: 'peter@initech.com, milton@gmail.com, bill@eu.initech.com',
      organization: org.documentId,
    });
    expect(res.body.results.map((r: { result: string }) => r.result)).toEqual([
      'created',
      'domain_not_allowed',
      'created',
    ]);
    expect(res.body.results[1].message).toMatch(
      /gmail\.com is not an allowed domain of Initech: allowed are initech\.com/
    );
  });

  it('enforces the pending limit, counting only pending invitations', async () => {
    const org = await createOrg({ name: 'Hooli', pendingLimit: 2 });
    const res = await invite({ emails: 'a@hooli.com b@hooli.com c@hooli.com', organization: org.documentId });
    expect(res.body.results.map((r: { result: string }) => r.result)).toEqual(['created', 'created', 'limit_reached']);
    expect(res.body.results[2].message).toMatch(/limit of 2 pending invitations/);
  });

  it('expresses 48 hours per invite and per organization', async () => {
    const perInvite = await invite({ emails: 'short@example.com', expiresInHours: 48 });
    const hours = (new Date(perInvite.body.results[0].invitation.expiresAt).getTime() - Date.now()) / 3_600_000;
    expect(Math.round(hours)).toBe(48);

    const org = await createOrg({ name: 'Karhoo', expiresInHours: 48 });
    const perOrg = await invite({ emails: 'driver@karhoo.com', organization: org.documentId });
    const orgHours = (new Date(perOrg.body.results[0].invitation.expiresAt).getTime() - Date.now()) / 3_600_000;
    expect(Math.round(orgHours)).toBe(48);
  });

  it('rejects bad input with specific errors and writes nothing', async () => {
    const before = await app.strapi.db.query('plugin::invitations.invitation').count();
    const cases: [Record<string, unknown>, number, string, RegExp][] = [
      [
        { emails: 'x@example.com', role: 'owner' },
        400,
        'UNKNOWN_ROLE',
        /"owner" is not a role of this portal: use one of admin, user, viewer/,
      ],
      [
        { emails: 'x@example.com', organization: 'nope' },
        400,
        'UNKNOWN_ORGANIZATION',
        /No organization has the id or slug "nope"/,
      ],
      [{ emails: '' }, 400, 'VALIDATION_ERROR', /emails is empty/],
      [{}, 400, 'VALIDATION_ERROR', /emails is required/],
      [{ emails: 'x@example.com', expiresInHours: 0 }, 400, 'VALIDATION_ERROR', /expiresInHours must be at least 1/],
      [
        { emails: [1, 2] },
        400,
        'VALIDATION_ERROR',
        /emails\[0\]: each address is a string or \{ email, role\?, teams\? \}/,
      ],
      [
        { emails: [{ email: 'x@example.com', admin: true }] },
        400,
        'VALIDATION_ERROR',
        /emails\[0\]: "admin" is not a property/,
      ],
      [
        { emails: 'x@example.com', customFields: { region: 'EU' } },
        400,
        'VALIDATION_ERROR',
        /"region" is not a field of this portal: it defines none/,
      ],
      [{ emails: 'x@example.com', teams: ['t1'] }, 400, 'UNKNOWN_TEAM', /Teams belong to an organization/],
    ];
    for (const [body, status, code, message] of cases) {
      const res = await invite(body);
      expect({ body, status: res.status, code: res.body.error?.details?.code }).toEqual({ body, status, code });
      expect(res.body.error.message).toMatch(message);
    }
    const tooMany = await invite({ emails: Array.from({ length: 501 }, (_, i) => `bulk${i}@example.com`) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details).toMatchObject({ code: 'TOO_MANY_EMAILS', count: 501, limit: 500 });
    expect(await app.strapi.db.query('plugin::invitations.invitation').count()).toBe(before);
  });
});

describe('listing', () => {
  it('filters by status, searches email and names, filters by organization, paginates and sorts', async () => {
    const all = await asAdmin(app, 'get', '/invitations/invitations?pageSize=100');
    expect(all.status).toBe(200);
    const total = all.body.pagination.total;
    expect(total).toBeGreaterThanOrEqual(9);

    const search = await asAdmin(app, 'get', '/invitations/invitations?search=scully');
    expect(search.body.results.map((r: { email: string }) => r.email)).toEqual(['dana@globex.com']);

    const byOrg = await asAdmin(app, 'get', '/invitations/invitations?organization=hooli');
    expect(byOrg.body.results.map((r: { email: string }) => r.email).sort()).toEqual(['a@hooli.com', 'b@hooli.com']);
    // The slug as typed in any case, as everywhere else an organization is named; an unknown one lists nothing.
    const bySlugCase = await asAdmin(app, 'get', '/invitations/invitations?organization=HOOLI');
    expect(bySlugCase.body.pagination.total).toBe(2);
    const unknown = await asAdmin(app, 'get', '/invitations/invitations?organization=no-such-org');
    expect(unknown.body).toMatchObject({ results: [], pagination: { total: 0 } });
    // LIKE's wildcards in a search are matched literally.
    const wildcard = await asAdmin(app, 'get', '/invitations/invitations?search=%25');
    expect(wildcard.body.pagination.total).toBe(0);
    const underscore = await asAdmin(app, 'get', '/invitations/invitations?search=a_hooli');
    expect(underscore.body.pagination.total).toBe(0);

    const paged = await asAdmin(app, 'get', '/invitations/invitations?page=2&pageSize=3&sort=email:asc');
    expect(paged.body.pagination).toMatchObject({ page: 2, pageSize: 3, total });
    const emails = (await asAdmin(app, 'get', '/invitations/invitations?pageSize=100&sort=email:asc')).body.results.map(
      (r: { email: string }) => r.email
    );
    expect(paged.body.results.map((r: { email: string }) => r.email)).toEqual(emails.slice(3, 6));
    expect([...emails].sort()).toEqual(emails);

    const pending = await asAdmin(app, 'get', '/invitations/invitations?status=pending&pageSize=100');
    expect(pending.body.pagination.total).toBe(total);

    const bad = await asAdmin(app, 'get', '/invitations/invitations?status=sent&sort=password:asc');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.code).toBe('VALIDATION_ERROR');
    expect(bad.body.error.message).toMatch(/status must be one of pending, accepted, declined, expired, revoked/);
    expect(bad.body.error.message).toMatch(/sort must look like "createdAt:desc"/);
  });
});

describe('counting a long list', () => {
  it('stops counting past LIST_COUNT_LIMIT and says so, exact again below it or when the page asked is further', async () => {
    const limit = LIST_COUNT_LIMIT;
    const invitations = app.strapi.db.query('plugin::invitations.invitation');
    const expiresAt = new Date(Date.now() + 86_400_000);
    // Revoked ones of their own domain: no other test's list or count sees them, and they are removed after.
    const rows = Array.from({ length: limit + 1 }, (_, i) => ({
      email: `n${i}@count-limit.test`,
      status: 'revoked',
      expiresAt,
      tokenHash: `count-limit-${i}`,
    }));
    for (let i = 0; i < rows.length; i += 500) await invitations.createMany({ data: rows.slice(i, i + 500) });
    const list = async (query: string) => {
      const res = await asAdmin(app, 'get', `/invitations/invitations?status=revoked&search=count-limit.test&${query}`);
      expect(res.status).toBe(200);
      return res.body as { results: { email: string }[]; pagination: Record<string, unknown> };
    };
    try {
      // One past the limit: the count stops there, the panel says "more than", and "next" is known.
      expect((await list('pageSize=20')).pagination).toEqual({
        page: 1,
        pageSize: 20,
        total: limit,
        totalCapped: true,
        pageCount: Math.ceil((limit + 1) / 20),
      });
      // A page further than the limit is counted up to itself: there, the count is exact again.
      const last = await list('pageSize=20&page=501&sort=email:asc');
      expect(last.pagination).toEqual({ page: 501, pageSize: 20, total: limit + 1, pageCount: 501 });
      expect(last.results).toHaveLength(1);
      await invitations.delete({ where: { email: 'n0@count-limit.test' } });
      expect((await list('pageSize=20')).pagination).toEqual({ page: 1, pageSize: 20, total: limit, pageCount: 500 });
    } finally {
      await invitations.deleteMany({ where: { email: { $endsWith: '@count-limit.test' } } });
    }
    expect((await list('pageSize=20')).pagination.total).toBe(0);
  });
});

describe('search', () => {
  const found = async (term: string): Promise<string[]> =>
    (
      (await asAdmin(app, 'get', `/invitations/invitations?pageSize=100&search=${encodeURIComponent(term)}`)).body
        .results as { email: string }[]
    )
      .map((r) => r.email)
      .sort();
  const client = () => app.strapi.db.dialect.client;

  it('finds a part of an email, a first, last or partner name, in any case, with % and _ taken literally', async () => {
    await invite({
      emails: ['zoe.quartermaine@search.test'],
      firstName: 'Zoë',
      lastName: 'Vantablack',
    });
    await invite({ emails: ['odd_50%@search.test'], partnerName: 'Umbrella Quokka' });
    expect(await found('QUARTERMAINE')).toEqual(['zoe.quartermaine@search.test']);
    expect(await found('antabla')).toEqual(['zoe.quartermaine@search.test']);
    expect(await found('zoë')).toEqual(['zoe.quartermaine@search.test']);
    expect(await found('quokka')).toEqual(['odd_50%@search.test']);
    expect(await found('d_50%')).toEqual(['odd_50%@search.test']);
    expect(await found('d_5x')).toEqual([]);
    expect(await found('e_q')).toEqual([]);
    // Under three characters there is no trigram to look up: the scan answers, with the same meaning.
    expect(await found('%@')).toEqual(['odd_50%@search.test']);
    expect(await found('zz')).toEqual([]);
    // The search narrows the other filters, which keep their meaning.
    const pending = await asAdmin(app, 'get', '/invitations/invitations?status=pending&search=quartermaine');
    expect(pending.body.pagination.total).toBe(1);
    const accepted = await asAdmin(app, 'get', '/invitations/invitations?status=accepted&search=quartermaine');
    expect(accepted.body.pagination.total).toBe(0);
  });

  it('keeps up with every write: rows written by other code, changed names, deleted rows', async () => {
    const invitations = app.strapi.db.query('plugin::invitations.invitation');
    // Written through the query engine, not the plugin's store: the index is kept by the database.
    const written = await invitations.create({
      data: {
        email: 'engine.written@search.test',
        lastName: 'Outsider',
        status: 'pending',
        expiresAt: new Date(Date.now() + 86_400_000),
        tokenHash: `search-${Date.now()}`,
        pendingKey: '-:engine.written@search.test',
      },
    });
    expect(await found('outsider')).toEqual(['engine.written@search.test']);
    await invitations.update({ where: { id: written.id }, data: { lastName: 'Insider' } });
    expect(await found('outsider')).toEqual([]);
    expect(await found('insider')).toEqual(['engine.written@search.test']);
    await invitations.delete({ where: { id: written.id } });
    expect(await found('insider')).toEqual([]);
  });

  it('is completed at start when a trigger went missing (as when a schema change rebuilds the table)', async () => {
    if (client() !== 'sqlite' && client() !== 'postgres') {
      // MySQL/MariaDB have no index: the scan always answers (the first test proves its meaning).
      expect(await found('quartermaine')).toEqual(['zoe.quartermaine@search.test']);
      return;
    }
    const knex = app.strapi.db.connection;
    const schema = app.strapi.db.getSchemaName();
    const table = schema ? `"${schema}".invitations_invitations` : 'invitations_invitations';
    await knex.raw(
      client() === 'sqlite'
        ? 'drop trigger invitations_invitations_search_insert'
        : `drop trigger invitations_invitations_search_insert on ${table}`
    );
    await invite({ emails: ['unindexed.meanwhile@search.test'] });
    // Written while the trigger was missing: the index does not know it (the list misses it) …
    expect(await found('unindexed')).toEqual([]);
    await app.strapi.plugin('invitations').service('invitation-store').ensureSearchIndex();
    // … until the start's check rebuilds it.
    expect(await found('unindexed')).toEqual(['unindexed.meanwhile@search.test']);
    await invite({ emails: ['indexed.again@search.test'] });
    expect(await found('indexed.again')).toEqual(['indexed.again@search.test']);
  });
});

describe('lifecycle', () => {
  it('copies the same working link until the invitation is revoked', async () => {
    const id = await one('link@example.com');
    const first = await asAdmin(app, 'get', `/invitations/invitations/${id}/link`);
    expect(first.status).toBe(200);
    expect(first.headers['cache-control']).toBe('no-store');
    const link = first.body.data.link as string;
    // The playground's accept URL ends in `#`: the token rides in the fragment, which no server logs.
    expect(link.startsWith('http://localhost:1337/portal/accept-invitation#token=')).toBe(true);
    // 32 bytes of HMAC in base64url: 256 bits.
    expect(tokenOf(link)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const again = await asAdmin(app, 'get', `/invitations/invitations/${id}/link`);
    expect(again.body.data.link).toBe(link);

    // Only the hash is stored; the link cannot be read back out of the database.
    const row = await app.strapi.db.query('plugin::invitations.invitation').findOne({ where: { documentId: id } });
    expect(JSON.stringify(row)).not.toContain(tokenOf(link));
    expect(row.tokenHash).toMatch(/^[a-f0-9]{64}$/);

    expect((await previewInvitation(app, tokenOf(link))).body.data.status).toBe('pending');
    const revoked = await asAdmin(app, 'post', '/invitations/invitations/revoke').send({
      ids: [id],
      reason: 'wrong_email',
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body.data[0]).toMatchObject({ status: 'revoked', revokeReason: 'wrong_email' });
    const dead = await acceptInvitation(app, tokenOf(link), { password: 'whatever1' });
    expect(dead.status).toBe(410);
    expect(dead.body.error.details.code).toBe('INVITATION_REVOKED');
    const noLink = await asAdmin(app, 'get', `/invitations/invitations/${id}/link`);
    expect(noLink.status).toBe(400);
    expect(noLink.body.error.details).toMatchObject({ code: 'INVALID_TRANSITION', status: 'revoked' });
    expect(await auditOf(id)).toEqual(
      expect.arrayContaining(['invitation.created', 'invitation.link_copied', 'invitation.revoked'])
    );
  });

  it('resends a pending invitation with the same link, and refuses other statuses', async () => {
    const id = await one('resend@example.com');
    const before = (await asAdmin(app, 'get', `/invitations/invitations/${id}/link`)).body.data.link;
    const res = await asAdmin(app, 'post', `/invitations/invitations/${id}/resend`);
    expect(res.status).toBe(200);
    expect(res.body.data.status).toBe('pending');
    expect((await asAdmin(app, 'get', `/invitations/invitations/${id}/link`)).body.data.link).toBe(before);
    expect(await auditOf(id)).toContain('invitation.resent');

    await backdate(id);
    const expired = await asAdmin(app, 'post', `/invitations/invitations/${id}/resend`);
    expect(expired.status).toBe(400);
    expect(expired.body.error.details).toMatchObject({ code: 'INVALID_TRANSITION', status: 'expired' });
    expect(expired.body.error.message).toMatch(/Use "Send new invitation"/);
    // Acting on it settled the overdue invitation: it is expired in the database and audited.
    expect(await auditOf(id)).toContain('invitation.expired');
  });

  it('revokes many with one reason; "other" needs a note; final invitations cannot be revoked', async () => {
    const ids = [await one('r1@example.com'), await one('r2@example.com')];
    const noNote = await asAdmin(app, 'post', '/invitations/invitations/revoke').send({ ids, reason: 'other' });
    expect(noNote.status).toBe(400);
    expect(noNote.body.error.details.code).toBe('REVOKE_NOTE_REQUIRED');
    const badReason = await asAdmin(app, 'post', '/invitations/invitations/revoke').send({ ids, reason: 'bored' });
    expect(badReason.body.error.details.code).toBe('REVOKE_REASON_INVALID');
    expect(badReason.body.error.message).toMatch(
      /use one of sent_by_mistake, wrong_email, wrong_role, no_longer_needed, other/
    );

    const ok = await asAdmin(app, 'post', '/invitations/invitations/revoke').send({
      ids,
      reason: 'other',
      note: 'Partner left the program',
    });
    expect(ok.status).toBe(200);
    expect(ok.body.data.map((i: { status: string; revokeNote: string }) => [i.status, i.revokeNote])).toEqual([
      ['revoked', 'Partner left the program'],
      ['revoked', 'Partner left the program'],
    ]);

    const fresh = await one('r3@example.com');
    const again = await asAdmin(app, 'post', '/invitations/invitations/revoke').send({
      ids: [fresh, ids[0]],
      reason: 'wrong_role',
    });
    expect(again.status).toBe(400);
    expect(again.body.error.details.code).toBe('INVALID_TRANSITION');
    expect(again.body.error.message).toMatch(/r1@example.com is revoked.*Nothing was revoked/);
    // All or nothing: the pending one in the same request was left alone.
    expect((await asAdmin(app, 'get', `/invitations/invitations/${fresh}`)).body.data.status).toBe('pending');

    const unknown = await asAdmin(app, 'post', '/invitations/invitations/revoke').send({
      ids: ['doesnotexist'],
      reason: 'wrong_role',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.details.code).toBe('INVITATION_NOT_FOUND');

    // A revoked address can be invited again.
    const reinvite = await invite({ emails: 'r1@example.com' });
    expect(reinvite.body.results[0].result).toBe('created');
  });

  it('sends a new invitation only for an expired one, linked to the old, with a new link', async () => {
    const id = await one('renew@example.com');
    const pending = await asAdmin(app, 'post', `/invitations/invitations/${id}/reissue`);
    expect(pending.status).toBe(400);
    expect(pending.body.error.message).toMatch(/still valid: resend it or copy its link/);

    const oldLink = (await asAdmin(app, 'get', `/invitations/invitations/${id}/link`)).body.data.link;
    await backdate(id);
    const res = await asAdmin(app, 'post', `/invitations/invitations/${id}/reissue`);
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ email: 'renew@example.com', status: 'pending', reissuedFrom: id });
    const newLink = (await asAdmin(app, 'get', `/invitations/invitations/${res.body.data.documentId}/link`)).body.data
      .link;
    expect(newLink).not.toBe(oldLink);
    // The old link tells only that it expired, not whom it was for.
    const old = await previewInvitation(app, tokenOf(oldLink));
    expect([old.status, old.body.error.details]).toEqual([410, { code: 'INVITATION_EXPIRED', status: 'expired' }]);
    expect(JSON.stringify(old.body)).not.toContain('@');
    expect(await auditOf(res.body.data.documentId)).toContain('invitation.reissued');
  });
});

describe('expiry', () => {
  it('invites an address again once its invitation is overdue: the old one is expired and audited first', async () => {
    const first = await one('again@example.com');
    await backdate(first);
    const res = await invite({ emails: 'again@example.com', firstName: 'Ann' });
    expect(res.body.results[0]).toMatchObject({
      result: 'created',
      invitation: { email: 'again@example.com', firstName: 'Ann', status: 'pending' },
    });
    expect(res.body.results[0].invitation.documentId).not.toBe(first);
    const old = await app.strapi.db.query('plugin::invitations.invitation').findOne({ where: { documentId: first } });
    expect({ status: old.status, pendingKey: old.pendingKey }).toEqual({ status: 'expired', pendingKey: null });
    expect(await auditOf(first)).toContain('invitation.expired');
    expect(await auditOf(res.body.results[0].invitation.documentId)).toEqual(['invitation.created']);
  });

  it('reads an overdue invitation as expired before the task runs; a status filter expires the overdue first', async () => {
    const ids = await overdue('old1@example.com old2@example.com old3@example.com');
    const statuses = async () =>
      (
        await app.strapi.db
          .query('plugin::invitations.invitation')
          .findMany({ where: { documentId: { $in: ids } }, orderBy: { id: 'asc' } })
      ).map((r: { status: string; pendingKey: string | null }) => [r.status, r.pendingKey]);
    const stored = await statuses();

    // Unfiltered, and through the store's own filters (which account for the expiry), nothing is written.
    const listed = await asAdmin(app, 'get', '/invitations/invitations?search=old&pageSize=100');
    expect(listed.body.results.map((r: { status: string }) => r.status)).toEqual(['expired', 'expired', 'expired']);
    const store = app.strapi.plugin('invitations').service('invitation-store');
    const page = { search: 'old', page: 1, pageSize: 100, sort: 'createdAt:desc' };
    expect((await store.list({ ...page, status: 'expired' })).pagination.total).toBe(3);
    expect((await store.list({ ...page, status: 'pending' })).pagination.total).toBe(0);
    expect(await statuses()).toEqual(stored);
    expect(stored.every(([status]) => status === 'pending')).toBe(true);

    // Filtering by status expires (and audits) what is overdue first, as the task would.
    const expiredList = await asAdmin(app, 'get', '/invitations/invitations?status=expired&search=old&pageSize=100');
    expect(expiredList.body.results.map((r: { status: string }) => r.status)).toEqual([
      'expired',
      'expired',
      'expired',
    ]);
    const stillPending = await asAdmin(app, 'get', '/invitations/invitations?status=pending&search=old');
    expect(stillPending.body.pagination.total).toBe(0);
    expect(await statuses()).toEqual([
      ['expired', null],
      ['expired', null],
      ['expired', null],
    ]);
    for (const id of ids)
      expect((await auditOf(id)).filter((action) => action === 'invitation.expired')).toHaveLength(1);
    // The task, run afterwards, finds nothing left and audits nothing twice.
    expect(await app.strapi.plugin('invitations').service('expire-invitations').run()).toBe(0);
  });

  it('expires all overdue invitations in one pass of the task', async () => {
    const ids = await overdue('task1@example.com task2@example.com');
    expect(await app.strapi.plugin('invitations').service('expire-invitations').run()).toBe(2);
    const after = await app.strapi.db
      .query('plugin::invitations.invitation')
      .findMany({ where: { documentId: { $in: ids } } });
    expect(after.map((r: { status: string; pendingKey: string | null }) => [r.status, r.pendingKey])).toEqual([
      ['expired', null],
      ['expired', null],
    ]);
    for (const id of ids) expect(await auditOf(id)).toContain('invitation.expired');
    expect(await app.strapi.plugin('invitations').service('expire-invitations').run()).toBe(0);
  });
});

describe('audit log', () => {
  it('lists and filters events, exports CSV, and refuses any change', async () => {
    const byAction = await asAdmin(app, 'get', '/invitations/audit-events?action=invitation.revoked&pageSize=100');
    expect(byAction.status).toBe(200);
    expect(byAction.body.results.length).toBeGreaterThanOrEqual(3);
    expect(
      byAction.body.results.every(
        (e: { action: string; actorType: string; actorLabel: string }) =>
          e.action === 'invitation.revoked' && e.actorType === 'admin' && e.actorLabel === 'super@tests.local'
      )
    ).toBe(true);

    const family = await asAdmin(app, 'get', '/invitations/audit-events?action=invitation&pageSize=100');
    expect(family.body.results.every((e: { action: string }) => e.action.startsWith('invitation.'))).toBe(true);
    const system = await asAdmin(app, 'get', '/invitations/audit-events?actor=system&action=invitation.expired');
    expect(system.body.pagination.total).toBeGreaterThanOrEqual(3);
    const future = await asAdmin(
      app,
      'get',
      `/invitations/audit-events?from=${new Date(Date.now() + 3_600_000).toISOString()}`
    );
    expect(future.body.pagination.total).toBe(0);
    const badDate = await asAdmin(app, 'get', '/invitations/audit-events?from=yesterday');
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.message).toMatch(/from must be a date/);

    const csv = await asAdmin(app, 'get', '/invitations/audit-events/export?action=invitation.revoked');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'createdAt,action,actorType,actorLabel,actorId,invitation,organization,organizationName,data'
    );
    expect(lines.length).toBe(byAction.body.pagination.total + 1);
    expect(lines[1]).toMatch(/invitation\.revoked,admin,super@tests\.local/);

    // Events name their organization as it is called now (the log stores its documentId).
    const org = await createOrganization(app, { name: 'Audit Names Org' });
    await invite({ emails: 'named@example.com', organization: org.documentId });
    await asAdmin(app, 'put', `/invitations/organizations/${org.documentId}`).send({ name: 'Audit Names Renamed' });
    const scoped = await asAdmin(app, 'get', `/invitations/audit-events?organization=${org.documentId}`);
    expect(
      scoped.body.results.map((e: { action: string; organizationName: string }) => [e.action, e.organizationName])
    ).toEqual([
      ['organization.updated', 'Audit Names Renamed'],
      ['invitation.created', 'Audit Names Renamed'],
      ['organization.created', 'Audit Names Renamed'],
    ]);
    const scopedCsv = await asAdmin(
      app,
      'get',
      `/invitations/audit-events/export?organization=${org.documentId}&action=invitation.created`
    );
    expect(scopedCsv.text).toContain(`,${org.documentId},Audit Names Renamed,`);
    expect(byAction.body.results[0].organizationName).toBeNull();

    const events = app.strapi.db.query('plugin::invitations.audit-event');
    const event = await events.findOne({});
    await expect(events.update({ where: { id: event.id }, data: { action: 'tampered' } })).rejects.toThrow(
      /append-only/
    );
    await expect(events.delete({ where: { id: event.id } })).rejects.toThrow(/append-only/);
    await expect(events.deleteMany({})).rejects.toThrow(/append-only/);
    expect((await events.findOne({ where: { id: event.id } })).action).toBe(event.action);
  });
});

describe('settings', () => {
  it('reads and validates settings, and audits a change', async () => {
    const got = await asAdmin(app, 'get', '/invitations/settings');
    expect(got.status).toBe(200);
    expect(got.body.data).toMatchObject({
      portalName: 'Partner Portal',
      expiresInHours: 168,
      roles: ['admin', 'user', 'viewer'],
      defaultRole: 'user',
    });

    const bad = await asAdmin(app, 'put', '/invitations/settings').send({
      defaultRole: 'owner',
      acceptUrl: 'ftp://x',
      expiresInHours: 0,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/defaultRole must be one of roles/);
    expect(bad.body.error.message).toMatch(/acceptUrl must be an absolute http\(s\) URL/);
    expect(bad.body.error.message).toMatch(/expiresInHours must be at least 1/);
    expect((await asAdmin(app, 'get', '/invitations/settings')).body.data.defaultRole).toBe('user');

    const ok = await asAdmin(app, 'put', '/invitations/settings').send({
      expiresInHours: 48,
      portalName: 'Acme Portal',
    });
    expect(ok.status).toBe(200);
    expect(ok.body.data).toMatchObject({ expiresInHours: 48, portalName: 'Acme Portal' });
    const inv = (await invite({ emails: 'after-settings@example.com' })).body.results[0].invitation;
    expect(Math.round((new Date(inv.expiresAt).getTime() - Date.now()) / 3_600_000)).toBe(48);
    const audit = await asAdmin(app, 'get', '/invitations/audit-events?action=settings.updated');
    expect(audit.body.results[0].data.changed.sort()).toEqual(['expiresInHours', 'portalName']);
    await asAdmin(app, 'put', '/invitations/settings').send({ expiresInHours: 168, portalName: 'Partner Portal' });
  });

  it('reads the saved row however it was written: replaced by another, deleted, or not JSON of ours', async () => {
    const settingsNow = async () => (await asAdmin(app, 'get', '/invitations/settings')).body.data.portalName;
    const store = app.strapi.store({ type: 'plugin', name: 'invitations', key: 'settings' });
    await asAdmin(app, 'put', '/invitations/settings').send({ portalName: 'First Portal' });
    expect(await settingsNow()).toBe('First Portal');
    // Deleted and written anew: another row, another id.
    const value = (await store.get()) as Record<string, unknown>;
    await store.delete({});
    expect(await settingsNow()).toBe('Partner Portal');
    await store.set({ value: { ...value, portalName: 'Second Portal' } });
    expect(await settingsNow()).toBe('Second Portal');
    // Written in place (the same row), as the settings page saves.
    await store.set({ value: { ...value, portalName: 'Third Portal' } });
    expect(await settingsNow()).toBe('Third Portal');
    // A parsed value is shared by later reads, so nothing may change it in place.
    const shared = await app.strapi.plugin('invitations').service('settings').get();
    expect(Object.isFrozen(shared.roles)).toBe(true);
    await asAdmin(app, 'put', '/invitations/settings').send({ portalName: 'Partner Portal' });
    expect(await settingsNow()).toBe('Partner Portal');
  });

  it('previews a draft email exactly as the worker renders it, escaping values in HTML', async () => {
    const preview = await asAdmin(app, 'post', '/invitations/settings/preview').send({
      portalName: 'Draft <Portal>',
      templates: { subject: 'Welcome to {portal}', html: '<p>{inviter} invites {firstName} to {portal}: {link}</p>' },
    });
    expect(preview.status).toBe(200);
    expect(preview.body.data.subject).toBe('Welcome to Draft <Portal>');
    expect(preview.body.data.html).toBe(
      '<p>Sam Super invites Jane to Draft &lt;Portal&gt;: http://localhost:1337/portal/accept-invitation#token=example-token</p>'
    );
    // The saved text template is used where the draft has none; nothing was saved.
    expect(preview.body.data.text).toContain('Hello Jane,');
    expect((await asAdmin(app, 'get', '/invitations/settings')).body.data.portalName).toBe('Partner Portal');

    const tooLong = await asAdmin(app, 'post', '/invitations/settings/preview').send({
      templates: { subject: 'x'.repeat(301) },
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toMatch(/templates.subject can be at most 300 characters/);

    // The draft is checked as saving would check it, and links are built as the mails build them.
    const badUrl = await asAdmin(app, 'post', '/invitations/settings/preview').send({ acceptUrl: 'portal/invite' });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.error.message).toMatch(/acceptUrl must be an absolute http\(s\) URL/);
    const withQuery = await asAdmin(app, 'post', '/invitations/settings/preview').send({
      acceptUrl: 'https://portal.example.com/invite?lang=de',
      templates: { text: '{link}' },
    });
    expect(withQuery.body.data.text).toBe('https://portal.example.com/invite?lang=de&token=example-token');
    const emptySubject = await asAdmin(app, 'put', '/invitations/settings').send({ templates: { subject: '' } });
    expect(emptySubject.status).toBe(400);
    expect(emptySubject.body.error.message).toMatch(
      /templates.subject cannot be empty: write the subject line of the mail/
    );
  });

  it('gives any reader the form options: roles, reasons, limits, actions and organizations with teams', async () => {
    const org = await createOrganization(app, { name: 'Options Org', allowedDomains: ['options.test'] });
    await asAdmin(app, 'post', `/invitations/organizations/${org.documentId}/teams`).send({ name: 'Ops' });
    const reader = await createAdmin(app, 'options-reader@tests.local', ['read']);
    const res = await asAdmin(app, 'get', '/invitations/form-options', reader);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      roles: ['admin', 'user', 'viewer'],
      defaultRole: 'user',
      revokeReasons: expect.arrayContaining(['other']),
      importLimits: { maxBytes: 200000, maxRows: 400 },
    });
    expect(res.body.data.auditActions).toContain('import.completed');

    // Organizations are searched, not listed: any of thousands can be picked by typing its name.
    const found = await asAdmin(app, 'get', '/invitations/organization-choices?search=options', reader);
    expect(found.status).toBe(200);
    expect(found.body).toEqual({
      results: [
        {
          documentId: org.documentId,
          name: 'Options Org',
          slug: 'options-org',
          allowedDomains: ['options.test'],
          teams: [{ documentId: expect.any(String), name: 'Ops' }],
        },
      ],
      more: false,
    });
    for (const name of ['Options Two', 'Options Three']) await createOrganization(app, { name });
    const page = await asAdmin(app, 'get', '/invitations/organization-choices?search=OPTIONS&limit=2', reader);
    expect(page.body.results.map((o: { name: string }) => o.name)).toEqual(['Options Org', 'Options Three']);
    expect(page.body.more).toBe(true);
    const tooMany = await asAdmin(app, 'get', '/invitations/organization-choices?limit=1000', reader);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toMatch(/limit can be at most 100/);
  });

  it('lets admins lower the import limits, and the import then enforces them', async () => {
    const lowered = await asAdmin(app, 'put', '/invitations/settings').send({ importLimits: { maxRows: 2 } });
    expect(lowered.status).toBe(200);
    expect(lowered.body.data.importLimits).toEqual({ maxBytes: 200000, maxRows: 2 });
    const csv = 'emailAddress\nlimit-1@example.com\nlimit-2@example.com\nlimit-3@example.com\n';
    const refused = await asAdmin(app, 'post', '/invitations/import?dryRun=true').attach(
      'file',
      Buffer.from(csv),
      'limits.csv'
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.code).toBe('CSV_TOO_MANY_ROWS');
    expect(refused.body.error.message).toMatch(/limit is 2/);

    const bad = await asAdmin(app, 'put', '/invitations/settings').send({ importLimits: { maxBytes: 10 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/importLimits.maxBytes must be at least 1024 bytes/);
    await asAdmin(app, 'put', '/invitations/settings').send({ importLimits: { maxRows: 400 } });
  });
});

describe('RBAC', () => {
  const routes: [method: 'get' | 'post' | 'put' | 'delete', path: string, action: string][] = [
    ['get', '/invitations/invitations', 'read'],
    ['get', '/invitations/invitations/some-id', 'read'],
    ['post', '/invitations/invitations', 'invite'],
    ['post', '/invitations/invitations/some-id/resend', 'invite'],
    ['post', '/invitations/invitations/some-id/reissue', 'invite'],
    ['get', '/invitations/invitations/some-id/link', 'invite'],
    ['post', '/invitations/invitations/revoke', 'revoke'],
    ['post', '/invitations/import', 'import'],
    ['get', '/invitations/import/sample', 'import'],
    ['get', '/invitations/organizations', 'organizations.manage'],
    ['post', '/invitations/organizations', 'organizations.manage'],
    ['get', '/invitations/organizations/some-id', 'organizations.manage'],
    ['put', '/invitations/organizations/some-id', 'organizations.manage'],
    ['get', '/invitations/organizations/some-id/teams', 'organizations.manage'],
    ['post', '/invitations/organizations/some-id/teams', 'organizations.manage'],
    ['get', '/invitations/organizations/some-id/members', 'organizations.manage'],
    ['put', '/invitations/organizations/some-id/members/m1', 'organizations.manage'],
    ['delete', '/invitations/organizations/some-id/members/m1', 'organizations.manage'],
    ['get', '/invitations/organizations/some-id/approvals', 'organizations.manage'],
    ['post', '/invitations/organizations/some-id/approvals/m1/approve', 'organizations.manage'],
    ['post', '/invitations/organizations/some-id/approvals/m1/reject', 'organizations.manage'],
    ['get', '/invitations/join-links', 'join-links.manage'],
    ['post', '/invitations/join-links', 'join-links.manage'],
    ['get', '/invitations/join-links/some-id/link', 'join-links.manage'],
    ['post', '/invitations/join-links/some-id/revoke', 'join-links.manage'],
    ['post', '/invitations/join-links/some-id/rotate', 'join-links.manage'],
    ['get', '/invitations/audit-events', 'audit.read'],
    ['get', '/invitations/audit-events/export', 'audit.read'],
    ['get', '/invitations/form-options', 'read'],
    ['get', '/invitations/organization-choices', 'read'],
    ['get', '/invitations/settings', 'settings'],
    ['put', '/invitations/settings', 'settings'],
    ['post', '/invitations/settings/preview', 'settings'],
  ];

  it('registers the eight plugin actions', () => {
    const actions = app.strapi
      .service('admin::permission')
      .actionProvider.values()
      .filter((a: { pluginName?: string }) => a.pluginName === 'invitations')
      .map((a: { actionId: string }) => a.actionId)
      .sort();
    expect(actions).toEqual(
      ['audit.read', 'import', 'invite', 'join-links.manage', 'organizations.manage', 'read', 'revoke', 'settings']
        .map((a) => `plugin::invitations.${a}`)
        .sort()
    );
  });

  it('refuses every admin route to anonymous callers and to an admin without the action', async () => {
    const noAccess = await createAdmin(app, 'nobody@tests.local', []);
    for (const [method, path] of routes) {
      const anonymous = await app.http[method](path).send({});
      expect({ path, status: anonymous.status }).toEqual({ path, status: 401 });
      const forbidden = await asAdmin(app, method, path, noAccess).send({});
      expect({ path, status: forbidden.status }).toEqual({ path, status: 403 });
    }
  });

  it('grants exactly the routes of the actions a role holds', async () => {
    const reader = await createAdmin(app, 'reader@tests.local', ['read']);
    for (const [method, path, action] of routes) {
      const res = await asAdmin(app, method, path, reader).send({});
      if (action === 'read') expect({ path, status: res.status }).not.toEqual({ path, status: 403 });
      else expect({ path, status: res.status }).toEqual({ path, status: 403 });
    }
    expect((await asAdmin(app, 'get', '/invitations/invitations', reader)).status).toBe(200);
    const inviter = await createAdmin(app, 'inviter@tests.local', ['invite']);
    const created = await invite({ emails: 'from-inviter@example.com' }, inviter);
    expect(created.status).toBe(201);
    expect(created.body.results[0].invitation.invitedBy.email).toBe('inviter@tests.local');
  });
});
