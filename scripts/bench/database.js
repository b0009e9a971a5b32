'use strict';

/**
 * The benchmark's database: a fresh SQLite file by default; with BENCH_DATABASE_URL a schema of its
 * own on PostgreSQL (postgres://…) or a database of its own on MySQL/MariaDB (mysql://…), dropped
 * afterwards. Sets the playground's DATABASE_* variables before Strapi loads its config.
 */
const path = require('path');

async function setupDatabase(tmp) {
  const url = process.env.BENCH_DATABASE_URL;
  process.env.DATABASE_FILENAME = path.join(tmp, 'bench.db');
  // 20 clients at once: a pool as large as the load, as a portal under such load would configure.
  process.env.DATABASE_POOL_MAX = process.env.DATABASE_POOL_MAX || '20';
  if (!url) return { label: 'SQLite', drop: async () => undefined };
  const name = `inv_bench_${process.pid}`;
  if (url.startsWith('postgres')) {
    const { Client } = require('pg');
    const run = async (sql) => {
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    };
    await run(`CREATE SCHEMA "${name}"`);
    Object.assign(process.env, { DATABASE_CLIENT: 'postgres', DATABASE_URL: url, DATABASE_SCHEMA: name });
    return { label: 'PostgreSQL', drop: () => run(`DROP SCHEMA IF EXISTS "${name}" CASCADE`) };
  }
  if (url.startsWith('mysql')) {
    const mysql = require('mysql2/promise');
    const server = new URL(url);
    const run = async (sql) => {
      const connection = await mysql.createConnection({
        host: server.hostname,
        port: Number(server.port || 3306),
        user: decodeURIComponent(server.username),
        password: decodeURIComponent(server.password),
      });
      try {
        await connection.query(sql);
      } finally {
        await connection.end();
      }
    };
    await run(`CREATE DATABASE \`${name}\``);
    Object.assign(process.env, { DATABASE_CLIENT: 'mysql', DATABASE_URL: new URL(`/${name}`, server).toString() });
    return { label: 'MySQL/MariaDB', drop: () => run(`DROP DATABASE IF EXISTS \`${name}\``) };
  }
  throw new Error(`BENCH_DATABASE_URL must start with postgres:// or mysql://, not ${url.split(':')[0]}:`);
}

module.exports = { setupDatabase };
