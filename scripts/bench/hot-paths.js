'use strict';

/**
 * What a portal does all day, against floors measured in the same run:
 *   - preview by token and accept (HTTP, 20 connections from the load generator's own process),
 *     against GET /_health, Strapi's cheapest route, and Strapi's own floor for each under the same
 *     load: a public Content API POST that answers a constant (preview), GET /api/users/me with the
 *     same users' JWTs (accept);
 *   - the admin list (its three common shapes), one request at a time, against the same page read
 *     with bare SQL (page and count);
 *   - expiry of 50,000 overdue invitations with their audit events, against the bare UPDATE, and the
 *     longest the server's event loop was held meanwhile;
 *   - preview while an admin imports 100,000 rows (printed, no floor);
 *   - draining 10,000 queued mails to a real SMTP server, against a bare pooled nodemailer loop.
 */
const { runLoad } = require('./processes');

const { profiled } = require('./profile');

const UID = 'plugin::invitations.invitation';
const USER_UID = 'plugin::users-permissions.user';

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

const tableOf = (strapi) => {
  const meta = strapi.db.metadata.get(UID);
  return { name: meta.tableName, col: (attribute) => meta.attributes[attribute].columnName };
};

const expectOnly = (result, status, what) => {
  const other = Object.entries(result.statuses).filter(([code]) => Number(code) !== status);
  if (other.length || result.errors) {
    throw new Error(
      `${what}: expected only ${status}, got ${JSON.stringify(result.statuses)} and ${result.errors} errors`
    );
  }
};

/**
 * The longest the event loop went without a turn while `work` ran, in ms: how long the server could
 * answer nobody. A 5 ms timer notes each turn; the time from its last turn to the end counts too (a
 * run that never yields shows as its whole length, where perf_hooks' monitor would record nothing).
 */
async function longestHold(work) {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  try {
    const result = await work();
    return { result, heldMs: Math.max(longest, performance.now() - last) };
  } finally {
    clearInterval(timer);
  }
}

/** GET /_health under the given load: the floor of every HTTP figure. */
async function measureHealth({ base, tmp, connections, seconds }) {
  const spec = { url: base, connections, method: 'GET', path: '/_health' };
  await runLoad(tmp, { ...spec, duration: 1 });
  const result = await runLoad(tmp, { ...spec, duration: seconds });
  expectOnly(result, 204, '/_health');
  return result;
}

/** Tokens of `count` pending invitations whose address starts with `prefix`. */
async function tokensOf(strapi, prefix, count, offset = 0) {
  const t = tableOf(strapi);
  const rows = await strapi.db
    .getConnection(t.name)
    .select({ id: 'id', nonce: t.col('tokenNonce'), email: t.col('email') })
    .where(t.col('email'), 'like', `${prefix}-%`)
    .where(t.col('status'), 'pending')
    .orderBy('id')
    .offset(offset)
    .limit(count);
  const tokens = strapi.plugin('invitations').service('token');
  return rows.map((row) => ({ id: row.id, email: row.email, token: tokens.tokenFor(row.nonce) }));
}

/**
 * Strapi's own cost of a public Content API POST with a JSON body: a route (registered by the bench,
 * see index.js) that answers a constant. What preview costs beyond this is the plugin's.
 */
async function measurePostFloor({ base, tmp, connections, seconds }) {
  const spec = {
    url: base,
    connections,
    method: 'POST',
    path: '/api/bench-floor',
    body: { token: 'x'.repeat(43) },
  };
  await runLoad(tmp, { ...spec, duration: 1 });
  const result = await runLoad(tmp, { ...spec, duration: seconds });
  expectOnly(result, 200, 'POST floor');
  return result;
}

/** The preview load: each request previews the next of `invitations`, round and round. */
const previewSpec = (base, connections, invitations) => ({
  url: base,
  connections,
  method: 'POST',
  path: '/api/invitations/invitations/preview',
  each: invitations.map(({ token }) => ({ body: { token } })),
  cycle: true,
});

async function measurePreview({ strapi, base, tmp, connections, seconds }) {
  const spec = previewSpec(base, connections, await tokensOf(strapi, 'import100000', 1000, 60_000));
  await runLoad(tmp, { ...spec, duration: 1 });
  const result = await profiled('preview', () => runLoad(tmp, { ...spec, duration: seconds }));
  expectOnly(result, 200, 'preview');
  return result;
}

/**
 * Preview while an admin imports `file` (CSV): what an invitee who opens a link meets during an
 * import. The load starts with the import and lasts `seconds`; answers its figures, the import's time
 * and the longest the event loop was held meanwhile.
 */
async function measurePreviewDuringImport({ strapi, base, tmp, connections, seconds, importFile, file }) {
  const invitations = await tokensOf(strapi, 'import100000', 1000);
  const started = performance.now();
  const {
    result: { result, importMs },
    heldMs,
  } = await longestHold(() =>
    profiled('preview-during-import', async () => {
      const importing = importFile(file).then(() => performance.now() - started);
      const load = await runLoad(tmp, { ...previewSpec(base, connections, invitations), duration: seconds });
      return { result: load, importMs: await importing };
    })
  );
  expectOnly(result, 200, 'preview during an import');
  return { ...result, importMs, heldMs };
}

/** Accepts (and /users/me requests) answered before the measured ones, on the same connections. */
const ACCEPT_WARMUP = 100;

/**
 * Accept with a signed-in user: `count` invitations of the organization's import, each accepted once
 * by its own account (made here, with its own session JWT), 20 at a time.
 */
async function measureAccept({ strapi, base, tmp, connections, count, seconds }) {
  const invitations = await tokensOf(strapi, 'import10000', count);
  const now = new Date();
  await strapi.db.query(USER_UID).createMany({
    data: invitations.map(({ email }) => ({
      username: email,
      email,
      provider: 'local',
      confirmed: true,
      blocked: false,
      createdAt: now,
      updatedAt: now,
      publishedAt: now,
    })),
  });
  const users = await strapi.db.query(USER_UID).findMany({
    select: ['id', 'email'],
    where: { email: { $in: invitations.map(({ email }) => email) } },
  });
  const idOf = new Map(users.map((user) => [user.email, user.id]));
  // Signed-up users have the Authenticated role (createMany takes no relations: its link rows directly).
  const authenticated = await strapi.db
    .query('plugin::users-permissions.role')
    .findOne({ where: { type: 'authenticated' }, select: ['id'] });
  const roleLink = strapi.db.metadata.get(USER_UID).attributes.role.joinTable;
  for (let start = 0; start < users.length; start += 400) {
    await strapi.db.getConnection(roleLink.name).insert(
      users.slice(start, start + 400).map((user) => ({
        [roleLink.joinColumn.name]: user.id,
        [roleLink.inverseJoinColumn.name]: authenticated.id,
        ...(roleLink.orderColumnName ? { [roleLink.orderColumnName]: 1 } : {}),
      }))
    );
  }
  const jwtService = strapi.plugin('users-permissions').service('jwt');
  const each = [];
  for (const { email, token } of invitations) {
    const jwt = await jwtService.issue({ id: idOf.get(email) });
    each.push({ headers: { authorization: `Bearer ${jwt}` }, body: { token } });
  }
  // Strapi's own floor for a signed-in request: GET /api/users/me with the same users' JWTs (the
  // users-permissions verify and user read that accept also pays), under the same load. Both count
  // what follows their first 100 responses, on the connections those opened (`warmup` in load.js).
  const signedIn = await runLoad(tmp, {
    url: base,
    connections,
    method: 'GET',
    path: '/api/users/me',
    each: each.map(({ headers }) => ({ headers })),
    cycle: true,
    duration: seconds,
    warmup: ACCEPT_WARMUP,
  });
  expectOnly(signedIn, 200, 'users/me');
  const result = await profiled('accept', () =>
    runLoad(tmp, {
      url: base,
      connections,
      method: 'POST',
      path: '/api/invitations/invitations/accept',
      each,
      warmup: ACCEPT_WARMUP,
    })
  );
  expectOnly(result, 200, 'accept');
  const t = tableOf(strapi);
  const [{ accepted }] = await strapi.db
    .getConnection(t.name)
    .count({ accepted: '*' })
    .where(t.col('status'), 'accepted')
    .where(t.col('email'), 'like', 'import10000-%');
  if (Number(accepted) !== count) throw new Error(`accept: expected ${count} accepted, found ${accepted}`);
  return { ...result, signedIn };
}

/** The admin list's three common shapes, as the panel asks for them. */
const LIST_SHAPES = {
  'status filter, page 50': { query: 'status=pending&page=50&pageSize=20&sort=createdAt:desc' },
  'page 1, no filter': { query: 'page=1&pageSize=20&sort=createdAt:desc' },
  search: { query: 'search=-4242%40&page=1&pageSize=20&sort=createdAt:desc' },
};

/** A list shape's query as the service takes it once the controller has validated it. */
const paramsOf = (query) => {
  const params = Object.fromEntries(new URLSearchParams(query));
  return { ...params, page: Number(params.page), pageSize: Number(params.pageSize) };
};

/**
 * The same page and count in bare SQL (knex), in-process: the floor of each list shape. The status
 * filter is a plain equality: with nothing overdue (the plugin's list expires overdue rows first) it
 * answers the same rows, and it is what the (status, created_at, id) index serves. The count stops
 * at `countLimit` where the plugin's stopped (LIST_COUNT_LIMIT): the same answer.
 */
function bareListQuery(strapi, shape, countLimit) {
  const t = tableOf(strapi);
  const connection = () => strapi.db.getConnection(t.name);
  const filter = (builder) => {
    if (shape === 'status filter, page 50') {
      builder.where(t.col('status'), 'pending');
    }
    if (shape === 'search') {
      const like = strapi.db.dialect.client === 'postgres' ? 'ilike' : 'like';
      builder.where((or) =>
        ['email', 'firstName', 'lastName', 'partnerName'].forEach((field) => or.orWhere(t.col(field), like, '%-4242@%'))
      );
    }
    return builder;
  };
  const offset = shape === 'status filter, page 50' ? 49 * 20 : 0;
  return async () => {
    await filter(connection().select('*'))
      .orderBy([
        { column: t.col('createdAt'), order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(20)
      .offset(offset);
    if (countLimit === undefined) await filter(connection().count({ n: '*' }));
    else
      await connection()
        .from(
          filter(connection().select('id'))
            .limit(countLimit + 1)
            .as('matching')
        )
        .count({ n: '*' });
  };
}

/** p95 of `requests` sequential calls of `call`, after 20 to warm up. */
async function sequentialP95(call, requests) {
  for (let i = 0; i < 20; i += 1) await call();
  const samples = [];
  const started = performance.now();
  // A floor that is a scan (the search's bare SQL at 1,000,000 rows: 1-4 s a call) stops after 20 s
  // with at least 10 samples, rather than taking a quarter of an hour.
  for (let i = 0; i < requests && (i < 10 || performance.now() - started < 20_000); i += 1) {
    const at = performance.now();
    await call();
    samples.push(performance.now() - at);
  }
  return percentile(samples, 95);
}

/** p95 of `requests` GET requests to `path`, one at a time, after 20 to warm up (HTTP from the load generator). */
const sequentialHttpP95 = async ({ base, tmp, headers, requests }, path) => {
  const spec = { url: base, connections: 1, method: 'GET', path, headers };
  await runLoad(tmp, { ...spec, amount: 20 });
  const result = await runLoad(tmp, { ...spec, amount: requests });
  expectOnly(result, 200, `GET ${path}`);
  return result.latency.p95;
};

/**
 * Each list shape three ways, one request at a time: over HTTP (what the panel waits for), the
 * plugin's list service in-process (the plugin's own cost), and the bare SQL (the floor). Also the
 * HTTP floor of any admin route: Strapi's own GET /admin/users/me, which authenticates the admin
 * (JWT, session, permission engine) as every admin request does.
 */
async function measureLists({ base, tmp, strapi, jwt, requests }) {
  const http = (path) => sequentialHttpP95({ base, tmp, headers: { authorization: `Bearer ${jwt}` }, requests }, path);
  const adminAuth = await http('/admin/users/me');
  const service = strapi.plugin('invitations').service('invitation');
  const figures = {};
  for (const [shape, { query }] of Object.entries(LIST_SHAPES)) {
    const { pagination } = await service.list(paramsOf(query));
    figures[shape] = {
      http: await http(`/invitations/invitations?${query}`),
      p95: await sequentialP95(() => service.list(paramsOf(query)), requests),
      floor: await sequentialP95(
        bareListQuery(strapi, shape, pagination.totalCapped ? pagination.total : undefined),
        requests
      ),
      adminAuth,
    };
  }
  return figures;
}

/**
 * The portal's organization lists (an organization admin's own invitations and members, through the
 * Content API), measured as the admin lists are: over HTTP, in the plugin, and in bare SQL. The
 * organization is the accept's: its 10,000 invitations, of which the accept made ~2,100 members; one of
 * them is made its admin and signs in.
 */
async function measurePortalLists({ base, tmp, strapi, slug, requests }) {
  const MEMBERSHIP = 'plugin::invitations.membership';
  const membershipMeta = strapi.db.metadata.get(MEMBERSHIP);
  const col = (attribute) => membershipMeta.attributes[attribute].columnName;
  const orgLink = membershipMeta.attributes.organization.joinTable;
  const userLink = membershipMeta.attributes.user.joinTable;
  const organization = await strapi.plugin('invitations').service('organization').findByRef(slug);
  const table = (name) => strapi.db.getConnection(name);
  const [admin] = await table(`${membershipMeta.tableName} as m`)
    .select({ id: 'm.id', userId: `u.${userLink.inverseJoinColumn.name}` })
    .join(`${orgLink.name} as o`, `o.${orgLink.joinColumn.name}`, 'm.id')
    .join(`${userLink.name} as u`, `u.${userLink.joinColumn.name}`, 'm.id')
    .where(`o.${orgLink.inverseJoinColumn.name}`, organization.id)
    .where(`m.${col('status')}`, 'active')
    .orderBy('m.id')
    .limit(1);
  if (!admin) throw new Error('portal lists: the organization has no member (run them with accept)');
  await table(membershipMeta.tableName)
    .where('id', admin.id)
    .update({ [col('role')]: 'admin' });
  const jwt = await strapi.plugin('users-permissions').service('jwt').issue({ id: admin.userId });
  const http = (path) => sequentialHttpP95({ base, tmp, headers: { authorization: `Bearer ${jwt}` }, requests }, path);

  // The same page as the plugin reads it: the organization kept on the invitation's row, its index.
  const inv = tableOf(strapi);
  const invitationsFloor = async () => {
    const scoped = () =>
      table(inv.name).where(inv.col('scopeOrganization'), organization.id).where(inv.col('status'), 'pending');
    await scoped()
      .select('*')
      .orderBy([
        { column: inv.col('createdAt'), order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(20)
      .offset(49 * 20);
    await scoped().count({ n: '*' });
  };
  // The same page as the plugin reads it: the organization kept on the membership's row, its index.
  const membersFloor = (page) => async () => {
    const scoped = () =>
      table(`${membershipMeta.tableName} as m`)
        .where(`m.${col('scopeOrganization')}`, organization.id)
        .where(`m.${col('status')}`, 'active');
    await scoped()
      .select('m.*')
      .orderBy([
        { column: `m.${col('createdAt')}`, order: 'asc' },
        { column: 'm.id', order: 'asc' },
      ])
      .limit(20)
      .offset((page - 1) * 20);
    await scoped().count({ n: '*' });
  };

  const invitations = strapi.plugin('invitations').service('invitation');
  const memberships = strapi.plugin('invitations').service('membership');
  const prefix = `/api/invitations/organizations/${slug}`;
  /** A members page as the other figures are taken: over HTTP, in the plugin, and in bare SQL. */
  const membersAt = async (page) => ({
    http: await http(`${prefix}/members?page=${page}&pageSize=20`),
    p95: await sequentialP95(
      () => memberships.listForOrganization(organization, { status: 'active', page, pageSize: 20 }),
      requests
    ),
    floor: await sequentialP95(membersFloor(page), requests),
  });
  return {
    'invitations, status filter, page 50': {
      http: await http(`${prefix}/invitations?status=pending&page=50&pageSize=20&sort=createdAt:desc`),
      p95: await sequentialP95(
        () =>
          invitations.listScoped({
            status: 'pending',
            page: 50,
            pageSize: 20,
            sort: 'createdAt:desc',
            organizationId: organization.id,
          }),
        requests
      ),
      floor: await sequentialP95(invitationsFloor, requests),
    },
    'members, page 1': await membersAt(1),
    'members, page 50': await membersAt(50),
  };
}

/**
 * Makes 50,000 pending invitations of the 100k import overdue and expires them through the plugin (the
 * cron's task: conditional UPDATE, audit events in the same transaction, webhooks after), then puts
 * them back to overdue pending and times the bare UPDATE alone; `rounds` times each, answering the
 * medians (one round of 50,000 rows varied by 10% from run to run).
 */
async function measureExpiry({ strapi, count, rounds = 3 }) {
  const t = tableOf(strapi);
  const connection = () => strapi.db.getConnection(t.name);
  const ids = (
    await connection()
      .select('id')
      .where(t.col('email'), 'like', 'import100000-%')
      .where(t.col('status'), 'pending')
      .orderBy('id')
      .limit(count)
  ).map((row) => row.id);
  const [first, last] = [ids[0], ids[ids.length - 1]];
  const inRange = (builder) =>
    builder.whereBetween('id', [first, last]).where(t.col('email'), 'like', 'import100000-%');
  const past = new Date(Date.now() - 3_600_000);
  // Back to overdue pending invitations as imported, pending key included (these have no organization):
  // an expiry that found the key already null would spare itself an index change per row.
  const knex = strapi.db.connection;
  const pendingKey =
    strapi.db.dialect.client === 'mysql'
      ? knex.raw("concat('-:', ??)", [t.col('email')])
      : knex.raw("'-:' || ??", [t.col('email')]);
  const makeOverdue = () =>
    inRange(
      connection().update({
        [t.col('status')]: 'pending',
        [t.col('expiresAt')]: past,
        [t.col('pendingKey')]: pendingKey,
      })
    ).whereIn(t.col('status'), ['pending', 'expired']);
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

  const pluginTimes = [];
  // The longest the server's event loop was held, i.e. no other request could be answered.
  let heldMs = 0;
  for (let round = 0; round < rounds; round += 1) {
    await makeOverdue();
    const started = performance.now();
    const { result: expired, heldMs: held } = await longestHold(() =>
      profiled('expiry', () => strapi.plugin('invitations').service('expire-invitations').run())
    );
    heldMs = Math.max(heldMs, held);
    pluginTimes.push(performance.now() - started);
    if (expired !== ids.length) throw new Error(`expiry: expected ${ids.length} expired, got ${expired}`);
  }
  const bareTimes = [];
  for (let round = 0; round < rounds; round += 1) {
    await makeOverdue();
    const started = performance.now();
    const now = new Date();
    const changed = await connection()
      .update({ [t.col('status')]: 'expired', [t.col('pendingKey')]: null, [t.col('updatedAt')]: now })
      .where(t.col('status'), 'pending')
      .where(t.col('expiresAt'), '<=', now);
    bareTimes.push(performance.now() - started);
    if (Number(changed) !== ids.length) throw new Error(`bare expiry: expected ${ids.length}, changed ${changed}`);
  }
  return {
    pluginMs: median(pluginTimes),
    bareMs: median(bareTimes),
    expired: ids.length,
    pluginTimes,
    heldMs,
  };
}

/**
 * Queues `count` pending invitations (every other invitation marked sent), starts the plugin's mail worker
 * and times it until the queue is empty; then sends as many mails of the same size with a bare pooled
 * nodemailer transport to the same server.
 */
async function measureMail({ strapi, smtp, count, log }) {
  const t = tableOf(strapi);
  const connection = () => strapi.db.getConnection(t.name);
  await connection().update({ [t.col('deliveryStatus')]: 'sent', [t.col('nextAttemptAt')]: null });
  const ids = (
    await connection()
      .select('id')
      .where(t.col('email'), 'like', 'import100000-%')
      .where(t.col('status'), 'pending')
      .orderBy('id', 'desc')
      .limit(count)
  ).map((row) => row.id);
  if (ids.length !== count) throw new Error(`mail: only ${ids.length} pending invitations to queue`);
  const now = new Date();
  await connection()
    .update({
      [t.col('deliveryStatus')]: 'queued',
      [t.col('nextAttemptAt')]: now,
      [t.col('deliveryLockedUntil')]: null,
      [t.col('deliveryAttempts')]: 0,
    })
    .whereBetween('id', [ids[ids.length - 1], ids[0]])
    .where(t.col('email'), 'like', 'import100000-%')
    .where(t.col('status'), 'pending');
  const countOf = async (status) =>
    Number((await connection().count({ n: '*' }).where(t.col('deliveryStatus'), status))[0].n);
  if ((await countOf('queued')) !== count) throw new Error('mail: the queue does not hold the rows queued');

  // PostgreSQL: the queue is set up by two UPDATEs over the table, which leave 100,000 dead row
  // versions; the worker meets the table as autovacuum leaves it a minute later (as the lists do).
  if (strapi.db.dialect.client === 'postgres') {
    await strapi.db.connection.raw('VACUUM ANALYZE ??', [`${strapi.db.getSchemaName() || 'public'}.${t.name}`]);
  }

  const before = await smtp.received();
  strapi.config.set('plugin::invitations.delivery.enabled', true);
  const worker = strapi.plugin('invitations').service('email-delivery');
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const started = performance.now();
  await profiled('mail', async () => {
    worker.start();
    // Polled on the SMTP server's own count, and the table only for failures once a second and, at the
    // end, for the last deliveries being recorded: a count(*) of the queue every 50 ms took 30 of the
    // 42 s a drain took on PostgreSQL (482 counts of 62 ms each, competing with the worker for the CPU).
    for (let polls = 1; (await smtp.received()) - before < count; polls += 1) {
      await sleep(50);
      if (polls % 20 === 0) {
        const failed = await countOf('failed');
        if (failed) throw new Error(`mail: ${failed} deliveries failed`);
      }
    }
    while ((await countOf('queued')) > 0) await sleep(10);
  });
  const pluginMs = performance.now() - started;
  await worker.stop();
  strapi.config.set('plugin::invitations.delivery.enabled', false);
  const delivered = (await smtp.received()) - before;
  if (delivered !== count) throw new Error(`mail: the SMTP server received ${delivered} of ${count}`);

  // The floor: the same number of mails, rendered once, through a pooled transport to the same server.
  const nodemailer = require('nodemailer');
  const sample = await strapi.plugin('invitations').service('settings').preview(
    {},
    {
      id: 1,
      firstname: 'Bench',
      lastname: 'Admin',
      email: 'bench@bench.test',
    }
  );
  // The same connection options as the plugin's provider (the playground's: pooled, Nagle off).
  const { providerOptions } = strapi.config.get('plugin::email');
  const transport = nodemailer.createTransport({ ...providerOptions, host: '127.0.0.1', port: smtp.port });
  const floorStarted = performance.now();
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      transport.sendMail({ from: 'no-reply@portal.test', to: `floor-${i}@bench.test`, ...sample })
    )
  );
  const floorMs = performance.now() - floorStarted;
  transport.close();
  log(
    `mail drain: ${count} mails in ${(pluginMs / 1000).toFixed(2)} s; bare pooled nodemailer ${(floorMs / 1000).toFixed(2)} s`
  );
  return { pluginMs, floorMs };
}

module.exports = {
  measurePreviewDuringImport,
  measureHealth,
  measurePostFloor,
  measurePreview,
  measureAccept,
  measureLists,
  measurePortalLists,
  measureExpiry,
  measureMail,
  LIST_SHAPES,
};
