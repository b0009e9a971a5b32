import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';

/** Strapi's own query engine for one of our (or Strapi's) models. Rows come back untyped. */
export const query = (strapi: Core.Strapi, uid: string) =>
  // Plugin UIDs are not in Strapi's generated type registry of a plugin build, hence the cast.
  strapi.db.query(uid as Parameters<Core.Strapi['db']['query']>[0]);

/** Database table and column names of a model, as Strapi created them. */
export const tableOf = (strapi: Core.Strapi, uid: string) => {
  const meta = strapi.db.metadata.get(uid);
  const column = (attribute: string): string => {
    const attr = meta.attributes[attribute] as { columnName?: string } | undefined;
    if (!attr?.columnName) throw new Error(`${uid} has no column for attribute "${attribute}"`);
    return attr.columnName;
  };
  return { name: meta.tableName, column };
};

/**
 * Runs `work` in the current transaction (or a new one) with a knex builder factory bound to it
 * and to the configured PostgreSQL schema. Used where the query engine cannot express a statement
 * set-based (UPDATE ... RETURNING, bulk inserts).
 */
export const withKnex = <T>(
  strapi: Core.Strapi,
  work: (table: (name: string) => Knex.QueryBuilder, trx: Knex.Transaction) => Promise<T>
): Promise<T> =>
  // Strapi's typings wrap the callback's promise once more; at run time it resolves to T.
  strapi.db.transaction(({ trx }) =>
    work((name) => strapi.db.getConnection(name).transacting(trx), trx)
  ) as unknown as Promise<T>;

export const supportsReturning = (strapi: Core.Strapi): boolean =>
  ['postgres', 'sqlite'].includes(strapi.db.dialect.client);

/** Splits a list for `IN (...)` clauses: SQLite allows 32,766 bound values per statement. */
export const chunk = <T>(items: readonly T[], size = 500): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/**
 * Inserts rows, skipping those that hit `conflictColumn`'s unique index, and returns `returning`
 * of the inserted ones. Knex writes a multi-row SQLite insert as a compound SELECT (at most 500
 * rows, slow to prepare); on SQLite this writes one multi-row VALUES statement per chunk instead,
 * several times faster. Other databases use knex's own (VALUES-based) statement.
 */
export const insertSkippingConflicts = async (
  strapi: Core.Strapi,
  trx: Knex.Transaction,
  table: string,
  rows: Record<string, unknown>[],
  conflictColumn: string,
  returning: string[]
): Promise<Record<string, unknown>[]> => {
  if (rows.length === 0) return [];
  const columns = Object.keys(rows[0]);
  const out: Record<string, unknown>[] = [];
  if (strapi.db.dialect.client === 'sqlite') {
    // SQLite binds at most 32,766 values per statement.
    const perStatement = Math.max(1, Math.min(1000, Math.floor(32_766 / columns.length)));
    const placeholders = `(${columns.map(() => '?').join(', ')})`;
    for (const part of chunk(rows, perStatement)) {
      const sql =
        `insert into ?? (${columns.map(() => '??').join(', ')}) values ${part.map(() => placeholders).join(', ')} ` +
        `on conflict (??) do nothing returning ${returning.map(() => '??').join(', ')}`;
      const bindings = [table, ...columns, ...part.flatMap((row) => columns.map((column) => row[column])), conflictColumn, ...returning];
      out.push(...((await trx.raw(sql, bindings as Knex.RawBinding[])) as Record<string, unknown>[]));
    }
    return out;
  }
  for (const part of chunk(rows, 1000)) {
    out.push(
      ...((await strapi.db.getConnection(table).transacting(trx).insert(part).onConflict(conflictColumn).ignore().returning(returning)) as Record<
        string,
        unknown
      >[])
    );
  }
  return out;
};
