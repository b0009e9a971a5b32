'use strict';

/**
 * `npm run bench`: CSV import throughput, measured against the naive way and the physical limit in
 * the same run, on the same database.
 *
 *   - import:  POST /invitations/import of generated CSVs (1k, 10k, 100k rows), end to end over HTTP
 *   - form:    POST /invitations/invitations with 500 addresses (the most one request takes), as the
 *              invite dialog sends them: same insert path, plus one audit event per invitation
 *   - naive:   one strapi.documents().create per row (2k rows)
 *   - raw:     batched inserts into the same table in one transaction (100k rows): knex's builder,
 *              and the statement the import itself uses (multi-row VALUES on SQLite, unnest on
 *              PostgreSQL); the fastest is the physical limit the import is judged against
 *
 * SQLite by default (a fresh file); PostgreSQL with BENCH_DATABASE_URL=postgres://… (own schema,
 * dropped after). Mail delivery is off: the benchmark measures the import, not SMTP.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { randomBytes, createHash } = require('crypto');

const PLAYGROUND = path.resolve(__dirname, '..', 'playground');
const SIZES = (process.env.BENCH_SIZES || '1000,10000,100000').split(',').map(Number);
const NAIVE_ROWS = Number(process.env.BENCH_NAIVE_ROWS || 2000);
const RAW_ROWS = Number(process.env.BENCH_RAW_ROWS || 100000);
const UID = 'plugin::invitations.invitation';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'invitations-bench-'));
const rate = (rows, ms) => Math.round((rows / ms) * 1000);
const mb = (bytes) => (bytes / 1048576).toFixed(1);

async function setupDatabase() {
  Object.assign(process.env, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    SERVE_ADMIN_PANEL: 'false',
    CRON_ENABLED: 'false',
    INVITATIONS_EXPIRE_CRON: 'false',
    INVITATIONS_DELIVERY: 'false',
    INVITATIONS_IMPORT_MAX_ROWS: '1000000',
    INVITATIONS_IMPORT_MAX_BYTES: String(512 * 1048576),
    INVITATIONS_IMPORT_BATCH_SIZE: process.env.BENCH_BATCH_SIZE || '2000',
    JWT_SECRET: 'bench-jwt-secret',
    DATABASE_FILENAME: path.join(tmp, 'bench.db'),
  });
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) return { label: 'SQLite', drop: async () => undefined };
  const { Client } = require('pg');
  const schema = `inv_bench_${process.pid}`;
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query(`CREATE SCHEMA "${schema}"`);
  await client.end();
  Object.assign(process.env, { DATABASE_CLIENT: 'postgres', DATABASE_URL: url, DATABASE_SCHEMA: schema });
  return {
    label: 'PostgreSQL',
    drop: async () => {
      const c = new Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await c.end();
    },
  };
}

function writeCsv(rows, prefix) {
  const file = path.join(tmp, `${prefix}.csv`);
  const lines = ['emailAddress,role,firstName,lastName'];
  for (let i = 0; i < rows; i += 1) lines.push(`${prefix}-${i}@bench.test,user,First${i},Last${i}`);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Peak RSS above the level just before `work`, sampled every 10 ms. */
async function withPeakRss(work) {
  if (global.gc) global.gc();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, growth: peak - base };
  } finally {
    clearInterval(timer);
  }
}

async function main() {
  const db = await setupDatabase();
  const { createStrapi } = require('@strapi/strapi');
  const strapi = await createStrapi({ appDir: PLAYGROUND, distDir: PLAYGROUND }).load();
  strapi.server.mount();
  await new Promise((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${strapi.server.httpServer.address().port}`;
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

    const importFile = async (file, { dryRun = false } = {}) => {
      const form = new FormData();
      form.append('file', new Blob([fs.readFileSync(file)], { type: 'text/csv' }), path.basename(file));
      const res = await fetch(`${base}/invitations/import${dryRun ? '?dryRun=true' : ''}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${jwt}` },
        body: form,
      });
      const body = await res.json();
      if (!res.ok && res.status !== 201)
        throw new Error(`import failed: ${res.status} ${JSON.stringify(body).slice(0, 500)}`);
      return body;
    };

    console.log(
      `\nstrapi-plugin-invitations benchmark on ${db.label} (${os.cpus().length} cores, node ${process.version})\n`
    );
    const results = {};
    for (const size of SIZES) {
      const file = writeCsv(size, `import${size}`);
      const started = performance.now();
      const { result: report, growth } = await withPeakRss(() => importFile(file));
      const ms = performance.now() - started;
      if (report.totals.created !== size)
        throw new Error(`expected ${size} created, got ${JSON.stringify(report.totals)}`);
      results[size] = { ms, rate: rate(size, ms), growth };
      console.log(
        `import ${String(size).padStart(7)} rows: ${(ms / 1000).toFixed(2).padStart(7)} s  ${String(rate(size, ms)).padStart(7)} rows/s  peak RSS +${mb(growth)} MB`
      );
    }

    // The invite form: one request with as many addresses as it takes.
    const FORM_ADDRESSES = 500;
    const formStarted = performance.now();
    const formResponse = await fetch(`${base}/invitations/invitations`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${jwt}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ emails: Array.from({ length: FORM_ADDRESSES }, (_, i) => `form-${i}@bench.test`) }),
    });
    const formBody = await formResponse.json();
    const formMs = performance.now() - formStarted;
    if (formBody.summary?.created !== FORM_ADDRESSES)
      throw new Error(`invite form: expected ${FORM_ADDRESSES} created, got ${JSON.stringify(formBody).slice(0, 500)}`);
    const formRate = rate(FORM_ADDRESSES, formMs);
    console.log(
      `form   ${String(FORM_ADDRESSES).padStart(7)} addresses: ${(formMs / 1000).toFixed(2).padStart(4)} s  ${String(formRate).padStart(7)} rows/s  (POST /invitations/invitations, one request)`
    );

    // Hostile cells: a dry run of a 1 MB file that is one 1 MB email cell, against the floor of a dry
    // run of a 1 MB file of ordinary rows (the same bytes, parsed and checked the ordinary way). A
    // quadratic check would make the first take minutes; linear ones keep it near the floor.
    const hostileFile = path.join(tmp, 'hostile.csv');
    fs.writeFileSync(hostileFile, `emailAddress,firstName\n"<${'a.'.repeat(500_000)}@x.test>",A\n`);
    const ordinaryFile = writeCsv(Math.round(1_048_576 / 40), 'ordinary');
    const timeDryRun = async (file) => {
      await importFile(file, { dryRun: true });
      const started = performance.now();
      await importFile(file, { dryRun: true });
      return performance.now() - started;
    };
    const ordinaryMs = await timeDryRun(ordinaryFile);
    const hostileMs = await timeDryRun(hostileFile);
    console.log(
      `hostile 1 MB cell, dry run: ${hostileMs.toFixed(0)} ms against ${ordinaryMs.toFixed(0)} ms for 1 MB of ordinary rows`
    );

    // The naive way: one Document Service create per row.
    const documents = strapi.documents(UID);
    const naiveStarted = performance.now();
    for (let i = 0; i < NAIVE_ROWS; i += 1) {
      const nonce = randomBytes(32).toString('base64url');
      await documents.create({
        data: {
          email: `naive-${i}@bench.test`,
          role: 'user',
          firstName: `First${i}`,
          lastName: `Last${i}`,
          status: 'pending',
          expiresAt: new Date(Date.now() + 7 * 86400000),
          source: 'csv',
          deliveryStatus: 'queued',
          deliveryAttempts: 0,
          tokenNonce: nonce,
          tokenHash: createHash('sha256').update(nonce).digest('hex'),
          pendingKey: `-:naive-${i}@bench.test`,
        },
      });
    }
    const naiveMs = performance.now() - naiveStarted;
    const naiveRate = rate(NAIVE_ROWS, naiveMs);
    console.log(
      `naive  ${String(NAIVE_ROWS).padStart(7)} rows: ${(naiveMs / 1000).toFixed(2).padStart(7)} s  ${String(naiveRate).padStart(7)} rows/s  (documents().create per row)`
    );

    // The physical limit: batched inserts of the same columns into the same table, one transaction.
    const meta = strapi.db.metadata.get(UID);
    const col = (name) => meta.attributes[name].columnName;
    const now = new Date();
    // Values shaped like real ones (random ids, nonces and hashes), made before the clock starts:
    // sequential keys would be cheaper for the indexes than what an import really inserts.
    const makeRows = (prefix) => {
      const rows = [];
      const id = () =>
        randomBytes(18)
          .toString('base64url')
          .toLowerCase()
          .replace(/[^a-z0-9]/g, 'x')
          .slice(0, 24);
      for (let i = 0; i < RAW_ROWS; i += 1) {
        const nonce = randomBytes(32).toString('base64url');
        rows.push({
          [col('documentId')]: id(),
          [col('email')]: `${prefix}-${i}@bench.test`,
          [col('role')]: 'user',
          [col('firstName')]: `First${i}`,
          [col('lastName')]: `Last${i}`,
          [col('status')]: 'pending',
          [col('expiresAt')]: now,
          [col('source')]: 'csv',
          [col('deliveryStatus')]: 'queued',
          [col('deliveryAttempts')]: 0,
          [col('nextAttemptAt')]: now,
          [col('tokenNonce')]: nonce,
          [col('tokenHash')]: createHash('sha256').update(nonce).digest('hex'),
          [col('pendingKey')]: `-:${prefix}-${i}@bench.test`,
          [col('createdAt')]: now,
          [col('updatedAt')]: now,
          [col('publishedAt')]: now,
        });
      }
      return rows;
    };
    const rows = makeRows('raw');
    const rawStarted = performance.now();
    await strapi.db.transaction(async ({ trx }) => {
      // 400 rows a statement: knex writes SQLite multi-row inserts as a compound SELECT (500 terms at most).
      for (let i = 0; i < rows.length; i += 400) {
        await strapi.db
          .getConnection(meta.tableName)
          .transacting(trx)
          .insert(rows.slice(i, i + 400));
      }
    });
    const rawMs = performance.now() - rawStarted;
    let rawRate = rate(RAW_ROWS, rawMs);
    console.log(
      `raw    ${String(RAW_ROWS).padStart(7)} rows: ${(rawMs / 1000).toFixed(2).padStart(7)} s  ${String(rawRate).padStart(7)} rows/s  (knex insert builder, one transaction)`
    );

    if (strapi.db.dialect.client === 'sqlite') {
      // Knex writes SQLite multi-row inserts as a compound SELECT; plain multi-row VALUES (what the
      // import uses there) is faster, so it is the physical limit the import is judged against.
      const valuesRows = makeRows('values');
      const columns = Object.keys(valuesRows[0]);
      const perStatement = Math.floor(32766 / columns.length);
      const valuesStarted = performance.now();
      await strapi.db.transaction(async ({ trx }) => {
        for (let i = 0; i < valuesRows.length; i += perStatement) {
          const part = valuesRows.slice(i, i + perStatement);
          const sql = `insert into ?? (${columns.map(() => '??').join(', ')}) values ${part.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ')}`;
          await trx.raw(sql, [meta.tableName, ...columns, ...part.flatMap((row) => columns.map((c) => row[c]))]);
        }
      });
      const valuesMs = performance.now() - valuesStarted;
      const valuesRate = rate(RAW_ROWS, valuesMs);
      console.log(
        `raw    ${String(RAW_ROWS).padStart(7)} rows: ${(valuesMs / 1000).toFixed(2).padStart(7)} s  ${String(valuesRate).padStart(7)} rows/s  (multi-row VALUES, one transaction)`
      );
      rawRate = Math.max(rawRate, valuesRate);
    }

    if (strapi.db.dialect.client === 'postgres') {
      // On PostgreSQL the import inserts a batch as one INSERT … SELECT FROM unnest(column arrays);
      // the same statement over all rows in one transaction is the physical limit there.
      const unnestRows = makeRows('unnest');
      const columns = Object.keys(unnestRows[0]);
      const schema = strapi.db.getSchemaName();
      const { rows: typeRows } = await strapi.db.connection.raw(
        'select column_name, udt_name from information_schema.columns where table_schema = coalesce(?, current_schema()) and table_name = ?',
        [schema || null, meta.tableName]
      );
      const types = new Map(typeRows.map((row) => [row.column_name, row.udt_name]));
      const sql = `insert into ?? (${columns.map(() => '??').join(', ')}) select * from unnest(${columns.map((c) => `?::${types.get(c)}[]`).join(', ')})`;
      const unnestStarted = performance.now();
      await strapi.db.transaction(async ({ trx }) => {
        for (let i = 0; i < unnestRows.length; i += 5000) {
          const part = unnestRows.slice(i, i + 5000);
          await trx.raw(sql, [
            schema ? `${schema}.${meta.tableName}` : meta.tableName,
            ...columns,
            ...columns.map((c) => part.map((row) => row[c])),
          ]);
        }
      });
      const unnestMs = performance.now() - unnestStarted;
      const unnestRate = rate(RAW_ROWS, unnestMs);
      console.log(
        `raw    ${String(RAW_ROWS).padStart(7)} rows: ${(unnestMs / 1000).toFixed(2).padStart(7)} s  ${String(unnestRate).padStart(7)} rows/s  (INSERT … SELECT FROM unnest, one transaction)`
      );
      rawRate = Math.max(rawRate, unnestRate);
    }

    const largest = Math.max(...SIZES);
    const top = results[largest];
    const vsRaw = top.rate / rawRate;
    const vsNaive = top.rate / naiveRate;
    console.log(
      `\nimport at ${largest} rows vs the faster raw batched insert: ${vsRaw.toFixed(2)}x (target >= 0.5)  ${vsRaw >= 0.5 ? 'met' : 'NOT met'}`
    );
    console.log(
      `import at ${largest} rows vs naive per-row create: ${vsNaive.toFixed(1)}x (target >= 50)  ${vsNaive >= 50 ? 'met' : 'NOT met'}`
    );
    console.log(
      `peak RSS growth during the ${largest}-row import: ${mb(top.growth)} MB (target < 150 MB)  ${top.growth < 150 * 1048576 ? 'met' : 'NOT met'}`
    );
    console.log(
      `invite form (${FORM_ADDRESSES} addresses in one request) vs naive per-row create: ${(formRate / naiveRate).toFixed(1)}x`
    );
    const hostileRatio = hostileMs / ordinaryMs;
    console.log(
      `hostile 1 MB cell vs 1 MB of ordinary rows (dry runs): ${hostileRatio.toFixed(2)}x (target <= 1)  ${hostileRatio <= 1 ? 'met' : 'NOT met'}\n`
    );
  } finally {
    await strapi.destroy();
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
