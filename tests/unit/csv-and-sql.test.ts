/** Unit tests of CSV sniffing and of the database helpers that read each dialect's errors. */
import type { Core } from '@strapi/strapi';
import { sniff } from '../../server/src/services/csv-import/sniff';
import { chunk, violatedUniqueIndex } from '../../server/src/utils/db';
import { loggableMessage } from '../../server/src/utils/errors';
import { documentIds } from '../../server/src/utils/ids';

const csv = (text: string): Buffer => Buffer.from(text, 'utf8');

describe('CSV sniffing', () => {
  it('finds the header and its columns, case- and space-insensitively', () => {
    const layout = sniff(csv('EmailAddress , Role,firstName\nann@x.com,user,Ann\n'));
    expect(layout.headerLine).toBe(1);
    expect(Object.fromEntries(layout.columnIndex)).toEqual({ emailAddress: 0, role: 1, firstName: 2 });
    expect(layout.warnings).toEqual([]);
  });
  it('skips a title row above the header with a warning, and reports unknown columns', () => {
    const layout = sniff(csv('Table 1\nemailAddress,notes\nann@x.com,hi\n'));
    expect(layout.headerLine).toBe(2);
    expect(layout.warnings.map((w) => [w.line, w.code])).toEqual([
      [1, 'title_row'],
      [2, 'unknown_column'],
    ]);
  });
  it('refuses files that are not CSV, with the reason', () => {
    expect(() => sniff(Buffer.alloc(0))).toThrow(/The file is empty/);
    expect(() => sniff(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2]))).toThrow(/spreadsheet/);
    expect(() => sniff(Buffer.from([0x41, 0x00, 0x42]))).toThrow(/not text/);
    expect(() => sniff(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x01, 0x02, 0x03]))).toThrow(
      /not text/
    );
  });
});

describe('database helpers', () => {
  // Strapi's schema as the helpers read it: one table with one unique index on `slug`.
  const strapi = {
    db: {
      schema: {
        schema: {
          tables: [
            {
              name: 'orgs',
              columns: [],
              foreignKeys: [],
              indexes: [{ name: 'orgs_slug_unique', columns: ['slug'], type: 'unique' }],
            },
          ],
        },
      },
    },
  } as unknown as Core.Strapi;

  it('names the violated unique index on PostgreSQL, MySQL/MariaDB and SQLite', () => {
    expect(violatedUniqueIndex(strapi, { code: '23505', constraint: 'orgs_slug_unique' })).toBe('orgs_slug_unique');
    expect(
      violatedUniqueIndex(strapi, {
        code: 'ER_DUP_ENTRY',
        message: "insert … - Duplicate entry 'slug-x' for key 'orgs_slug_unique'",
      })
    ).toBe('orgs_slug_unique');
    // MySQL 8 qualifies the key with its table.
    expect(
      violatedUniqueIndex(strapi, { errno: 1062, message: "Duplicate entry 'x' for key 'orgs.orgs_slug_unique'" })
    ).toBe('orgs_slug_unique');
    expect(
      violatedUniqueIndex(strapi, {
        code: 'SQLITE_CONSTRAINT_UNIQUE',
        message: 'insert … - UNIQUE constraint failed: orgs.slug',
      })
    ).toBe('orgs_slug_unique');
  });
  it('is not fooled by a duplicate value that looks like a column or index name', () => {
    // The value is in MySQL's message; only the key at its end counts.
    expect(
      violatedUniqueIndex(strapi, {
        code: 'ER_DUP_ENTRY',
        message: "Duplicate entry 'orgs_slug_unique' for key 'other_idx'",
      })
    ).toBe('other_idx');
    expect(violatedUniqueIndex(strapi, new Error('connection refused'))).toBeNull();
    expect(violatedUniqueIndex(strapi, null)).toBeNull();
  });
  it('chunks lists for IN clauses', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 2)).toEqual([]);
  });
});

describe('bulk document ids', () => {
  it("draws as many distinct ids as asked, each 24 lower-case alphanumerics like Strapi's", () => {
    const ids = documentIds(10_000);
    expect(ids).toHaveLength(10_000);
    expect(new Set(ids).size).toBe(10_000);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]{24}$/);
    // Every symbol is drawn: a mapping that lost part of the alphabet would show here.
    expect(new Set(ids.join('')).size).toBe(36);
  });
});

describe('log lines', () => {
  it("keep the database's reason and drop the statement knex prefixes it with", () => {
    const failed = new Error(
      "insert into `invitations` (`email`, `token_nonce`) values ('a@b.test', 'secret-nonce') - UNIQUE constraint failed"
    );
    expect(loggableMessage(failed)).toBe('a database statement failed: UNIQUE constraint failed');
    expect(loggableMessage(new Error('update "x" set "y" = $1'))).toBe('a database statement failed');
    expect(loggableMessage(new Error('connect ECONNREFUSED 127.0.0.1:25'))).toBe('connect ECONNREFUSED 127.0.0.1:25');
    expect(loggableMessage('plain text')).toBe('plain text');
    // As a native driver's error can arrive: a string, or an object that is no `Error` of this realm.
    expect(loggableMessage("SqliteError: insert into `t` values ('nonce') - injected fault")).toBe(
      'a database statement failed: injected fault'
    );
    expect(loggableMessage({ message: "update `t` set `a` = 'nonce' - locked" })).toBe(
      'a database statement failed: locked'
    );
    // A driver's own error, which carries no statement (the SQLite bulk insert binds on the connection).
    expect(loggableMessage({ message: 'injected fault', code: 'SQLITE_CONSTRAINT_TRIGGER' })).toBe(
      'a database statement failed: injected fault'
    );
    expect(loggableMessage({ message: 'deadlock detected', severity: 'ERROR', routine: 'DeadLockReport' })).toBe(
      'a database statement failed: deadlock detected'
    );
    expect(loggableMessage({ message: 'Connection lost', code: 'PROTOCOL_CONNECTION_LOST' })).toBe('Connection lost');
  });
});
