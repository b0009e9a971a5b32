import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';

/**
 * Everything here that differs between SQLite, PostgreSQL and MySQL/MariaDB. The rest of the plugin
 * asks these helpers and never branches on the dialect itself.
 */

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

/**
 * Runs a read with a knex builder factory: inside the current transaction when there is one (so it
 * sees that transaction's writes and, on SQLite, does not wait for the connection the transaction
 * holds), on the pool otherwise, without opening a transaction a plain read does not need.
 */
export const readWithKnex = <T>(
  strapi: Core.Strapi,
  work: (table: (name: string) => Knex.QueryBuilder) => Promise<T>
): Promise<T> => (strapi.db.inTransaction() ? withKnex(strapi, work) : work((name) => strapi.db.getConnection(name)));

interface ScalarAttribute {
  type: string;
  columnName: string;
}

// A model's metadata does not change once Strapi has loaded: its scalar attributes are listed once,
// not for every row read.
const scalarAttributes = new WeakMap<object, [string, ScalarAttribute][]>();

/** A model's own attributes (not its relations), by attribute name. */
const scalarAttributesOf = (strapi: Core.Strapi, uid: string): [string, ScalarAttribute][] => {
  const meta = strapi.db.metadata.get(uid);
  let found = scalarAttributes.get(meta);
  if (!found) {
    found = Object.entries(meta.attributes as Record<string, Partial<ScalarAttribute>>).filter(
      (entry): entry is [string, ScalarAttribute] => entry[1].type !== 'relation' && Boolean(entry[1].columnName)
    );
    scalarAttributes.set(meta, found);
  }
  return found;
};

/**
 * The select list `{ attribute: alias.column }` of `attributes` of `uid` (all its own attributes by
 * default), so rows come back keyed by attribute name; read them through `shapeRow`.
 */
export const selectAttributes = (
  strapi: Core.Strapi,
  uid: string,
  alias: string,
  attributes?: readonly string[]
): Record<string, string> =>
  Object.fromEntries(
    scalarAttributesOf(strapi, uid)
      .filter(([name]) => !attributes || attributes.includes(name))
      .map(([name, attribute]) => [name, `${alias}.${attribute.columnName}`])
  );

/**
 * A column's value as Strapi's query engine answers it: dates as ISO strings, JSON parsed (text on
 * SQLite and MySQL), numbers as numbers (PostgreSQL answers bigint counts and ids as strings),
 * booleans as booleans (SQLite answers 0/1). Null stays null.
 */
const valueOf = (type: string, value: unknown): unknown => {
  if (value == null) return value;
  switch (type) {
    case 'datetime':
    case 'timestamp': {
      const date = value instanceof Date ? value : new Date(value as string | number);
      return Number.isNaN(date.getTime()) ? null : date.toISOString();
    }
    case 'json':
      if (typeof value === 'string') {
        try {
          return JSON.parse(value);
        } catch {
          // Not JSON (written by hand): answered as stored, as the query engine does.
        }
      }
      return value;
    case 'integer':
    case 'increments':
    case 'float':
    case 'decimal':
      return Number(value);
    case 'boolean':
      return Boolean(value);
    default:
      return value;
  }
};

/** A row read with `selectAttributes`, with its values as Strapi's query engine answers them (`valueOf`). */
export const shapeRow = <Row>(strapi: Core.Strapi, uid: string, raw: Record<string, unknown>): Row => {
  const row: Record<string, unknown> = { ...raw };
  for (const [name, attribute] of scalarAttributesOf(strapi, uid)) {
    if (name in row) row[name] = valueOf(attribute.type, row[name]);
  }
  if ('id' in row) row.id = Number(row.id);
  return row as Row;
};

/**
 * The targets of `relation` of `uid` (their `attributes`) through its link table, each with its
 * owner's id as `owner`, in the relation's order; for `readRelated`, or a prepared read of one owner.
 */
export const relatedSelect = (
  strapi: Core.Strapi,
  table: (name: string) => Knex.QueryBuilder,
  uid: string,
  relation: string,
  attributes: readonly string[]
): Knex.QueryBuilder => {
  const { target } = strapi.db.metadata.get(uid).attributes[relation] as { target: string };
  const link = linkTableOf(strapi, uid, relation);
  return table(`${link.name} as link`)
    .select({ ...selectAttributes(strapi, target, 'target', attributes), owner: `link.${link.joinColumn.name}` })
    .join(`${tableOf(strapi, target).name} as target`, 'target.id', `link.${link.inverseJoinColumn.name}`)
    .orderBy(link.orderColumnName ? `link.${link.orderColumnName}` : 'link.id');
};

/** The owner column `relatedSelect` filters on (`link.<join column>`). */
export const relatedOwnerColumn = (strapi: Core.Strapi, uid: string, relation: string): string =>
  `link.${linkTableOf(strapi, uid, relation).joinColumn.name}`;

/** Rows of `relatedSelect`, shaped as the target's rows, added to `found` by owner id. */
export const groupRelated = <Target>(
  strapi: Core.Strapi,
  uid: string,
  relation: string,
  rows: readonly Record<string, unknown>[],
  found: Map<number, Target[]> = new Map()
): Map<number, Target[]> => {
  const { target } = strapi.db.metadata.get(uid).attributes[relation] as { target: string };
  for (const { owner, ...raw } of rows) {
    const key = Number(owner);
    const list = found.get(key) ?? [];
    list.push(shapeRow<Target>(strapi, target, raw));
    found.set(key, list);
  }
  return found;
};

/**
 * The rows related to each of `ids` of `uid` through `relation` (its link table joined to the target
 * table), with `attributes` of the target, in the relation's order: one query per 5000 owners, where
 * the query engine's populate also re-reads the owners and shapes them through the entity layer.
 */
export const readRelated = async <Target>(
  strapi: Core.Strapi,
  table: (name: string) => Knex.QueryBuilder,
  uid: string,
  relation: string,
  ids: readonly number[],
  attributes: readonly string[]
): Promise<Map<number, Target[]>> => {
  const found = new Map<number, Target[]>();
  for (const part of chunk(ids)) {
    const rows = (await relatedSelect(strapi, table, uid, relation, attributes).modify((builder) =>
      whereInList(strapi, builder, relatedOwnerColumn(strapi, uid, relation), part)
    )) as Record<string, unknown>[];
    groupRelated(strapi, uid, relation, rows, found);
  }
  return found;
};

/**
 * Joins the target of a relation to one (`relation` of `uid`, the table aliased `alias`) into a read:
 * a left join through the link table, the target's `attributes` selected as `<relation>__<attribute>`.
 * Shape the rows with `joinedRowShaper`. One query where a populate takes one more per relation.
 */
export const joinToOne = (
  strapi: Core.Strapi,
  builder: Knex.QueryBuilder,
  uid: string,
  alias: string,
  relation: string,
  attributes: readonly string[]
): Knex.QueryBuilder => {
  const { target } = strapi.db.metadata.get(uid).attributes[relation] as { target: string };
  const link = linkTableOf(strapi, uid, relation);
  const [linkAlias, targetAlias] = [`${relation}_link`, `${relation}_row`];
  return builder
    .leftJoin(`${link.name} as ${linkAlias}`, `${linkAlias}.${link.joinColumn.name}`, `${alias}.id`)
    .leftJoin(
      `${tableOf(strapi, target).name} as ${targetAlias}`,
      `${targetAlias}.id`,
      `${linkAlias}.${link.inverseJoinColumn.name}`
    )
    .select(
      Object.fromEntries(
        Object.entries(selectAttributes(strapi, target, targetAlias, ['id', ...attributes])).map(([name, column]) => [
          `${relation}__${name}`,
          column,
        ])
      )
    );
};

/**
 * Shapes the rows of a read of `uid` (`selectAttributes`, of `attributes` or all) with the relations to
 * one `joinToOne` joined in (`relations`: each relation and the attributes it selected): each relation's
 * `<relation>__<attribute>` columns become `row[relation]` (null when nothing is linked), and every
 * value is answered as `shapeRow` answers it. The plan is made once per read: building each row afresh
 * took a fifth of the time of copying it and deleting the joined columns, 28 µs of a preview's 130 µs.
 */
export const joinedRowShaper = <Row>(
  strapi: Core.Strapi,
  uid: string,
  relations: Readonly<Record<string, readonly string[]>>,
  attributes?: readonly string[]
): ((raw: Record<string, unknown>) => Row) => {
  const own = scalarAttributesOf(strapi, uid)
    .filter(([name]) => !attributes || attributes.includes(name))
    .map(([name, attribute]) => [name, attribute.type] as const);
  const joined = Object.entries(relations).map(([relation, attributes]) => {
    const { target } = strapi.db.metadata.get(uid).attributes[relation] as { target: string };
    const wanted = ['id', ...attributes];
    const columns = scalarAttributesOf(strapi, target)
      .filter(([name]) => wanted.includes(name))
      .map(([name, attribute]) => [`${relation}__${name}`, name, attribute.type] as const);
    return { relation, idColumn: `${relation}__id`, columns };
  });
  return (raw) => {
    const row: Record<string, unknown> = {};
    for (const [name, type] of own) {
      if (name in raw) row[name] = valueOf(type, raw[name]);
    }
    for (const { relation, idColumn, columns } of joined) {
      if (raw[idColumn] == null) {
        row[relation] = null;
        continue;
      }
      const related: Record<string, unknown> = {};
      for (const [column, name, type] of columns) related[name] = valueOf(type, raw[column]);
      related.id = Number(related.id);
      row[relation] = related;
    }
    if ('id' in row) row.id = Number(row.id);
    return row as Row;
  };
};

/**
 * A scalar subquery answering `attribute` of the first target `relation` of `uid` links to the row of
 * `ownerTable` in the outer statement, or null: to select in the same statement, even in an UPDATE's
 * RETURNING, a to-one relation a second read would otherwise fetch through its link table.
 */
export const relatedValue = (
  strapi: Core.Strapi,
  table: (name: string) => Knex.QueryBuilder,
  uid: string,
  ownerTable: string,
  relation: string,
  attribute: string
): Knex.QueryBuilder => {
  const { target } = strapi.db.metadata.get(uid).attributes[relation] as { target: string };
  const link = linkTableOf(strapi, uid, relation);
  const targetTable = tableOf(strapi, target);
  return table(`${link.name} as related_link`)
    .select(`related_row.${targetTable.column(attribute)}`)
    .join(`${targetTable.name} as related_row`, 'related_row.id', `related_link.${link.inverseJoinColumn.name}`)
    .whereRaw('?? = ??', [`related_link.${link.joinColumn.name}`, `${ownerTable}.id`])
    .limit(1);
};

/** What one pass of `fillColumnFromLink` did: rows filled, and the newest link it had to look at. */
export interface LinkFill {
  filled: number;
  lastLinkId: number;
}

/**
 * Gives rows of `uid` linked through `relation` (a relation to one) but with `column` empty their
 * target's id, the way an organization's id is kept on its invitations and memberships
 * (`scopeOrganization`) for the index that reads its pages. Such rows were written by code that does
 * not know the column: a version of this plugin from before it, at start, or still running on another
 * instance during a rolling deploy.
 *
 * Looks only at links newer than `afterLinkId` (0: all of them), through the link table's primary key,
 * so a pass that finds nothing new costs one `max(id)`; answers the newest link id as it was when the
 * pass began, to start the next pass from. One set-based UPDATE, as idempotent as it is safe to run on
 * several instances at once: only rows still empty are written.
 */
export const fillColumnFromLink = (
  strapi: Core.Strapi,
  uid: string,
  column: string,
  relation: string,
  afterLinkId = 0
): Promise<LinkFill> =>
  withKnex(strapi, async (table) => {
    const own = tableOf(strapi, uid);
    const link = linkTableOf(strapi, uid, relation);
    const [newest] = (await table(link.name).max({ id: 'id' })) as { id: number | string | null }[];
    const lastLinkId = Number(newest?.id ?? 0);
    if (lastLinkId <= afterLinkId) return { filled: 0, lastLinkId: afterLinkId };
    const updated = await table(own.name)
      .whereNull(own.column(column))
      .whereIn(
        'id',
        table(link.name).select(link.joinColumn.name).where('id', '>', afterLinkId).where('id', '<=', lastLinkId)
      )
      .update({ [own.column(column)]: relatedValue(strapi, table, uid, own.name, relation, 'id') });
    return { filled: Number(updated), lastLinkId };
  });

/** A LIKE pattern matching any value that contains `term`, its wildcards (`%`, `_`, `\\`) escaped by `\\`. */
export const containsPattern = (term: string): string =>
  `%${term.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;

/**
 * `column contains term`, case-insensitively, for any of `columns`, with LIKE's wildcards in `term`
 * matched literally; as Strapi's `$containsi` on each, without its per-row LOWER() where the database
 * needs none: SQLite's LIKE already ignores ASCII case (and its LOWER() folds ASCII only), and
 * PostgreSQL has ILIKE.
 */
export const whereContainsAny = (
  strapi: Core.Strapi,
  builder: Knex.QueryBuilder,
  columns: readonly string[],
  term: string
): Knex.QueryBuilder => {
  const pattern = containsPattern(term);
  const client = strapi.db.dialect.client;
  const test =
    client === 'postgres' ? '?? ilike ?' : client === 'sqlite' ? "?? like ? escape '\\'" : 'lower(??) like lower(?)';
  return builder.where((any) => {
    columns.forEach((column) => any.orWhereRaw(test, [column, pattern]));
  });
};

/**
 * Counts rows of `uid` whose `relation` (a many-to-one through Strapi's link table) points at
 * `targetId` and that match `where` (column → value, or [operator, value]), as of the latest commit.
 * Meant for a count taken under a lock (a pending limit, "the last admin"): MySQL/MariaDB (REPEATABLE
 * READ) would otherwise read the snapshot of the transaction's first plain read, which may predate the
 * lock and hide another transaction's committed change; a locking read (LOCK IN SHARE MODE) reads the
 * latest. PostgreSQL (READ COMMITTED) reads the latest anyway, and refuses FOR SHARE on an aggregate;
 * SQLite has a single writer.
 */
export const countLinkedLatest = async (
  strapi: Core.Strapi,
  uid: string,
  relation: string,
  targetId: number,
  where: Record<string, unknown | [string, unknown]>
): Promise<number> => {
  const { name, column } = tableOf(strapi, uid);
  const link = linkTableOf(strapi, uid, relation);
  return withKnex(strapi, async (table) => {
    let builder = table(name)
      // The builder's schema (PostgreSQL) applies to the joined table too.
      .join(`${link.name} as link`, `link.${link.joinColumn.name}`, `${name}.id`)
      .where(`link.${link.inverseJoinColumn.name}`, targetId);
    for (const [attribute, condition] of Object.entries(where)) {
      const [operator, value] = Array.isArray(condition) ? condition : ['=', condition];
      builder =
        operator === 'in'
          ? builder.whereIn(`${name}.${column(attribute)}`, value as Knex.Value[])
          : builder.where(`${name}.${column(attribute)}`, operator as string, value as Knex.Value);
    }
    builder = builder.count({ count: '*' });
    if (strapi.db.dialect.client === 'mysql') builder = builder.forShare();
    const [row] = (await builder) as { count: number | string }[];
    return Number(row?.count ?? 0);
  });
};

interface LinkTable {
  name: string;
  joinColumn: { name: string };
  inverseJoinColumn: { name: string };
  /** The position column of a relation to many (its order), when Strapi keeps one. */
  orderColumnName?: string;
}

/** The link table Strapi keeps for `uid.relation` (a relation to one or many, through a join table). */
export const linkTableOf = (strapi: Core.Strapi, uid: string, relation: string): LinkTable => {
  const link = (strapi.db.metadata.get(uid).attributes[relation] as { joinTable?: LinkTable }).joinTable;
  if (!link) throw new Error(`${uid}.${relation} has no link table`);
  return link;
};

/**
 * Links owners (rows of `uid`) to targets through `relation`'s link table, in the caller's transaction:
 * one multi-row insert of `[ownerId, targetId]` pairs. A relation to many keeps its order column: each
 * owner's targets are numbered from 1 in the order given. For rows this transaction has just inserted
 * (nothing is linked yet); it neither unlinks nor renumbers what was there.
 */
export const insertLinks = async (
  strapi: Core.Strapi,
  trx: Knex.Transaction,
  uid: string,
  relation: string,
  pairs: readonly (readonly [number, number])[]
): Promise<void> => {
  if (pairs.length === 0) return;
  const link = linkTableOf(strapi, uid, relation);
  const columns = [link.joinColumn.name, link.inverseJoinColumn.name];
  if (!link.orderColumnName) {
    await insertValues(strapi, trx, link.name, columns, pairs);
    return;
  }
  const positions = new Map<number, number>();
  const rows = pairs.map(([owner, target]) => {
    const position = (positions.get(owner) ?? 0) + 1;
    positions.set(owner, position);
    return [owner, target, position];
  });
  await insertValues(strapi, trx, link.name, [...columns, link.orderColumnName], rows);
};

/** Inserts one row (`{ column: value }`) in the caller's transaction and answers its id, on every dialect. */
export const insertRow = async (
  strapi: Core.Strapi,
  trx: Knex.Transaction,
  table: string,
  values: Record<string, unknown>
): Promise<number> => {
  const builder = strapi.db.getConnection(table).transacting(trx).insert(values);
  if (supportsReturning(strapi)) {
    const [row] = (await builder.returning('id')) as { id: number | string }[];
    return Number(row.id);
  }
  // MySQL/MariaDB answer the auto-increment id of the (single) inserted row.
  const [id] = (await builder) as (number | string)[];
  return Number(id);
};

/** MySQL and MariaDB have no RETURNING: knex silently ignores it there. */
export const supportsReturning = (strapi: Core.Strapi): boolean =>
  ['postgres', 'sqlite'].includes(strapi.db.dialect.client);

/**
 * Runs `UPDATE <rows matched by scope> SET changes` and answers `returning` (columns, as they were
 * before the change) of the rows it changed, in the caller's transaction. With RETURNING this is one
 * statement. MySQL/MariaDB lock the matching rows first (so no other transaction can change them in
 * between) and then update exactly those, with `scope`'s conditions applied again.
 */
export const updateReturning = async <Row extends { id: number }>(
  strapi: Core.Strapi,
  table: (name: string) => Knex.QueryBuilder,
  tableName: string,
  scope: (builder: Knex.QueryBuilder) => Knex.QueryBuilder,
  changes: Record<string, unknown>,
  returning: Record<string, string | Knex.QueryBuilder> = {}
): Promise<Row[]> => {
  const knex = strapi.db.connection;
  const columns = Object.entries({ id: 'id', ...returning }).map(([alias, column]) =>
    typeof column === 'string' ? `${column} as ${alias}` : knex.raw('(?) as ??', [column, alias])
  );
  if (supportsReturning(strapi)) {
    const rows = (await scope(table(tableName)).update(changes).returning(columns)) as Row[];
    return rows.map((row) => ({ ...row, id: Number(row.id) }));
  }
  const rows = ((await scope(table(tableName)).select(columns).forUpdate()) as Row[]).map((row) => ({
    ...row,
    id: Number(row.id),
  }));
  for (const part of chunk(rows.map((row) => row.id))) {
    await scope(table(tableName).whereIn('id', part)).update(changes);
  }
  return rows;
};

/**
 * The unique index a database refused a row on, by name (as Strapi named it in its schema), or null
 * when `error` is no unique violation. Each database says it differently: PostgreSQL names the
 * constraint, MySQL/MariaDB the key at the end of the message ("… for key 'table.index'"), SQLite only
 * the columns ("UNIQUE constraint failed: table.column"), which are matched against Strapi's schema.
 */
export const violatedUniqueIndex = (strapi: Core.Strapi, error: unknown): string | null => {
  const e = error as { code?: string; errno?: number; message?: string; constraint?: string } | null;
  if (!e || typeof e !== 'object') return null;
  if (e.code === '23505') return e.constraint ?? null;
  if (e.code === 'ER_DUP_ENTRY' || e.errno === 1062) {
    const key = /for key '([^']+)'$/.exec(e.message ?? '')?.[1];
    return key ? key.slice(key.lastIndexOf('.') + 1) : null;
  }
  const sqlite = /UNIQUE constraint failed: (.+)$/.exec(e.message ?? '');
  if (sqlite) {
    const qualified = sqlite[1].split(',').map((part) => part.trim());
    const tableName = qualified[0].slice(0, qualified[0].indexOf('.'));
    const columns = qualified.map((part) => part.slice(part.indexOf('.') + 1));
    const index = strapi.db.schema.schema.tables
      .find((t) => t.name === tableName)
      ?.indexes.find(
        (i) => i.type === 'unique' && i.columns.length === columns.length && i.columns.every((c) => columns.includes(c))
      );
    return index?.name ?? null;
  }
  return null;
};

/** The name of the unique index Strapi made for `attribute` of `uid` (`column: { unique: true }`). */
export const uniqueIndexOf = (strapi: Core.Strapi, uid: string, attribute: string): string => {
  const { name, column } = tableOf(strapi, uid);
  const columnName = column(attribute);
  const index = strapi.db.schema.schema.tables
    .find((t) => t.name === name)
    ?.indexes.find((i) => i.type === 'unique' && i.columns.length === 1 && i.columns[0] === columnName);
  if (!index)
    throw new Error(`${uid}.${attribute} has no unique index: give it column: { unique: true } in its schema`);
  return index.name;
};

/** True when the database refused a row because of the unique index of `uid`'s `attribute`, and no other. */
export const isUniqueViolation = (strapi: Core.Strapi, error: unknown, uid: string, attribute: string): boolean =>
  violatedUniqueIndex(strapi, error) === uniqueIndexOf(strapi, uid, attribute);

/**
 * `column IN (values)`; on PostgreSQL as `column = ANY($1)`: one array parameter instead of
 * thousands of bound values in the statement.
 */
export const whereInList = (
  strapi: Core.Strapi,
  builder: Knex.QueryBuilder,
  column: string,
  values: readonly unknown[]
): Knex.QueryBuilder =>
  strapi.db.dialect.client === 'postgres'
    ? builder.whereRaw('?? = any(?)', [column, [...values]] as Knex.RawBinding[])
    : builder.whereIn(column, [...values] as Knex.Value[]);

/**
 * Splits a list for `IN (...)` clauses. SQLite allows 32,766 bound values per statement and
 * PostgreSQL 65,535; 5000 keeps an import batch (2000 rows) to one lookup per table.
 */
export const chunk = <T>(items: readonly T[], size = 5000): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/** A table name qualified with the configured PostgreSQL schema, for raw `??` identifiers. */
const qualifiedTable = (strapi: Core.Strapi, name: string): string => {
  const schema = strapi.db.getSchemaName();
  return schema ? `${schema}.${name}` : name;
};

// PostgreSQL column types by schema-qualified table, read once from information_schema.
const pgColumnTypes = new Map<string, Map<string, string>>();

const columnTypesOf = async (
  strapi: Core.Strapi,
  trx: Knex.Transaction,
  table: string
): Promise<Map<string, string>> => {
  const key = qualifiedTable(strapi, table);
  let types = pgColumnTypes.get(key);
  if (!types) {
    const { rows } = (await trx.raw(
      'select column_name, udt_name from information_schema.columns where table_schema = coalesce(?, current_schema()) and table_name = ?',
      [strapi.db.getSchemaName() ?? null, table]
    )) as { rows: { column_name: string; udt_name: string }[] };
    types = new Map(rows.map((row) => [row.column_name, row.udt_name]));
    pgColumnTypes.set(key, types);
  }
  return types;
};

/** SQLite binds at most 32,766 values per statement (SQLITE_MAX_VARIABLE_NUMBER). */
const SQLITE_MAX_BINDINGS = 32_766;

/** What the plugin uses of a better-sqlite3 connection and its statements. */
export interface SqliteStatement {
  run(bindings: unknown[]): unknown;
  all(bindings: unknown[]): Record<string, unknown>[];
}
export interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}

/** What the plugin uses of a mysql2 connection (the callback API knex drives). */
interface MysqlConnection {
  query(sql: string, bindings: unknown[], done: (error: Error | null) => void): void;
}

// A connection's statements live as long as it: a connection the pool replaces takes its own.
const sqliteStatements = new WeakMap<SqliteConnection, Map<string, SqliteStatement>>();

/**
 * `sql` prepared on `connection` once, and kept: knex prepares every statement it runs, and
 * better-sqlite3's prepare cost more than running the statement (a 7-table read: 136 µs against 18).
 * Only for statements whose text recurs (fixed reads, inserts of a few rows); never for texts that
 * vary with the data, which would be kept for as long as the connection.
 */
export const statementOf = (connection: SqliteConnection, sql: string): SqliteStatement => {
  let statements = sqliteStatements.get(connection);
  if (!statements) sqliteStatements.set(connection, (statements = new Map()));
  let statement = statements.get(sql);
  if (!statement) statements.set(sql, (statement = connection.prepare(sql)));
  return statement;
};

/** An SQLite or MySQL identifier, quoted as knex quotes it for both. */
const quoteIdentifier = (identifier: string): string => `\`${identifier.replace(/`/g, '``')}\``;

/** A value as knex's better-sqlite3 client binds it: a Date as its milliseconds, a boolean as 0 or 1. */
export const sqliteValue = (value: unknown): unknown =>
  value instanceof Date ? value.valueOf() : typeof value === 'boolean' ? Number(value) : value;

/**
 * Inserts of up to this many rows keep their prepared statement (accept's and join's rows, links and
 * audit events, the invite form's few): their texts recur. The import's batches are prepared per
 * batch: their row counts vary, and each text of a 1,000-row batch is some 100 KB.
 */
const SQLITE_KEPT_INSERT_ROWS = 16;

/** `insertValues`' `skipConflictsOn` for "a row that hits any unique index is skipped". */
export const ANY_UNIQUE_INDEX = Symbol('any unique index');

/** Whether two values of a column are the same value: equal primitives, or Dates of the same instant. */
const sameValue = (a: unknown, b: unknown): boolean =>
  a === b || (a instanceof Date && b instanceof Date && a.getTime() === b.getTime());

/**
 * Inserts `rows` (value lists in `columns` order), optionally skipping rows that hit
 * `skipConflictsOn`'s unique index, and returns `returning` of the inserted rows. Raw statements on
 * purpose, each the fastest way measured for its database at 100k rows:
 * - PostgreSQL: `INSERT … SELECT * FROM unnest($1::type[], …)`, one array per column, so a batch is
 *   one statement with one parameter per column instead of 18 per row: the import's insert phase
 *   took 3.7 s this way against 7.2 s with knex's multi-row VALUES builder.
 * - SQLite: multi-row `VALUES`, up to 1000 rows per statement, prepared and run on the transaction's
 *   connection without knex's formatting (see below). Knex compiles a multi-row SQLite insert as a
 *   compound SELECT (at most 500 rows, several times slower to prepare).
 * - MySQL/MariaDB: multi-row `VALUES`, 1000 rows per statement, on the transaction's connection
 *   without knex's builder (see below).
 */
export const insertValues = async (
  strapi: Core.Strapi,
  trx: Knex.Transaction,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  options: { skipConflictsOn?: string | typeof ANY_UNIQUE_INDEX; returning?: readonly string[] } = {}
): Promise<Record<string, unknown>[]> => {
  if (rows.length === 0) return [];
  const { skipConflictsOn, returning = [] } = options;
  const anyIndex = skipConflictsOn === ANY_UNIQUE_INDEX;
  if (returning.length > 0 && !supportsReturning(strapi)) {
    // Knex would ignore it and answer the last insert id: callers must identify rows by a key they wrote.
    throw new Error(
      `insertValues: ${strapi.db.dialect.client} has no RETURNING; find the inserted rows by a key you inserted`
    );
  }
  const out: Record<string, unknown>[] = [];
  const client = strapi.db.dialect.client;
  // ON CONFLICT and RETURNING, with the identifiers as `name` writes them.
  const tailOf = (name: (identifier: string) => string): string =>
    (anyIndex
      ? ' on conflict do nothing'
      : skipConflictsOn
        ? ` on conflict (${name(skipConflictsOn)}) do nothing`
        : '') + (returning.length ? ` returning ${returning.map(name).join(', ')}` : '');
  const tail = tailOf(() => '??');
  const tailBindings = [...(skipConflictsOn && !anyIndex ? [skipConflictsOn] : []), ...returning];

  if (client === 'postgres') {
    const types = await columnTypesOf(strapi, trx, table);
    const casts = columns.map((column) => {
      const type = types.get(column);
      if (!type || !/^[a-z0-9_]+$/.test(type))
        throw new Error(`insertValues: no column "${column}" in table "${table}"`);
      return `?::${type}[]`;
    });
    for (const part of chunk(rows, 5000)) {
      // A column with one value for the whole chunk (the timestamps, the status, the source) is sent
      // once, not as an array of copies: pg turns every Date into text one at a time, and the three
      // timestamps of a 50,000-row audit alone took 0.3 s. The first column always stays an array, so
      // unnest has one to count the rows by.
      const constant = columns.map(
        (_, index) => index > 0 && part.every((values) => sameValue(values[index], part[0][index]))
      );
      const arrayColumns = columns.filter((_, index) => !constant[index]);
      const selected = columns.map((_, index) =>
        constant[index] ? `?::${types.get(columns[index])}` : `unnested.c${arrayColumns.indexOf(columns[index])}`
      );
      const sql =
        `insert into ?? (${columns.map(() => '??').join(', ')}) select ${selected.join(', ')}` +
        ` from unnest(${casts.filter((_, index) => !constant[index]).join(', ')})` +
        ` as unnested(${arrayColumns.map((_, index) => `c${index}`).join(', ')})${tail}`;
      const values = columns.map((_, index) => (constant[index] ? part[0][index] : part.map((row) => row[index])));
      const result = (await trx.raw(sql, [
        qualifiedTable(strapi, table),
        ...columns,
        ...values.filter((_, index) => constant[index]),
        ...values.filter((_, index) => !constant[index]),
        ...tailBindings,
      ] as Knex.RawBinding[])) as {
        rows: Record<string, unknown>[];
      };
      if (returning.length) out.push(...result.rows);
    }
    return out;
  }

  if (client === 'sqlite') {
    // The transaction's own better-sqlite3 connection, bound directly: knex rewrites each `?` of a raw
    // statement and checks each binding (18 a row), which was a third of the 1.2 GB a 100k-row import
    // allocated and a fifth of its insert time. Same statement, same connection, same transaction.
    // Only a transaction's client answers its own connection; a plain knex would take one from the pool.
    if (!trx.isTransaction) throw new Error('insertValues: call it inside a transaction');
    const connection = (await trx.client.acquireConnection()) as SqliteConnection;
    const placeholders = `(${columns.map(() => '?').join(', ')})`;
    const head = `insert into ${quoteIdentifier(table)} (${columns.map(quoteIdentifier).join(', ')}) values `;
    const sqliteTail = tailOf(quoteIdentifier);
    for (const part of chunk(rows, Math.max(1, Math.min(1000, Math.floor(SQLITE_MAX_BINDINGS / columns.length))))) {
      const sql = `${head}${part.map(() => placeholders).join(', ')}${sqliteTail}`;
      const statement = part.length <= SQLITE_KEPT_INSERT_ROWS ? statementOf(connection, sql) : connection.prepare(sql);
      // Sized once and filled by index: pushed one by one, the array's regrowth was the import's
      // largest allocation (59 MB of garbage at 100k rows).
      const bindings = new Array<unknown>(part.length * columns.length);
      for (let row = 0, at = 0; row < part.length; row += 1) {
        const values = part[row];
        for (let column = 0; column < values.length; column += 1, at += 1) bindings[at] = sqliteValue(values[column]);
      }
      if (returning.length) {
        for (const inserted of statement.all(bindings)) out.push(inserted);
      } else statement.run(bindings);
    }
    return out;
  }

  if (client === 'mysql') {
    // Multi-row VALUES on the transaction's own mysql2 connection, as knex would send it but without
    // building it: knex's builder took an object per row and a placeholder and binding per value, and
    // a 100k-row import grew the process by ~150 MB. The values reach mysql2 exactly as knex hands
    // them over (its `query` with bindings), so Dates and NULLs are written as before.
    if (!trx.isTransaction) throw new Error('insertValues: call it inside a transaction');
    const connection = (await trx.client.acquireConnection()) as MysqlConnection;
    // INSERT IGNORE skips a row on any unique index, whichever column is named (MySQL/MariaDB have no
    // per-index ON CONFLICT), as knex's `onConflict().ignore()` wrote it before.
    const head = `insert${skipConflictsOn ? ' ignore' : ''} into ${quoteIdentifier(table)} (${columns.map(quoteIdentifier).join(', ')}) values `;
    const placeholders = `(${columns.map(() => '?').join(', ')})`;
    for (const part of chunk(rows, 1000)) {
      const bindings = new Array<unknown>(part.length * columns.length);
      for (let row = 0, at = 0; row < part.length; row += 1) {
        const values = part[row];
        for (let column = 0; column < values.length; column += 1, at += 1) bindings[at] = values[column] ?? null;
      }
      await new Promise<void>((resolve, reject) =>
        connection.query(`${head}${part.map(() => placeholders).join(', ')}`, bindings, (error) =>
          error ? reject(error) : resolve()
        )
      );
    }
    return out;
  }

  throw new Error(`insertValues: no insert for the ${client} database`);
};
