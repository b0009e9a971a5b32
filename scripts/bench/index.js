'use strict';

/**
 * `npm run bench`: every hot path of the plugin, each figure next to a floor measured in the same
 * run on the same database, with its target and `met` or `NOT met`:
 *
 *   import   POST /invitations/import of 1k, 10k and 100k rows, against the raw batched insert and the
 *            naive per-row create (plus the invite form and a hostile 1 MB cell)
 *   preview  POST /api/invitations/invitations/preview, req/s against GET /_health req/s, 20 connections
 *            (and against a public POST that answers a constant, registered below); and printed,
 *            previews while a 100,000-row import runs
 *   accept   POST /api/invitations/invitations/accept with a signed-in user, p99 with 20 connections
 *            (and against GET /api/users/me with the same JWTs)
 *   lists    GET /invitations/invitations (status filter at page 50, page 1, search), p95 one at a time,
 *            against the same page read with bare SQL; and the portal's organization lists (an
 *            organization admin's invitations and members, GET /api/invitations/organizations/…)
 *   expiry   50,000 overdue of the table, with their audit events, against the bare UPDATE (and the
 *            longest the event loop was held, i.e. no request answered)
 *   mail     10,000 queued mails drained to a real SMTP server, against a bare pooled nodemailer loop
 *   scale    with BENCH_SCALE=1e6, the lists again at that many invitations: p95 within 2x of 100k
 *
 * The server is this process (Strapi loaded from the playground, as `strapi start` runs it); the load
 * generator (autocannon) and the SMTP server run in processes of their own. SQLite by default (a fresh
 * file); BENCH_DATABASE_URL=postgres://… or mysql://… for PostgreSQL or MySQL/MariaDB (a schema or
 * database of its own, dropped after).
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { setupDatabase } = require('./database');
const { startSmtpSink } = require('./processes');
const imports = require('./import');
const paths = require('./hot-paths');

const PLAYGROUND = path.resolve(__dirname, '..', '..', 'playground');
// 10,000 (in an organization: the accepts) and 100,000 (preview, expiry, mail) are always imported:
// the hot paths run on them. BENCH_SIZES adds others.
const SIZES = [...new Set([...(process.env.BENCH_SIZES || '1000').split(',').map(Number), 10000, 100000])].sort(
  (a, b) => a - b
);
const SCALE = Number(process.env.BENCH_SCALE || 0);
const SECONDS = Number(process.env.BENCH_SECONDS || 5);
const CONNECTIONS = 20;
// Rounds of preview against /_health (see there).
const PREVIEW_ROUNDS = 3;
// Which hot paths run (comma-separated; all by default): for working on one path without the rest.
const PATHS = new Set((process.env.BENCH_PATHS || 'preview,accept,expiry,lists,mail,floors').split(','));

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'invitations-bench-'));
const log = (line) => console.log(line);
const ms = (value) => `${value.toFixed(1)} ms`;

/** The closing table: one row per figure, with its floor, ratio and target. */
const rows = [];
const record = (name, figure, floor, ratio, target, met) => rows.push({ name, figure, floor, ratio, target, met });

async function main() {
  const db = await setupDatabase(tmp);
  const smtp = await startSmtpSink();
  Object.assign(process.env, {
    NODE_ENV: 'production',
    LOG_LEVEL: 'error',
    SERVE_ADMIN_PANEL: 'false',
    CRON_ENABLED: 'false',
    INVITATIONS_EXPIRE_CRON: 'false',
    INVITATIONS_DELIVERY: 'false',
    INVITATIONS_RATE_LIMIT: 'false',
    INVITATIONS_IMPORT_MAX_ROWS: '1000000',
    INVITATIONS_IMPORT_MAX_BYTES: String(200 * 1048576),
    INVITATIONS_IMPORT_BATCH_SIZE: process.env.BENCH_BATCH_SIZE || '1000',
    JWT_SECRET: 'bench-jwt-secret',
    // Strapi's telemetry sends an event for each of the first 1,000 API requests of a day (a TLS
    // connection apiece, refused on a closed network): the bench measures the steady state after it.
    STRAPI_TELEMETRY_DISABLED: 'true',
    SMTP_PORT: String(smtp.port),
  });
  const { createStrapi } = require('@strapi/strapi');
  const strapi = await createStrapi({ appDir: PLAYGROUND, distDir: PLAYGROUND }).load();
  // The floor of the public POST routes (preview, accept): a Content API route that answers a
  // constant, through the same middlewares, body parsing and router as the plugin's routes.
  strapi.server.routes({
    type: 'content-api',
    routes: [
      {
        method: 'POST',
        path: '/bench-floor',
        handler: (ctx) => {
          ctx.body = { data: { received: typeof ctx.request.body?.token === 'string' } };
        },
        config: { auth: false },
      },
    ],
  });
  strapi.server.mount();
  await new Promise((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${strapi.server.httpServer.address().port}`;
  const sqlite = strapi.db.dialect.client === 'sqlite';
  try {
    const admin = await fetch(`${base}/admin/register-admin`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        email: 'bench@bench.test',
        password: 'Bench12345!',
        firstname: 'Bench',
        lastname: 'Admin',
      }),
    }).then((r) => r.json());
    const jwt = admin.data.token;
    const organization = await fetch(`${base}/invitations/organizations`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${jwt}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Bench Partners', slug: 'bench-partners' }),
    }).then((r) => r.json());
    if (!organization.data?.documentId) throw new Error(`organization: ${JSON.stringify(organization)}`);

    log(
      `\nstrapi-plugin-invitations benchmark on ${db.label} (${os.cpus().length} cores, ${os.cpus()[0].model}, node ${process.version})\n`
    );

    // 1. Imports: they also seed the table (111,000 invitations, 10,000 of them in an organization).
    const imported = await imports.runImports({
      base,
      jwt,
      tmp,
      sizes: SIZES,
      organization: 'bench-partners',
      organizationAt: 10000,
      log,
    });
    const formRate = await imports.runInviteForm({ base, jwt, addresses: 500, log });
    const { hostileMs, ordinaryMs } = await imports.runHostileCell({ base, jwt, tmp });
    log(`hostile 1 MB cell, dry run: ${hostileMs.toFixed(0)} ms; 1 MB of ordinary rows: ${ordinaryMs.toFixed(0)} ms`);

    // 2. HTTP hot paths, 20 connections from the load generator's process.
    if (PATHS.has('preview')) {
      // On a shared machine the same route measures up to 30% apart a minute later (seen here:
      // /_health at 2,476 and 3,128 req/s in one session). So /_health, the public POST and preview
      // are measured side by side in each of three rounds, and the round with the median ratio counts.
      const rounds = [];
      for (let round = 1; round <= PREVIEW_ROUNDS; round += 1) {
        const load = { base, tmp, connections: CONNECTIONS, seconds: SECONDS };
        const health = await paths.measureHealth(load);
        const postFloor = await paths.measurePostFloor(load);
        const preview = await paths.measurePreview({ strapi, ...load });
        rounds.push({ health, postFloor, preview, ratio: preview.rps / health.rps });
        log(
          `round ${round}: /_health ${health.rps.toFixed(0)} req/s; a public POST answering a constant ${postFloor.rps.toFixed(0)} req/s; preview ${preview.rps.toFixed(0)} req/s, p99 ${ms(preview.latency.p99)}: ${(preview.rps / health.rps).toFixed(2)}x`
        );
      }
      const { health, postFloor, preview, ratio } = [...rounds].sort((a, b) => a.ratio - b.ratio)[
        Math.floor(rounds.length / 2)
      ];
      record(
        'preview by token (req/s)',
        `${preview.rps.toFixed(0)} req/s`,
        `/_health ${health.rps.toFixed(0)} req/s; public POST ${postFloor.rps.toFixed(0)} req/s (${(preview.rps / postFloor.rps).toFixed(2)}x); median of ${rounds.length} rounds`,
        `${ratio.toFixed(2)}x`,
        '>= 0.6x',
        ratio >= 0.6
      );
    }
    if (PATHS.has('accept')) {
      const accept = await paths.measureAccept({
        strapi,
        base,
        tmp,
        connections: CONNECTIONS,
        count: 2100,
        seconds: SECONDS,
      });
      const { signedIn } = accept;
      log(
        `accept: ${accept.requests} in ${accept.seconds.toFixed(1)} s (${accept.rps.toFixed(0)}/s), p50 ${ms(accept.latency.p50)}, p99 ${ms(accept.latency.p99)}; GET /api/users/me with the same JWTs: ${signedIn.rps.toFixed(0)} req/s, p99 ${ms(signedIn.latency.p99)}`
      );
      record(
        'accept, signed in, 20 clients (p99)',
        `p99 ${ms(accept.latency.p99)} (p50 ${ms(accept.latency.p50)})`,
        `/api/users/me p99 ${ms(signedIn.latency.p99)}`,
        `${(accept.latency.p99 / signedIn.latency.p99).toFixed(1)}x`,
        '< 50 ms',
        accept.latency.p99 < 50
      );
    }
    // 3. Expiry, then the lists over the mix it leaves (pending, expired, accepted).
    if (PATHS.has('expiry')) {
      const expiry = await paths.measureExpiry({ strapi, count: 50000 });
      const expiryTarget = sqlite ? 2000 : 5000;
      log(
        `expiry: ${expiry.expired} in ${ms(expiry.pluginMs)} (median of ${expiry.pluginTimes.map((t) => t.toFixed(0)).join(', ')} ms; the event loop held at most ${ms(expiry.heldMs)}); bare UPDATE ${ms(expiry.bareMs)}`
      );
      record(
        `expire ${expiry.expired} overdue, with audit`,
        ms(expiry.pluginMs),
        `bare UPDATE ${ms(expiry.bareMs)}`,
        `${(expiry.pluginMs / expiry.bareMs).toFixed(1)}x`,
        `< ${expiryTarget / 1000} s`,
        expiry.pluginMs < expiryTarget
      );
    }
    // PostgreSQL: the lists are measured on the table as autovacuum leaves it within a minute or so of
    // a bulk change (the import, the expiry): analyzed, and with its visibility map set, which the
    // counts' index-only scans need. Measured right after the bulk change, every count reads the heap.
    // (The link tables the import filled are left as the import leaves them: it analyzes them itself.)
    const asAutovacuumLeavesIt = async () => {
      if (strapi.db.dialect.client !== 'postgres') return;
      const table = strapi.db.metadata.get('plugin::invitations.invitation').tableName;
      await strapi.db.connection.raw('VACUUM ANALYZE ??', [`${strapi.db.getSchemaName() || 'public'}.${table}`]);
    };
    if (PATHS.has('lists')) await asAutovacuumLeavesIt();
    const listTarget = sqlite ? 10 : 25;
    const lists = PATHS.has('lists') ? await paths.measureLists({ base, tmp, strapi, jwt, requests: 200 }) : {};
    for (const [shape, figure] of Object.entries(lists)) {
      log(
        `admin list, ${shape}: p95 ${ms(figure.p95)} in the plugin, ${ms(figure.http)} over HTTP (admin auth alone ${ms(figure.adminAuth)}); bare SQL p95 ${ms(figure.floor)}`
      );
      record(
        `admin list, ${shape} (p95)`,
        `${ms(figure.p95)} (HTTP ${ms(figure.http)})`,
        `bare SQL ${ms(figure.floor)}; admin auth ${ms(figure.adminAuth)}`,
        `${(figure.p95 / figure.floor).toFixed(1)}x`,
        `< ${listTarget} ms`,
        figure.p95 < listTarget
      );
    }

    // The portal's organization lists, on the organization whose invitations the accept answered.
    if (PATHS.has('lists') && PATHS.has('accept')) {
      const portal = await paths.measurePortalLists({ base, tmp, strapi, slug: 'bench-partners', requests: 200 });
      for (const [shape, figure] of Object.entries(portal)) {
        log(
          `portal list, ${shape}: p95 ${ms(figure.p95)} in the plugin, ${ms(figure.http)} over HTTP; bare SQL p95 ${ms(figure.floor)}`
        );
        record(
          `portal list, ${shape} (p95)`,
          `${ms(figure.p95)} (HTTP ${ms(figure.http)})`,
          `bare SQL ${ms(figure.floor)}`,
          `${(figure.p95 / figure.floor).toFixed(1)}x`,
          `< ${listTarget} ms`,
          figure.p95 < listTarget
        );
      }
    }

    // 4. Mail.
    if (PATHS.has('mail')) {
      const mail = await paths.measureMail({ strapi, smtp, count: 10000, log });
      const mailRatio = mail.floorMs / mail.pluginMs;
      record(
        'drain 10,000 queued mails',
        `${(mail.pluginMs / 1000).toFixed(2)} s`,
        `pooled nodemailer ${(mail.floorMs / 1000).toFixed(2)} s`,
        `${mailRatio.toFixed(2)}x`,
        '>= 0.5x',
        mailRatio >= 0.5
      );
    }
    // 5. The import's floors (they add rows, so they come after everything measured at 100k).
    if (PATHS.has('floors')) {
      const { naiveRate, rawRate } = await imports.runInsertFloors({ strapi, naiveRows: 2000, rawRows: 100000, log });
      const largest = Math.max(...SIZES);
      const top = imported[largest];
      record(
        `import ${largest} rows`,
        `${top.rate} rows/s`,
        `raw insert ${rawRate} rows/s`,
        `${(top.rate / rawRate).toFixed(2)}x`,
        '>= 0.75x',
        top.rate / rawRate >= 0.75
      );
      record(
        `import ${largest} rows vs naive create`,
        `${top.rate} rows/s`,
        `naive ${naiveRate} rows/s`,
        `${(top.rate / naiveRate).toFixed(0)}x`,
        '>= 50x',
        top.rate / naiveRate >= 50
      );
      record(
        `import ${largest} rows, peak RSS growth`,
        `+${imports.mb(top.growth)} MB`,
        '',
        '',
        '< 100 MB',
        top.growth < 100 * 1048576
      );
    }
    // 6. Preview while an admin imports 100,000 more rows: after the floors, whose raw insert would
    // otherwise go into a table 100,000 rows larger (and slower to insert into) than before.
    if (PATHS.has('preview')) {
      const during = await paths.measurePreviewDuringImport({
        strapi,
        base,
        tmp,
        connections: CONNECTIONS,
        seconds: SECONDS,
        importFile: imports.importer(base, jwt),
        file: imports.writeCsv(tmp, 100000, 'during', null),
      });
      log(
        `preview during a 100,000-row import (${(during.importMs / 1000).toFixed(1)} s): ${during.rps.toFixed(0)} req/s, p50 ${ms(during.latency.p50)}, p99 ${ms(during.latency.p99)}; the event loop held at most ${ms(during.heldMs)}`
      );
    }
    record(
      'hostile 1 MB cell (dry run)',
      ms(hostileMs),
      `1 MB of rows ${ms(ordinaryMs)}`,
      `${(hostileMs / ordinaryMs).toFixed(2)}x`,
      '<= 1x',
      hostileMs <= ordinaryMs
    );
    log(`invite form, 500 addresses in one request: ${formRate} rows/s`);

    // 7. The lists at BENCH_SCALE invitations.
    if (SCALE && PATHS.has('lists')) {
      const table = strapi.db.metadata.get('plugin::invitations.invitation').tableName;
      const [{ n }] = await strapi.db.getConnection(table).count({ n: '*' });
      const missing = SCALE - Number(n);
      const started = Date.now();
      for (let done = 0; done < missing; done += 100000) {
        const size = Math.min(100000, missing - done);
        const older = Date.now() - 86400000 * 30;
        await imports.insertRaw(
          strapi,
          imports.makeRows(strapi, size, `scale${done}`, {
            // Older than everything measured, half of them pending, half expired, as a portal's history.
            at: (i) => ({
              createdAt: new Date(older - done - i),
              status: i % 2 ? 'expired' : 'pending',
              pendingKey: i % 2 ? null : `-:scale${done}-${i}@bench.test`,
              expiresAt: new Date(Date.now() + (i % 2 ? -1 : 1) * 86400000 * 7),
              deliveryStatus: 'sent',
              nextAttemptAt: null,
            }),
          })
        );
      }
      log(`\ntable grown to ${SCALE} invitations in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      await asAutovacuumLeavesIt();
      const scaled = await paths.measureLists({ base, tmp, strapi, jwt, requests: 200 });
      for (const [shape, figure] of Object.entries(scaled)) {
        const growth = figure.p95 / lists[shape].p95;
        log(
          `admin list at ${SCALE}, ${shape}: p95 ${ms(figure.p95)} (HTTP ${ms(figure.http)}); bare SQL p95 ${ms(figure.floor)}`
        );
        record(
          `admin list at ${SCALE / 1e6}M, ${shape} (p95)`,
          ms(figure.p95),
          `at 100k ${ms(lists[shape].p95)}`,
          `${growth.toFixed(2)}x`,
          '<= 2x',
          growth <= 2
        );
      }
    }

    const widths = ['name', 'figure', 'floor', 'ratio', 'target'].map((key) =>
      Math.max(key.length, ...rows.map((row) => String(row[key]).length))
    );
    log(`\n${'-'.repeat(widths.reduce((a, b) => a + b + 2, 8))}`);
    for (const row of rows) {
      log(
        `${[row.name, row.figure, row.floor, row.ratio, row.target].map((value, i) => String(value).padEnd(widths[i])).join('  ')}  ${row.met ? 'met' : 'NOT met'}`
      );
    }
    const unmet = rows.filter((row) => !row.met).length;
    log(`\n${rows.length - unmet} of ${rows.length} targets met on ${db.label}\n`);
    if (process.env.BENCH_JSON)
      fs.writeFileSync(process.env.BENCH_JSON, JSON.stringify({ database: db.label, rows }, null, 2));
  } finally {
    await strapi.destroy();
    await smtp.stop();
    await db.drop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main()
  .then(() => process.exit(0))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
