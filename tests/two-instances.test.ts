import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { asAdmin, startApp, waitFor, type TestApp } from './helpers/app';

/**
 * Two Strapi instances on one database, as a portal scaled past one machine runs: every background
 * job (the mail worker, the expiry task) runs in both, and each mail must still go out once and each
 * expiry be audited once. Only a shared server database can run two instances, so SQLite skips this.
 */
const sharedDatabase = process.env.TEST_DATABASE === 'postgres' || process.env.TEST_DATABASE === 'mysql';
const describeShared = sharedDatabase ? describe : describe.skip;

type Reply = { ready?: true; expired?: number; settings?: { portalName: string }; error?: string };

let app: TestApp;
let second: ChildProcess;

const nextReply = (): Promise<Reply> =>
  new Promise((resolve, reject) => {
    second.once('message', (reply: Reply) => (reply.error ? reject(new Error(reply.error)) : resolve(reply)));
    second.once('exit', (code) => reject(new Error(`the second instance exited (${code})`)));
  });

/** Both instances run the expiry task at the same moment; answers how many each expired. */
const expireInBoth = (): Promise<[number, number]> =>
  Promise.all([
    app.strapi.plugin('invitations').service('expire-invitations').run() as Promise<number>,
    (async () => {
      const reply = nextReply();
      second.send({ run: 'expire' });
      return (await reply).expired!;
    })(),
  ]);

describeShared('two instances on one database', () => {
  beforeAll(async () => {
    // Both instances poll for mail every 100 ms and send five at a time.
    app = await startApp();
    // The child gets the environment startApp set: same database (schema), same SMTP server. Passed
    // explicitly: jest gives each test file a copy of process.env, and fork() would otherwise hand the
    // child the runner's own (the playground's SQLite file, not this database).
    second = fork(path.join(__dirname, 'helpers', 'second-instance.js'), [], {
      stdio: 'inherit',
      env: { ...process.env },
    });
    await nextReply();
  }, 120_000);

  afterAll(async () => {
    if (second?.connected) {
      second.send({ run: 'stop' });
      await new Promise((resolve) => second.once('exit', resolve));
    }
    await app?.stop();
  });

  it('delivers each of 1,000 invitations exactly once and audits each expiry exactly once', async () => {
    const emails = Array.from({ length: 1000 }, (_, i) => `twin-${i}@instances.test`);
    for (let i = 0; i < emails.length; i += 500) {
      const res = await asAdmin(app, 'post', '/invitations/invitations').send({ emails: emails.slice(i, i + 500) });
      expect(res.body.results.filter((r: { result: string }) => r.result === 'created')).toHaveLength(500);
    }
    await waitFor(
      () => app.mail.mails.filter((mail) => mail.to[0]?.endsWith('@instances.test')).length >= 1000,
      '1,000 mails',
      120_000
    );
    // Let any duplicate still on its way arrive before counting.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const perAddress = new Map<string, number>();
    for (const mail of app.mail.mails) {
      for (const to of mail.to) if (to.endsWith('@instances.test')) perAddress.set(to, (perAddress.get(to) ?? 0) + 1);
    }
    expect(perAddress.size).toBe(1000);
    expect([...perAddress.values()].every((count) => count === 1)).toBe(true);
    const sentEvents = await app.strapi.db
      .query('plugin::invitations.audit-event')
      .count({ where: { action: 'invitation.sent' } });
    expect(sentEvents).toBe(1000);

    // All overdue at once; both instances run the expiry task at the same moment.
    await app.strapi.db.query('plugin::invitations.invitation').updateMany({
      where: { email: { $endsWith: '@instances.test' } },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const [here, there] = await expireInBoth();
    expect(here + there).toBe(1000);
    const expiredEvents = await app.strapi.db
      .query('plugin::invitations.audit-event')
      .count({ where: { action: 'invitation.expired' } });
    expect(expiredEvents).toBe(1000);
    const stillPending = await app.strapi.db
      .query('plugin::invitations.invitation')
      .count({ where: { status: 'pending', email: { $endsWith: '@instances.test' } } });
    expect(stillPending).toBe(0);
  }, 240_000);

  it('expires 12,000 overdue invitations with both instances at once: each exactly once, with one audit event', async () => {
    // Written straight into the table: 12,000 invitations through the API would take minutes.
    const meta = app.strapi.db.metadata.get('plugin::invitations.invitation');
    const column = (attribute: string) => (meta.attributes[attribute] as { columnName: string }).columnName;
    const past = new Date(Date.now() - 60_000);
    const OVERDUE = 12_000;
    const rows = Array.from({ length: OVERDUE }, (_, i) => ({
      [column('documentId')]: `mass${String(i).padStart(20, '0')}`,
      [column('email')]: `mass-${i}@instances.test`,
      [column('role')]: 'user',
      [column('status')]: 'pending',
      [column('expiresAt')]: past,
      [column('tokenHash')]: `mass-${i}`,
      [column('pendingKey')]: `-:mass-${i}@instances.test`,
      [column('createdAt')]: past,
      [column('updatedAt')]: past,
    }));
    for (let i = 0; i < rows.length; i += 500) {
      await app.strapi.db.getConnection(meta.tableName).insert(rows.slice(i, i + 500));
    }
    const events = app.strapi.db.query('plugin::invitations.audit-event');
    const expiredBefore = await events.count({ where: { action: 'invitation.expired' } });

    const [here, there] = await expireInBoth();
    expect(here + there).toBe(OVERDUE);
    expect((await events.count({ where: { action: 'invitation.expired' } })) - expiredBefore).toBe(OVERDUE);
    const invitations = app.strapi.db.query('plugin::invitations.invitation');
    expect(await invitations.count({ where: { email: { $startsWith: 'mass-' }, status: 'expired' } })).toBe(OVERDUE);
    expect(
      await invitations.count({ where: { email: { $startsWith: 'mass-' }, pendingKey: { $notNull: true } } })
    ).toBe(0);
  }, 240_000);

  it('reads what the other instance saved in the settings at once, even when the row was replaced', async () => {
    const portalNameThere = async () => {
      const reply = nextReply();
      second.send({ run: 'settings' });
      return (await reply).settings!.portalName;
    };
    const defaultName = app.strapi.plugin('invitations').service('settings').defaults().portalName;
    expect(await portalNameThere()).toBe(defaultName);

    const saved = await asAdmin(app, 'put', '/invitations/settings').send({ portalName: 'Twin Portal' });
    expect(saved.status).toBe(200);
    expect(await portalNameThere()).toBe('Twin Portal');

    // The row deleted and written anew (another id), as a reset by hand or a restore would.
    const store = app.strapi.store({ type: 'plugin', name: 'invitations', key: 'settings' });
    const value = await store.get();
    await store.delete({});
    expect(await portalNameThere()).toBe(defaultName);
    await store.set({ value: { ...(value as object), portalName: 'Rebuilt Portal' } });
    expect(await portalNameThere()).toBe('Rebuilt Portal');
    await store.delete({});
  });
});
