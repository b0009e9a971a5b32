import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// What the test uses of better-sqlite3 (Strapi's SQLite driver, which ships no types).
interface SqliteDatabase {
  pragma(source: string): unknown;
  exec(source: string): void;
  prepare(source: string): { run(...bindings: unknown[]): unknown; get(...bindings: unknown[]): unknown };
  transaction(run: () => void): () => void;
  close(): void;
}
/* eslint-disable @typescript-eslint/no-require-imports */
const Database = require('better-sqlite3') as new (filename: string) => SqliteDatabase;
// The playground's own module (JavaScript): what its config/database.js starts and its destroy stops.
const { startCheckpointer, stopCheckpointers } = require('../playground/src/sqlite-checkpointer') as {
  startCheckpointer: (filename: string, options?: { intervalMs?: number }) => void;
  stopCheckpointers: () => Promise<void>;
};
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * The playground checkpoints its SQLite WAL from a worker thread, so that no commit on the server's
 * thread copies the WAL into the database file while requests wait. Proved on a real database file
 * whose own connection never checkpoints (`wal_autocheckpoint = 0`): its pages reach the database
 * file only if the worker copies them.
 */
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'invitations-checkpointer-'));
});

afterEach(async () => {
  await stopCheckpointers();
  fs.rmSync(dir, { recursive: true, force: true });
});

const writeRows = (db: SqliteDatabase, count: number): void => {
  const insert = db.prepare('insert into filler (text) values (?)');
  db.transaction(() => {
    for (let i = 0; i < count; i += 1) insert.run(`row ${i} `.repeat(40));
  })();
};

const waitFor = async (condition: () => boolean, timeoutMs: number): Promise<boolean> => {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return condition();
};

it('copies the WAL into the database file from its worker while the server writes, and stops with the app', async () => {
  const filename = path.join(dir, 'data.db');
  const db = new Database(filename);
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('create table filler (id integer primary key, text text)');
  const emptySize = fs.statSync(filename).size;

  startCheckpointer(filename, { intervalMs: 20 });
  writeRows(db, 2000);
  // About 2,000 rows of 300 bytes: some 150 pages, in the WAL until someone checkpoints them.
  expect(await waitFor(() => fs.statSync(filename).size > emptySize + 100 * 4096, 5000)).toBe(true);
  expect(db.prepare('select count(*) as n from filler').get()).toEqual({ n: 2000 });

  // Once stopped, nothing copies any more: the next rows stay in the WAL.
  await stopCheckpointers();
  const stoppedSize = fs.statSync(filename).size;
  writeRows(db, 2000);
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(fs.statSync(filename).size).toBe(stoppedSize);
  db.close();
});
