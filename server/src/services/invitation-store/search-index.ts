import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { UID } from '../../utils/constants';
import { loggableMessage } from '../../utils/errors';
import { containsPattern, tableOf, whereContainsAny } from '../../utils/db';

/**
 * The index the admin list's search reads: the searched columns (email, first and last name, partner
 * name) cut into trigrams, so that "contains this term" finds its rows without reading the table.
 * A scan of 100,000 rows took 92-120 ms on SQLite and 420 ms on PostgreSQL, for a handful of matches.
 * - SQLite: an FTS5 table with the trigram tokenizer, over the invitations table's own rows
 *   (external content: nothing stored twice), kept by triggers;
 * - PostgreSQL: a table of each invitation's searched text with a pg_trgm GIN index, kept by
 *   triggers; where pg_trgm cannot be installed (no privilege), the search scans as before;
 * - MySQL/MariaDB: no index (InnoDB's FULLTEXT finds words, not parts of them): the search scans.
 * Triggers, not the store's own writes, so that the index holds whatever writes a row. They fire only
 * on inserts, deletes and changes to the searched columns: the expiry and the lifecycle updates do
 * not touch the index. Strapi's schema sync leaves the table and triggers alone (it drops only what
 * it created) and may recreate the invitations table, which drops triggers: each start puts back what
 * is missing and rebuilds the index when it had to.
 */

/** Trigrams: a shorter term has none to look up, and is matched by the scan. */
const MIN_TERM_LENGTH = 3;
const SEARCHED = ['email', 'firstName', 'lastName', 'partnerName'] as const;

type IndexState = 'sqlite' | 'postgres' | 'none';
const states = new WeakMap<Core.Strapi, IndexState>();

const searchTable = (invitations: string) => `${invitations}_search`;

const ensureSqlite = async (strapi: Core.Strapi, knex: Knex): Promise<void> => {
  const inv = tableOf(strapi, UID.invitation);
  const search = searchTable(inv.name);
  const columns = SEARCHED.map(inv.column);
  const triggers = { insert: `${search}_insert`, delete: `${search}_delete`, update: `${search}_update` };
  const existing = new Set(
    (
      (await knex.raw('select name from sqlite_master where name in (?, ?, ?, ?)', [
        search,
        ...Object.values(triggers),
      ])) as { name: string }[]
    ).map((row) => row.name)
  );
  if (existing.size === 4) return;
  const list = columns.join(', ');
  const of = (row: 'new' | 'old') => columns.map((column) => `${row}.${column}`).join(', ');
  await knex.transaction(async (trx) => {
    await trx.raw(
      `create virtual table if not exists ${search} using fts5(${list}, content='${inv.name}', content_rowid='id', tokenize='trigram')`
    );
    await trx.raw(
      `create trigger if not exists ${triggers.insert} after insert on ${inv.name} begin
         insert into ${search}(rowid, ${list}) values (new.id, ${of('new')}); end`
    );
    await trx.raw(
      `create trigger if not exists ${triggers.delete} after delete on ${inv.name} begin
         insert into ${search}(${search}, rowid, ${list}) values ('delete', old.id, ${of('old')}); end`
    );
    await trx.raw(
      `create trigger if not exists ${triggers.update} after update of ${list} on ${inv.name} begin
         insert into ${search}(${search}, rowid, ${list}) values ('delete', old.id, ${of('old')});
         insert into ${search}(rowid, ${list}) values (new.id, ${of('new')}); end`
    );
    // Something was missing: the rows written meanwhile are not in the index. Rebuilt from the table.
    await trx.raw(`insert into ${search}(${search}) values ('rebuild')`);
  });
};

const ensurePostgres = async (strapi: Core.Strapi, knex: Knex): Promise<boolean> => {
  const inv = tableOf(strapi, UID.invitation);
  const schema = strapi.db.getSchemaName() || 'public';
  const q = (name: string) => `"${schema.replace(/"/g, '""')}"."${name}"`;
  const search = searchTable(inv.name);
  const [email, firstName, lastName, partnerName] = SEARCHED.map(inv.column);
  const text = (row: string) =>
    `concat_ws(E'\\n', ${row}.${email}, ${row}.${firstName}, ${row}.${lastName}, ${row}.${partnerName})`;
  // pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it. Where it lives,
  // for its operator class (it may be in a schema outside the search path).
  const trigramSchema = async (): Promise<string | null> =>
    (
      (await knex.raw(
        "select extnamespace::regnamespace::text as schema from pg_extension where extname = 'pg_trgm'"
      )) as { rows: { schema: string }[] }
    ).rows[0]?.schema ?? null;
  let trigrams = await trigramSchema();
  if (!trigrams) {
    try {
      await knex.raw('create extension if not exists pg_trgm');
    } catch (error) {
      // Another instance may have created it at the same moment; else there is no privilege.
      if (!(await trigramSchema())) {
        strapi.log.warn(
          `[invitations] the admin list's search scans the table: pg_trgm could not be installed (${loggableMessage(error)}). Run "create extension pg_trgm" as a superuser to index it.`
        );
        return false;
      }
    }
    trigrams = (await trigramSchema())!;
  }
  const triggers = [`${search}_insert`, `${search}_delete`, `${search}_update`];
  const present = async (trx: Knex.Transaction) =>
    Number(
      (
        (await trx.raw(
          `select count(*) as n from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
           where n.nspname = ? and c.relname = ? and t.tgname in (?, ?, ?)`,
          [schema, inv.name, ...triggers]
        )) as { rows: { n: string }[] }
      ).rows[0].n
    ) === 3 &&
    // The table and its trigram index both (an index dropped by hand would leave every search a scan).
    Boolean(
      (
        (await trx.raw('select to_regclass(?) is not null and to_regclass(?) is not null as found', [
          q(search),
          q(`${search}_terms`),
        ])) as { rows: { found: boolean }[] }
      ).rows[0].found
    );
  await knex.transaction(async (trx) => {
    // Several instances may start at once: one builds, the others find it built.
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [q(search)]);
    if (await present(trx)) return;
    await trx.raw(`create table if not exists ${q(search)} (invitation_id integer primary key, terms text not null)`);
    await trx.raw(
      `create index if not exists ${search}_terms on ${q(search)} using gin (terms ${trigrams}.gin_trgm_ops)`
    );
    // Statement triggers with transition tables for inserts and deletes: one set-based statement per
    // import batch, where a row trigger would run once per row.
    await trx.raw(
      `create or replace function ${q(`${search}_insert`)}() returns trigger language plpgsql as $$ begin
         insert into ${q(search)} (invitation_id, terms) select i.id, ${text('i')} from inserted i
         on conflict (invitation_id) do update set terms = excluded.terms;
         return null; end $$`
    );
    await trx.raw(
      `create or replace function ${q(`${search}_delete`)}() returns trigger language plpgsql as $$ begin
         delete from ${q(search)} s using deleted d where s.invitation_id = d.id; return null; end $$`
    );
    await trx.raw(
      `create or replace function ${q(`${search}_update`)}() returns trigger language plpgsql as $$ begin
         update ${q(search)} set terms = ${text('new')} where invitation_id = new.id; return null; end $$`
    );
    for (const trigger of triggers) await trx.raw(`drop trigger if exists ${trigger} on ${q(inv.name)}`);
    await trx.raw(
      `create trigger ${search}_insert after insert on ${q(inv.name)} referencing new table as inserted
       for each statement execute function ${q(`${search}_insert`)}()`
    );
    await trx.raw(
      `create trigger ${search}_delete after delete on ${q(inv.name)} referencing old table as deleted
       for each statement execute function ${q(`${search}_delete`)}()`
    );
    // A column list cannot go with transition tables: a row trigger, which only an update of a
    // searched column fires (the lifecycle's updates never change them).
    await trx.raw(
      `create trigger ${search}_update after update of ${email}, ${firstName}, ${lastName}, ${partnerName} on ${q(inv.name)}
       for each row execute function ${q(`${search}_update`)}()`
    );
    await trx.raw(`truncate ${q(search)}`);
    await trx.raw(`insert into ${q(search)} (invitation_id, terms) select i.id, ${text('i')} from ${q(inv.name)} i`);
  });
  return true;
};

/** Builds (or completes) the search index at start; answers nothing, and logs why where there is none. */
export const ensureSearchIndex = async (strapi: Core.Strapi): Promise<void> => {
  const client = strapi.db.dialect.client;
  const knex = strapi.db.connection;
  let state: IndexState = 'none';
  if (client === 'sqlite') {
    try {
      await ensureSqlite(strapi, knex);
      state = 'sqlite';
    } catch (error) {
      // An SQLite built without FTS5 or its trigram tokenizer (before 3.34): the search scans.
      strapi.log.warn(`[invitations] the admin list's search scans the table: ${loggableMessage(error)}`);
    }
  } else if (client === 'postgres' && (await ensurePostgres(strapi, knex))) state = 'postgres';
  states.set(strapi, state);
};

/**
 * Narrows `builder` (the invitations table aliased `inv`) to the rows whose email, first name, last
 * name or partner name contains `term`, case-insensitively, with `%` and `_` taken literally: through
 * the index where there is one and the term has a trigram, else by the scan.
 */
export const whereSearchMatches = (
  strapi: Core.Strapi,
  builder: Knex.QueryBuilder,
  term: string
): Knex.QueryBuilder => {
  const inv = tableOf(strapi, UID.invitation);
  const state = states.get(strapi) ?? 'none';
  if (state === 'none' || [...term].length < MIN_TERM_LENGTH) {
    return whereContainsAny(
      strapi,
      builder,
      SEARCHED.map((attribute) => `inv.${inv.column(attribute)}`),
      term
    );
  }
  const search = searchTable(inv.name);
  if (state === 'sqlite') {
    // One FTS5 phrase: the term's trigrams in a row within one column, i.e. the column contains it.
    return builder.whereRaw(`inv.id in (select rowid from ${search} where ${search} match ?)`, [
      `"${term.replace(/"/g, '""')}"`,
    ]);
  }
  const pattern = containsPattern(term);
  const schema = strapi.db.getSchemaName();
  return builder.whereRaw(`inv.id in (select invitation_id from ?? where terms ilike ?)`, [
    schema ? `${schema}.${search}` : search,
    pattern,
  ]);
};
