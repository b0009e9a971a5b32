import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  acceptInvitation,
  asAdmin,
  createAdmin,
  createOrganization,
  declineInvitation,
  inviteOne,
  previewInvitation,
  registerUser,
  startApp,
  tokenOf,
  waitFor,
  type TestApp,
} from './helpers/app';

/**
 * The defects of the security audit (issue #10), each as the attack that proved it. The races run
 * on every database of `.ci/run`; they can only fail on PostgreSQL and MariaDB (SQLite serializes
 * writers), which is where they matter.
 */

let app: TestApp;

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  await app?.stop();
});

const TOKEN_CONFIG = 'plugin::invitations';
const linkOf = async (id: string): Promise<string> =>
  (await asAdmin(app, 'get', `/invitations/invitations/${id}/link`)).body.data.link as string;

describe('partner invitations', () => {
  it('never join an organization an admin made, whatever its slug; partners with one name share one', async () => {
    const acme = await createOrganization(app, { name: 'Acme', allowedDomains: ['acme.test'], pendingLimit: 1 });
    const first = await inviteOne(app, 'mallory@evil.test', { partnerName: 'Acme' });
    const res = await acceptInvitation(app, first.token, { password: 'partner-pass-1' });
    expect(res.status).toBe(201);
    expect(res.body.organization.documentId).not.toBe(acme.documentId);
    expect(res.body.organization.slug).toMatch(/^acme-[0-9a-f]{8}$/);
    const acmeMembers = await asAdmin(app, 'get', `/invitations/organizations/${acme.documentId}/members`);
    expect(acmeMembers.body.pagination.total).toBe(0);
    const partner = (await asAdmin(app, 'get', `/invitations/organizations/${res.body.organization.documentId}`)).body
      .data;
    expect(partner).toMatchObject({ name: 'Acme', isPartner: true });
    expect(partner.partnerKey).toBeUndefined();
    expect((await asAdmin(app, 'get', `/invitations/organizations/${acme.documentId}`)).body.data.isPartner).toBe(
      false
    );

    // A second contact of the same partner (any spelling) joins the partner organization, not Acme.
    const second = await inviteOne(app, 'trent@evil.test', { partnerName: ' ACME ' });
    const res2 = await acceptInvitation(app, second.token, { password: 'partner-pass-2' });
    expect(res2.body.organization.documentId).toBe(res.body.organization.documentId);
  });
});

describe('tokens', () => {
  it('never appear in a URL, so no log line holds one', async () => {
    const logged: string[] = [];
    const log = app.strapi.log as unknown as Record<string, (...args: unknown[]) => unknown>;
    const levels = ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'];
    const originals = Object.fromEntries(levels.map((level) => [level, log[level]]));
    for (const level of levels) {
      log[level] = (...args: unknown[]) => {
        logged.push(args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' '));
        return originals[level].apply(app.strapi.log, args);
      };
    }
    try {
      const a = await inviteOne(app, 'logs-a@tokens.test');
      const b = await inviteOne(app, 'logs-b@tokens.test');
      expect((await previewInvitation(app, a.token)).status).toBe(200);
      expect((await acceptInvitation(app, a.token, { password: 'log-pass-1' })).status).toBe(201);
      expect((await declineInvitation(app, b.token)).status).toBe(200);
      // Strapi's request logger saw the requests (so the capture works) but no token.
      expect(logged.some((line) => line.includes('POST /api/invitations/invitations/preview'))).toBe(true);
      expect(logged.join('\n')).not.toContain(a.token);
      expect(logged.join('\n')).not.toContain(b.token);
    } finally {
      Object.assign(log, originals);
    }
  });

  it('take the token in the body only: a token in the path is no route', async () => {
    const { token } = await inviteOne(app, 'path@tokens.test');
    expect((await app.http.get(`/api/invitations/invitations/${token}`)).status).toBe(404);
    const missing = await app.http.post('/api/invitations/invitations/preview').send({});
    expect([missing.status, missing.body.error.details.code]).toEqual([400, 'VALIDATION_ERROR']);
    expect(missing.body.error.message).toMatch(/token is required/);
  });

  it('die when the secret rotates, live on while listed as previous, and copy or resend only working links', async () => {
    const original = app.strapi.config.get(TOKEN_CONFIG) as { tokenSecret: string; previousTokenSecrets: string[] };
    const setSecrets = (tokenSecret: string, previousTokenSecrets: string[]) =>
      app.strapi.config.set(TOKEN_CONFIG, { ...original, tokenSecret, previousTokenSecrets });
    const secretB = 'rotation-secret-b-0123456789abcdef0123';
    const secretC = 'rotation-secret-c-0123456789abcdef0123';
    try {
      const { id, token: oldToken } = await inviteOne(app, 'rotate@tokens.test');
      // Its first mail goes out under the first secret; the resend below must be told apart from it.
      await waitFor(() => app.mail.mails.find((m) => m.to.includes('rotate@tokens.test')), 'the first mail');

      setSecrets(secretB, []);
      const dead = await previewInvitation(app, oldToken);
      expect([dead.status, dead.body.error.details.code]).toEqual([404, 'INVITATION_NOT_FOUND']);
      // Copy link hands out a link that works under the new secret; the old one stays dead.
      const newToken = tokenOf(await linkOf(id));
      expect(newToken).not.toBe(oldToken);
      expect((await previewInvitation(app, newToken)).status).toBe(200);
      expect((await previewInvitation(app, oldToken)).status).toBe(404);

      // A rotation that keeps B as a previous secret: B's link keeps working and is what copy gives.
      setSecrets(secretC, [secretB]);
      expect((await previewInvitation(app, newToken)).status).toBe(200);
      expect(tokenOf(await linkOf(id))).toBe(newToken);
      // A resend mails that same working link.
      const before = app.mail.mails.length;
      expect((await asAdmin(app, 'post', `/invitations/invitations/${id}/resend`)).status).toBe(200);
      const mail = await waitFor(
        () => app.mail.mails.slice(before).find((m) => m.to.includes('rotate@tokens.test')),
        'the resent mail'
      );
      expect(tokenOf(mail.link!)).toBe(newToken);
      // New invitations get links under the current secret.
      const fresh = await inviteOne(app, 'fresh@tokens.test');
      setSecrets(secretC, []);
      expect((await previewInvitation(app, fresh.token)).status).toBe(200);
      expect((await previewInvitation(app, newToken)).status).toBe(404);
    } finally {
      app.strapi.config.set(TOKEN_CONFIG, original);
    }
  });

  it('tell only the status of a link that no longer works, never whom it was for', async () => {
    const revoked = await inviteOne(app, 'zelda.quist@tokens.test', { firstName: 'Zelda', lastName: 'Quist' });
    await asAdmin(app, 'post', '/invitations/invitations/revoke').send({ ids: [revoked.id], reason: 'wrong_email' });
    const accepted = await inviteOne(app, 'yannick.vox@tokens.test', { firstName: 'Yannick' });
    await acceptInvitation(app, accepted.token, { password: 'used-pass-1' });
    for (const [token, code, status] of [
      [revoked.token, 'INVITATION_REVOKED', 'revoked'],
      [accepted.token, 'INVITATION_ALREADY_USED', 'accepted'],
    ]) {
      const res = await previewInvitation(app, token);
      expect([res.status, res.body.error.details]).toEqual([410, { code, status }]);
      expect(JSON.stringify(res.body)).not.toMatch(/zelda|quist|yannick|vox|@/i);
    }
  });
});

describe('registration on accept', () => {
  it('follows the app password policy, counts bytes, and keeps the invitation usable on refusal', async () => {
    const { id, token } = await inviteOne(app, 'policy@accounts.test');
    const weak = await acceptInvitation(app, token, { password: 'password' });
    expect([weak.status, weak.body.error.details.code]).toEqual([400, 'VALIDATION_ERROR']);
    expect(weak.body.error.message).toMatch(/password rules/);
    // 40 × "é" is 40 characters but 80 bytes: bcrypt would ignore the last 8.
    const long = await acceptInvitation(app, token, { password: 'é'.repeat(40) });
    expect(long.status).toBe(400);
    expect(long.body.error.message).toMatch(/72 bytes/);
    const status = (await asAdmin(app, 'get', `/invitations/invitations/${id}`)).body.data.status;
    expect(status).toBe('pending');
    expect((await acceptInvitation(app, token, { password: 'é'.repeat(36) })).status).toBe(201);
  });

  it("refuses an email or username that is another account's email or username", async () => {
    // Someone took the invitee's address as their username.
    const squatter = await app.http
      .post('/api/auth/local/register')
      .send({ username: 'victim@accounts.test', email: 'squatter@elsewhere.test', password: 'squat-pass-1' });
    expect(squatter.status).toBe(200);
    const victim = await inviteOne(app, 'victim@accounts.test');
    const taken = await acceptInvitation(app, victim.token, { password: 'victim-pass-1' });
    expect([taken.status, taken.body.error.details.code]).toEqual([409, 'ACCOUNT_EXISTS']);
    expect(taken.body.error.message).toMatch(/Another account uses victim@accounts.test as its username/);

    // An invitee may not take another account's email as username.
    const other = await inviteOne(app, 'chooser@accounts.test');
    const clash = await acceptInvitation(app, other.token, {
      password: 'chooser-pass-1',
      username: 'squatter@elsewhere.test',
    });
    expect([clash.status, clash.body.error.details]).toEqual([409, { code: 'ACCOUNT_EXISTS', field: 'username' }]);
    const ok = await acceptInvitation(app, other.token, { password: 'chooser-pass-1', username: 'chooser' });
    expect(ok.status).toBe(201);
    expect(ok.body.user.username).toBe('chooser');
  });

  it("answers like /api/auth/local/register in the app's refresh mode: an access token and a refresh token", async () => {
    const { token } = await inviteOne(app, 'refresh@accounts.test');
    const res = await acceptInvitation(app, token, { password: 'refresh-pass-1' });
    expect(res.status).toBe(201);
    expect(typeof res.body.jwt).toBe('string');
    expect(typeof res.body.refreshToken).toBe('string');
    const me = await app.http.get('/api/users/me').set('Authorization', `Bearer ${res.body.jwt}`);
    expect([me.status, me.body.email]).toEqual([200, 'refresh@accounts.test']);
    const refreshed = await app.http.post('/api/auth/refresh').send({ refreshToken: res.body.refreshToken });
    expect(refreshed.status).toBe(200);
    expect(typeof refreshed.body.jwt).toBe('string');
  });

  it('creates one account for one address when its invitations are accepted at once', async () => {
    const invitations = [];
    for (let i = 0; i < 10; i += 1) {
      const org = await createOrganization(app, { name: `Race Org ${i}` });
      invitations.push(await inviteOne(app, 'racer@accounts.test', { organization: org.documentId }));
    }
    const answers = await Promise.all(
      invitations.map(({ token }, i) => acceptInvitation(app, token, { password: `racer-pass-${i}` }))
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([201, ...Array(9).fill(409)]);
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.error.details.code === 'ACCOUNT_EXISTS')).toBe(
      true
    );
    const users = await app.strapi.db
      .query('plugin::users-permissions.user')
      .count({ where: { email: 'racer@accounts.test' } });
    expect(users).toBe(1);
  });

  it('creates one account for one username when several invitees choose it at once', async () => {
    const invitations = [];
    for (let i = 0; i < 10; i += 1) invitations.push(await inviteOne(app, `name-racer-${i}@accounts.test`));
    const answers = await Promise.all(
      invitations.map(({ token }, i) =>
        acceptInvitation(app, token, { password: `name-pass-${i}`, username: 'the-one-name' })
      )
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, ...Array(9).fill(409)]);
    const users = await app.strapi.db
      .query('plugin::users-permissions.user')
      .count({ where: { username: 'the-one-name' } });
    expect(users).toBe(1);
  });

  it('refuses the JWT of an unconfirmed account while the app requires email confirmation', async () => {
    const advanced = app.strapi.store({ type: 'plugin', name: 'users-permissions', key: 'advanced' });
    const saved = (await advanced.get()) as Record<string, unknown>;
    const user = await registerUser(app, 'unconfirmed@accounts.test');
    await app.strapi.db
      .query('plugin::users-permissions.user')
      .update({ where: { id: user.id }, data: { confirmed: false } });
    try {
      await advanced.set({ value: { ...saved, email_confirmation: true } });
      // On the token routes the plugin reads the JWT itself…
      const org = await createOrganization(app, { name: 'Confirmation Co' });
      const { token } = await inviteOne(app, 'unconfirmed@accounts.test', { organization: org.documentId });
      const accept = await acceptInvitation(app, token, {}, user.jwt);
      expect([accept.status, accept.body.error.details.code]).toEqual([401, 'UNAUTHENTICATED']);
      // …and the member routes are users-permissions routes, whose own check refuses it.
      const refused = await app.http
        .get('/api/invitations/me/organizations')
        .set('Authorization', `Bearer ${user.jwt}`);
      expect(refused.status).toBe(401);
    } finally {
      await advanced.set({ value: saved });
    }
    // Without email confirmation, the same account may act.
    const allowed = await app.http.get('/api/invitations/me/organizations').set('Authorization', `Bearer ${user.jwt}`);
    expect(allowed.status).toBe(200);
  });
});

describe('admission under concurrency', () => {
  it('never lets concurrent invites exceed a pending limit', async () => {
    const org = await createOrganization(app, { name: 'Limited Race', pendingLimit: 1 });
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        asAdmin(app, 'post', '/invitations/invitations').send({
          emails: `limit-${i}@race.test`,
          organization: org.documentId,
        })
      )
    );
    const results = answers.map((a) => a.body.results?.[0]?.result ?? `${a.status}`);
    expect(results.filter((r) => r === 'created')).toHaveLength(1);
    expect(results.filter((r) => r === 'limit_reached')).toHaveLength(19);
    const pending = await asAdmin(app, 'get', `/invitations/invitations?organization=${org.documentId}&status=pending`);
    expect(pending.body.pagination.total).toBe(1);
  });
});

describe('CSV import', () => {
  const upload = (csv: string, dryRun: boolean, jwt = app.adminJwt) =>
    app.http
      .post(`/invitations/import${dryRun ? '?dryRun=true' : ''}`)
      .set('Authorization', `Bearer ${jwt}`)
      .attach('file', Buffer.from(csv, 'utf8'), 'people.csv');

  /** Files in the temp folder that hold `marker`: what an upload would leave behind. */
  const leftovers = (marker: string): string[] =>
    fs
      .readdirSync(os.tmpdir())
      .map((name) => path.join(os.tmpdir(), name))
      .filter((file) => {
        try {
          const stat = fs.statSync(file);
          return stat.isFile() && stat.size < 5_000_000 && fs.readFileSync(file, 'utf8').includes(marker);
        } catch {
          return false;
        }
      });

  it('leaves no uploaded file behind: dry run, commit, refused file and refused admin', async () => {
    const marker = `marker-${Date.now()}`;
    const csv = `emailAddress,firstName\n${marker}@tmp.test,Temp\n`;
    expect((await upload(csv, true)).status).toBe(200);
    expect((await upload(csv, false)).status).toBe(201);
    const tooBig = `emailAddress\n${marker}@big.test\n${'x'.repeat(250_000)}\n`;
    expect((await upload(tooBig, true)).body.error.details.code).toBe('CSV_FILE_TOO_LARGE');
    const reader = await createAdmin(app, 'reader@tmp.test', ['read']);
    expect((await upload(csv, true, reader)).status).toBe(403);
    expect(leftovers(marker)).toEqual([]);
  });

  it('checks every value against its column in the dry run, with line numbers, and commits the rest', async () => {
    const hugeName = 'N'.repeat(300);
    const hugeCell = `${'a'.repeat(60_000)}@huge.test`;
    const csv = [
      'emailAddress,firstName,lastName,partnerName,role,organization',
      'fine@length.test,Fine,Row,,,',
      `long@length.test,${hugeName},Row,,,`,
      `${hugeCell},Huge,Cell,,,`,
      `partner@length.test,Ok,Row,${'P'.repeat(201)},,`,
      `role@length.test,Ok,Row,,${'r'.repeat(30_000)},`,
      `org@length.test,Ok,Row,,,${'o'.repeat(30_000)}`,
      '',
    ].join('\n');
    const dry = await upload(csv, true);
    expect(dry.status).toBe(200);
    expect(dry.body.totals).toMatchObject({ rows: 6, valid: 1, invalid: 5 });
    const byLine = Object.fromEntries(
      dry.body.problems.map((p: { line: number; code: string; column: string }) => [p.line, [p.code, p.column]])
    );
    expect(byLine).toEqual({
      3: ['too_long', 'firstName'],
      4: ['invalid_email', 'emailAddress'],
      5: ['too_long', 'partnerName'],
      6: ['too_long', 'role'],
      7: ['too_long', 'organization'],
    });
    // A huge value is named, not echoed: the report stays small.
    expect(JSON.stringify(dry.body).length).toBeLessThan(5000);
    expect(dry.body.problems[0].message).toMatch(/Line 3: firstName is 300 characters long; at most 100 fit/);
    const commit = await upload(csv, false);
    expect(commit.status).toBe(201);
    expect(commit.body.totals).toMatchObject({ created: 1, invalid: 5 });
  });

  it('audits each committed batch in its own transaction', async () => {
    // The test app inserts 50 rows per batch.
    const rows = Array.from({ length: 120 }, (_, i) => `batch-${i}@audit.test`);
    const res = await upload(`emailAddress\n${rows.join('\n')}\n`, false);
    expect(res.body.totals.created).toBe(120);
    const events = (await asAdmin(app, 'get', '/invitations/audit-events?action=import.batch_created&pageSize=100'))
      .body.results as { data: { created: number; lines: { from: number; to: number }; emails: string[] } }[];
    const ours = events.filter((e) => e.data.emails.some((email) => email.endsWith('@audit.test')));
    expect(ours.map((e) => e.data.created).sort()).toEqual([20, 50, 50]);
    expect(ours.flatMap((e) => e.data.emails).sort()).toEqual([...rows].sort());
    expect(ours.map((e) => e.data.lines).sort((a, b) => a.from - b.from)).toEqual([
      { from: 2, to: 51 },
      { from: 52, to: 101 },
      { from: 102, to: 121 },
    ]);
  });
});

describe('CSV import interrupted', () => {
  // A real fault in the database: a trigger refuses one row of the second batch.
  const client = process.env.TEST_DATABASE ?? 'sqlite';
  const schema = process.env.DATABASE_SCHEMA;
  const table = (name: string) => (client === 'postgres' && schema ? `"${schema}".${name}` : name);
  const faultSql: Record<string, { create: string[]; drop: string[] }> = {
    sqlite: {
      create: [
        `CREATE TRIGGER inject_fault BEFORE INSERT ON invitations_invitations WHEN NEW.email = 'boom@fault.test'
         BEGIN SELECT RAISE(ABORT, 'injected fault'); END`,
      ],
      drop: ['DROP TRIGGER inject_fault'],
    },
    postgres: {
      create: [
        `CREATE FUNCTION ${table('inject_fault')}() RETURNS trigger AS $$ BEGIN
           IF NEW.email = 'boom@fault.test' THEN RAISE EXCEPTION 'injected fault'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
        `CREATE TRIGGER inject_fault BEFORE INSERT ON ${table('invitations_invitations')}
         FOR EACH ROW EXECUTE FUNCTION ${table('inject_fault')}()`,
      ],
      drop: [
        `DROP TRIGGER inject_fault ON ${table('invitations_invitations')}`,
        `DROP FUNCTION ${table('inject_fault')}()`,
      ],
    },
    mysql: {
      create: [
        `CREATE TRIGGER inject_fault BEFORE INSERT ON invitations_invitations FOR EACH ROW BEGIN
           IF NEW.email = 'boom@fault.test' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected fault'; END IF; END`,
      ],
      drop: ['DROP TRIGGER inject_fault'],
    },
  };

  it('keeps the committed batches with their audit events and says how many were created', async () => {
    const run = async (statements: string[]) => {
      for (const sql of statements) await app.strapi.db.connection.raw(sql);
    };
    const emails = Array.from({ length: 120 }, (_, i) => (i === 78 ? 'boom@fault.test' : `fault-${i}@fault.test`));
    await run(faultSql[client].create);
    let res;
    try {
      res = await app.http
        .post('/invitations/import')
        .set('Authorization', `Bearer ${app.adminJwt}`)
        .attach('file', Buffer.from(`emailAddress\n${emails.join('\n')}\n`, 'utf8'), 'fault.csv');
    } finally {
      await run(faultSql[client].drop);
    }
    const created = (
      await app.strapi.db
        .query('plugin::invitations.invitation')
        .findMany({ where: { email: { $endsWith: '@fault.test' } }, select: ['email'] })
    ).map((row: { email: string }) => row.email);
    // The first batch (lines 2–51) committed; the second (lines 52–101, with line 80) rolled back whole.
    // PostgreSQL writes two batches at once: the third (lines 102–121) stands if it was under way when
    // the second failed, whole; elsewhere nothing after a failed batch is written.
    const third = emails.slice(100);
    const thirdStands = created.includes(third[0]);
    if (client !== 'postgres') expect(thirdStands).toBe(false);
    const standing = [...emails.slice(0, 50), ...(thirdStands ? third : [])];
    expect([...created].sort()).toEqual([...standing].sort());
    expect([res.status, res.body.error.details]).toEqual([
      500,
      { code: 'CSV_IMPORT_INTERRUPTED', created: standing.length, lines: { from: 52, to: 101 } },
    ]);
    expect(res.body.error.message).toMatch(
      new RegExp(
        `${standing.length} invitation\\(s\\) were created.*lines 52–101 were not written.*Run the same file again`
      )
    );
    const batches = (await asAdmin(app, 'get', '/invitations/audit-events?action=import.batch_created&pageSize=100'))
      .body.results as { data: { file: string; emails: string[] } }[];
    const audited = batches.filter((event) => event.data.file === 'fault.csv').flatMap((event) => event.data.emails);
    expect(audited.sort()).toEqual([...standing].sort());
    // The service logged the interruption as an error, as it should; it is this test's to expect.
    const logged = app.loggedErrors.findIndex((line) => line.includes(`CSV import stopped after ${standing.length}`));
    expect(logged).toBeGreaterThanOrEqual(0);
    // The database's reason, without the statement: its values hold the rows' token nonces.
    expect(app.loggedErrors[logged]).toMatch(/a database statement failed: .*injected fault/);
    expect(app.loggedErrors[logged]).not.toMatch(/insert into|token_nonce|fault-60@fault\.test/i);
    app.loggedErrors.splice(logged, 1);
  });
});

describe('admin side', () => {
  it('refuses a permission granted under RBAC conditions instead of widening it to everything', async () => {
    const conditioned = await createAdmin(app, 'creator-only@rbac.test', ['read'], ['admin::is-creator']);
    const res = await asAdmin(app, 'get', '/invitations/invitations', conditioned);
    expect([res.status, res.body.error.details.code]).toEqual([403, 'FORBIDDEN']);
    expect(res.body.error.message).toMatch(/conditions/);
  });

  it('keeps acceptUrl on the origins the configuration allows', async () => {
    const current = (await asAdmin(app, 'get', '/invitations/settings')).body.data;
    const evil = await asAdmin(app, 'put', '/invitations/settings').send({
      ...current,
      acceptUrl: 'https://collector.evil.test/steal',
    });
    expect([evil.status, evil.body.error.details.code]).toEqual([400, 'ACCEPT_URL_NOT_ALLOWED']);
    expect(evil.body.error.message).toMatch(/allowedAcceptOrigins/);
    const samePortal = await asAdmin(app, 'put', '/invitations/settings').send({
      ...current,
      acceptUrl: 'http://localhost:1337/portal/join/accept#',
    });
    expect(samePortal.status).toBe(200);
    await asAdmin(app, 'put', '/invitations/settings').send(current);
  });

  it('neutralises formulae in the audit export', async () => {
    await createOrganization(app, { name: '=HYPERLINK("http://evil.test","click")', slug: 'formula-org' });
    const csv = (await asAdmin(app, 'get', '/invitations/audit-events/export?action=organization.created')).text;
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.test"",""click"")"`);
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });

  it('answers 400, not 500, to customFields nested thousands deep', async () => {
    // Written by hand: JSON.stringify itself overflows the stack at this depth.
    const body = `{"emails":"deep@fields.test","customFields":${'{"next":'.repeat(5000)}1${'}'.repeat(5000)}}`;
    const res = await asAdmin(app, 'post', '/invitations/invitations')
      .set('Content-Type', 'application/json')
      .send(body);
    expect([res.status, res.body.error.details.code]).toEqual([400, 'VALIDATION_ERROR']);
    expect(res.body.error.message).toMatch(/nest at most 5 levels/);
  });
});
