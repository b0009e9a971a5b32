import { startApp, type TestApp } from './helpers/app';

/**
 * The expiry at a size a portal reaches when its task was off for a long time, or when a large
 * import's invitations all expire at once: every overdue invitation expired by one run (on SQLite in
 * chunks of 5,000 a transaction), each with its audit event. In a file (and database) of its own, so
 * that 150,000 invitations and their events weigh on no other test's lists and exports.
 */
let app: TestApp;

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  await app?.stop();
});

const OVERDUE = 150_000;

it(`expires ${OVERDUE.toLocaleString('en')} overdue invitations in one run, each with its audit event`, async () => {
  const meta = app.strapi.db.metadata.get('plugin::invitations.invitation');
  const column = (attribute: string) => (meta.attributes[attribute] as { columnName: string }).columnName;
  const past = new Date(Date.now() - 86_400_000);
  const rows = Array.from({ length: OVERDUE }, (_, i) => ({
    [column('documentId')]: `scale${String(i).padStart(19, '0')}`,
    [column('email')]: `overdue-${i}@scale.test`,
    [column('role')]: 'user',
    [column('status')]: 'pending',
    [column('expiresAt')]: past,
    [column('tokenHash')]: `scale-${i}`,
    [column('pendingKey')]: `-:overdue-${i}@scale.test`,
    [column('createdAt')]: past,
    [column('updatedAt')]: past,
  }));
  await app.strapi.db.transaction(async ({ trx }) => {
    // 400 rows a statement: knex writes SQLite's multi-row inserts as a compound SELECT (500 terms at most).
    for (let i = 0; i < rows.length; i += 400) {
      await app.strapi.db
        .getConnection(meta.tableName)
        .transacting(trx)
        .insert(rows.slice(i, i + 400));
    }
  });

  // The run once gathered the rows it expired with push(...rows): 150,000 of them overflowed the call
  // stack ("Maximum call stack size exceeded") and the task never finished.
  const expireInvitations = app.strapi.plugin('invitations').service('expire-invitations');
  expect(await expireInvitations.run()).toBe(OVERDUE);

  const invitations = app.strapi.db.query('plugin::invitations.invitation');
  expect(await invitations.count({ where: { email: { $endsWith: '@scale.test' }, status: 'expired' } })).toBe(OVERDUE);
  expect(
    await invitations.count({ where: { email: { $endsWith: '@scale.test' }, pendingKey: { $notNull: true } } })
  ).toBe(0);
  expect(
    await app.strapi.db.query('plugin::invitations.audit-event').count({ where: { action: 'invitation.expired' } })
  ).toBe(OVERDUE);
  expect(await expireInvitations.run()).toBe(0);
});
