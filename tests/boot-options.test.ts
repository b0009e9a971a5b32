import { asAdmin, inviteOne, previewInvitation, startApp, type TestApp } from './helpers/app';

/** Behaviour that depends on how the app was started: each case boots its own Strapi. */

describe('rate limit of the public token routes', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startApp({ INVITATIONS_RATE_LIMIT_POINTS: '5', INVITATIONS_RATE_LIMIT_SECONDS: '60' });
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('answers 429 RATE_LIMITED with Retry-After once a client spends its budget, on every token route', async () => {
    const { token } = await inviteOne(app, 'throttled@limit.test');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await previewInvitation(app, token)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const limited = await previewInvitation(app, token);
    expect([limited.status, limited.body.error.details.code]).toEqual([429, 'RATE_LIMITED']);
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.body.error.message).toMatch(/try again in \d+ seconds?/);
    // The budget is shared by the token routes: accept and decline are throttled too.
    const accept = await app.http.post('/api/invitations/invitations/accept').send({ token, password: 'late-pass-1' });
    expect(accept.status).toBe(429);
    const decline = await app.http.post('/api/invitations/invitations/decline').send({ token });
    expect(decline.status).toBe(429);
    // Admin routes are not part of it.
    expect((await asAdmin(app, 'get', '/invitations/invitations')).status).toBe(200);
  });
});

describe('prepared statements on PostgreSQL', () => {
  /** The names the token reads of one preview ran under (a named statement is planned once per connection). */
  const statementNamesOfAPreview = async (app: TestApp): Promise<(string | undefined)[]> => {
    const { token } = await inviteOne(app, `prepared-${Date.now()}@prepared.test`);
    const names: (string | undefined)[] = [];
    const listener = (query: { sql: string; options?: { name?: string } }) => {
      if (/token_hash" = \$1/.test(query.sql)) names.push(query.options?.name);
    };
    app.strapi.db.connection.on('query', listener);
    try {
      expect((await previewInvitation(app, token)).status).toBe(200);
      expect((await previewInvitation(app, token)).status).toBe(200);
    } finally {
      app.strapi.db.connection.off('query', listener);
    }
    return names;
  };

  const postgres = process.env.TEST_DATABASE === 'postgres';
  (postgres ? it : it.skip)('runs the token read as one named statement, and plainly when turned off', async () => {
    const prepared = await startApp();
    try {
      const names = await statementNamesOfAPreview(prepared);
      expect(names).toHaveLength(2);
      expect(names[0]).toMatch(/^invitations_token-preview_[0-9a-f]{12}$/);
      expect(names[1]).toBe(names[0]);
    } finally {
      await prepared.stop();
    }
    const plain = await startApp({ INVITATIONS_PREPARED_STATEMENTS: 'false' });
    try {
      expect(await statementNamesOfAPreview(plain)).toEqual([undefined, undefined]);
    } finally {
      await plain.stop();
    }
  });
});

// Last: a Strapi whose start failed leaves registries behind that a later start in this file would trip on.
describe('token secret', () => {
  it('is required in production: the start fails and says how to make one', async () => {
    await expect(startApp({ NODE_ENV: 'production', INVITATIONS_TOKEN_SECRET: '' })).rejects.toThrow(
      /needs a `tokenSecret` in production.*randomBytes\(32\)/s
    );
  });
});
