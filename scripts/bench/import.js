'use strict';

/**
 * The CSV import against its floors: the naive per-row create and the raw batched insert of the same
 * columns into the same table (knex's builder, and the statement the import itself uses: multi-row
 * VALUES on SQLite and MySQL, INSERT … SELECT FROM unnest on PostgreSQL).
 */
const fs = require('fs');
const path = require('path');
const { randomBytes, createHash } = require('crypto');
const { profiled } = require('./profile');

const UID = 'plugin::invitations.invitation';
const rate = (rows, ms) => Math.round((rows / ms) * 1000);
const mb = (bytes) => (bytes / 1048576).toFixed(1);

function writeCsv(tmp, rows, prefix, organization) {
  const file = path.join(tmp, `${prefix}.csv`);
  const lines = [`emailAddress,role,firstName,lastName${organization ? ',organization' : ''}`];
  for (let i = 0; i < rows; i += 1) {
    lines.push(`${prefix}-${i}@bench.test,user,First${i},Last${i}${organization ? `,${organization}` : ''}`);
  }
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

function importer(base, jwt) {
  return async (file, { dryRun = false } = {}) => {
    const form = new FormData();
    form.append('file', new Blob([fs.readFileSync(file)], { type: 'text/csv' }), path.basename(file));
    const res = await fetch(`${base}/invitations/import${dryRun ? '?dryRun=true' : ''}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${jwt}` },
      body: form,
    });
    const body = await res.json();
    if (!res.ok) throw new Error(`import failed: ${res.status} ${JSON.stringify(body).slice(0, 500)}`);
    return body;
  };
}

/**
 * Imports `sizes` rows each, over HTTP; the import of `organizationAt` rows names `organization` in
 * every row (the invitations the accept benchmark uses). Answers { [size]: { ms, rate, growth } }.
 */
async function runImports({ base, jwt, tmp, sizes, organization, organizationAt, log }) {
  const importFile = importer(base, jwt);
  const results = {};
  for (const size of sizes) {
    const file = writeCsv(tmp, size, `import${size}`, size === organizationAt ? organization : null);
    const started = performance.now();
    const { result: report, growth } = await withPeakRss(() =>
      size === 100000 ? profiled('import', () => importFile(file)) : importFile(file)
    );
    const ms = performance.now() - started;
    if (report.totals.created !== size)
      throw new Error(`expected ${size} created, got ${JSON.stringify(report.totals)}`);
    results[size] = { ms, rate: rate(size, ms), growth };
    log(
      `import ${String(size).padStart(7)} rows: ${(ms / 1000).toFixed(2).padStart(7)} s  ${String(rate(size, ms)).padStart(7)} rows/s  peak RSS +${mb(growth)} MB`
    );
  }
  return results;
}

/** The invite form: one request with as many addresses as it takes. Answers rows/s. */
async function runInviteForm({ base, jwt, addresses, log }) {
  const started = performance.now();
  const res = await fetch(`${base}/invitations/invitations`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${jwt}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ emails: Array.from({ length: addresses }, (_, i) => `form-${i}@bench.test`) }),
  });
  const body = await res.json();
  const ms = performance.now() - started;
  if (body.summary?.created !== addresses) {
    throw new Error(`invite form: expected ${addresses} created, got ${JSON.stringify(body).slice(0, 500)}`);
  }
  log(
    `form   ${String(addresses).padStart(7)} addresses: ${(ms / 1000).toFixed(2)} s  ${rate(addresses, ms)} rows/s  (one request)`
  );
  return rate(addresses, ms);
}

/**
 * Hostile cells: a dry run of a 1 MB file that is one 1 MB email cell, against a dry run of 1 MB of
 * ordinary rows. A quadratic check would take minutes; linear ones stay near the floor.
 */
async function runHostileCell({ base, jwt, tmp }) {
  const importFile = importer(base, jwt);
  const hostileFile = path.join(tmp, 'hostile.csv');
  fs.writeFileSync(hostileFile, `emailAddress,firstName\n"<${'a.'.repeat(500_000)}@x.test>",A\n`);
  const ordinaryFile = writeCsv(tmp, Math.round(1_048_576 / 40), 'ordinary');
  const timeDryRun = async (file) => {
    await importFile(file, { dryRun: true });
    const started = performance.now();
    await importFile(file, { dryRun: true });
    return performance.now() - started;
  };
  const ordinaryMs = await timeDryRun(ordinaryFile);
  const hostileMs = await timeDryRun(hostileFile);
  return { hostileMs, ordinaryMs };
}

/** Rows shaped like real ones (random ids, nonces and hashes): sequential keys would flatter the indexes. */
function makeRows(strapi, count, prefix, overrides = {}) {
  const meta = strapi.db.metadata.get(UID);
  const col = (name) => meta.attributes[name].columnName;
  const now = new Date();
  const id = () =>
    randomBytes(18)
      .toString('base64url')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, 'x')
      .slice(0, 24);
  const rows = [];
  for (let i = 0; i < count; i += 1) {
    const nonce = randomBytes(32).toString('base64url');
    const row = {
      documentId: id(),
      email: `${prefix}-${i}@bench.test`,
      role: 'user',
      firstName: `First${i}`,
      lastName: `Last${i}`,
      status: 'pending',
      expiresAt: now,
      source: 'csv',
      deliveryStatus: 'queued',
      deliveryAttempts: 0,
      nextAttemptAt: now,
      tokenNonce: nonce,
      tokenHash: createHash('sha256').update(nonce).digest('hex'),
      pendingKey: `-:${prefix}-${i}@bench.test`,
      createdAt: now,
      updatedAt: now,
      publishedAt: now,
      ...(overrides.at ? overrides.at(i) : {}),
    };
    rows.push(Object.fromEntries(Object.entries(row).map(([key, value]) => [col(key), value])));
  }
  return rows;
}

/** Inserts rows with the fastest statement of the dialect, in one transaction (the import's own kind). */
async function insertRaw(strapi, rows) {
  const meta = strapi.db.metadata.get(UID);
  const columns = Object.keys(rows[0]);
  const client = strapi.db.dialect.client;
  await strapi.db.transaction(async ({ trx }) => {
    if (client === 'postgres') {
      const schema = strapi.db.getSchemaName();
      const { rows: typeRows } = await trx.raw(
        'select column_name, udt_name from information_schema.columns where table_schema = coalesce(?, current_schema()) and table_name = ?',
        [schema || null, meta.tableName]
      );
      const types = new Map(typeRows.map((row) => [row.column_name, row.udt_name]));
      // As the plugin's insertValues: a column with one value for the whole chunk goes once, as a
      // scalar, rather than as an array of copies (so the floor stays the fastest statement).
      const same = (a, b) => a === b || (a instanceof Date && b instanceof Date && a.getTime() === b.getTime());
      for (let i = 0; i < rows.length; i += 5000) {
        const part = rows.slice(i, i + 5000);
        const constant = columns.map((c, index) => index > 0 && part.every((row) => same(row[c], part[0][c])));
        const arrays = columns.filter((_, index) => !constant[index]);
        const selected = columns.map((c, index) =>
          constant[index] ? `?::${types.get(c)}` : `unnested.c${arrays.indexOf(c)}`
        );
        const sql =
          `insert into ?? (${columns.map(() => '??').join(', ')}) select ${selected.join(', ')}` +
          ` from unnest(${arrays.map((c) => `?::${types.get(c)}[]`).join(', ')})` +
          ` as unnested(${arrays.map((_, index) => `c${index}`).join(', ')})`;
        await trx.raw(sql, [
          schema ? `${schema}.${meta.tableName}` : meta.tableName,
          ...columns,
          ...columns.filter((_, index) => constant[index]).map((c) => part[0][c]),
          ...arrays.map((c) => part.map((row) => row[c])),
        ]);
      }
      return;
    }
    if (client === 'sqlite') {
      // Prepared and bound on the transaction's better-sqlite3 connection, past knex's formatting of
      // every `?`: the fastest statement, as the import itself runs it. 1000 rows a statement.
      const connection = await trx.client.acquireConnection();
      const bind = (value) => (value instanceof Date ? value.valueOf() : value);
      for (let i = 0; i < rows.length; i += 1000) {
        const part = rows.slice(i, i + 1000);
        const sql = `insert into \`${meta.tableName}\` (${columns.map((c) => `\`${c}\``).join(', ')}) values ${part.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ')}`;
        connection.prepare(sql).run(part.flatMap((row) => columns.map((c) => bind(row[c]))));
      }
      return;
    }
    // MySQL/MariaDB: 1000 rows a statement, as the import writes them.
    const perStatement = 1000;
    for (let i = 0; i < rows.length; i += perStatement) {
      const part = rows.slice(i, i + perStatement);
      const sql = `insert into ?? (${columns.map(() => '??').join(', ')}) values ${part.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ')}`;
      await trx.raw(sql, [meta.tableName, ...columns, ...part.flatMap((row) => columns.map((c) => row[c]))]);
    }
  });
}

/** The floors: naive per-row create, knex's batched insert, the dialect's fastest insert. Answers rows/s. */
async function runInsertFloors({ strapi, naiveRows, rawRows, log }) {
  const documents = strapi.documents(UID);
  const naiveStarted = performance.now();
  for (let i = 0; i < naiveRows; i += 1) {
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
        deliveryStatus: 'sent',
        deliveryAttempts: 0,
        tokenNonce: nonce,
        tokenHash: createHash('sha256').update(nonce).digest('hex'),
        pendingKey: `-:naive-${i}@bench.test`,
      },
    });
  }
  const naiveRate = rate(naiveRows, performance.now() - naiveStarted);
  log(
    `naive  ${String(naiveRows).padStart(7)} rows: ${String(naiveRate).padStart(7)} rows/s  (documents().create per row)`
  );

  const meta = strapi.db.metadata.get(UID);
  const knexRows = makeRows(strapi, rawRows, 'knex');
  const knexStarted = performance.now();
  await strapi.db.transaction(async ({ trx }) => {
    // 400 rows a statement: knex writes SQLite multi-row inserts as a compound SELECT (500 terms at most).
    for (let i = 0; i < knexRows.length; i += 400) {
      await strapi.db
        .getConnection(meta.tableName)
        .transacting(trx)
        .insert(knexRows.slice(i, i + 400));
    }
  });
  const knexRate = rate(rawRows, performance.now() - knexStarted);
  log(
    `raw    ${String(rawRows).padStart(7)} rows: ${String(knexRate).padStart(7)} rows/s  (knex insert builder, one transaction)`
  );

  const fastRows = makeRows(strapi, rawRows, 'raw');
  const fastStarted = performance.now();
  await insertRaw(strapi, fastRows);
  const fastRate = rate(rawRows, performance.now() - fastStarted);
  log(
    `raw    ${String(rawRows).padStart(7)} rows: ${String(fastRate).padStart(7)} rows/s  (${strapi.db.dialect.client === 'postgres' ? 'INSERT … SELECT FROM unnest' : strapi.db.dialect.client === 'sqlite' ? 'multi-row VALUES bound on the connection' : 'multi-row VALUES'}, one transaction)`
  );
  return { naiveRate, rawRate: Math.max(knexRate, fastRate) };
}

module.exports = {
  runImports,
  runInviteForm,
  runHostileCell,
  runInsertFloors,
  makeRows,
  insertRaw,
  mb,
  importer,
  writeCsv,
};
