import { UID } from '../../utils/constants';
import { chunk, insertValues, query, tableOf, withKnex } from '../../utils/db';
import { documentIds } from '../../utils/ids';
import type { AuditEvent, Page } from '../../../../shared/contracts';
import type { StrapiContext } from '../../utils/types';
import type { AuditFilters, AuditInput } from './types';

/**
 * The append-only audit log. Events reference invitations and organizations by documentId instead of
 * by relation on purpose: a log must keep saying what happened after the things it names are deleted,
 * and a relation would be unlinked (and need a join table write per event).
 * Updates and deletes are refused by the content type's lifecycles (content-types/audit-event).
 */
const toRow = ({ action, actor, invitation, organization, data }: AuditInput) => ({
  action,
  actorType: actor.type,
  actorId: 'id' in actor ? String(actor.id) : null,
  actorLabel: 'label' in actor ? actor.label : null,
  invitation: invitation ?? null,
  organization: organization ?? null,
  data: data ?? null,
  publishedAt: new Date(),
});

const FIELDS = [
  'documentId',
  'action',
  'actorType',
  'actorId',
  'actorLabel',
  'invitation',
  'organization',
  'data',
  'createdAt',
];

type StoredEvent = Omit<AuditEvent, 'organizationName'>;

const auditService = ({ strapi }: StrapiContext) => {
  /** Adds each event's organization name: one lookup for the distinct organizations of a page. */
  const withOrganizationNames = async (events: StoredEvent[]): Promise<AuditEvent[]> => {
    const ids = [...new Set(events.map((event) => event.organization).filter((id): id is string => Boolean(id)))];
    const names = new Map<string, string>();
    for (const part of chunk(ids)) {
      const rows = (await query(strapi, UID.organization).findMany({
        select: ['documentId', 'name'],
        where: { documentId: { $in: part } },
      })) as { documentId: string; name: string }[];
      rows.forEach((row) => names.set(row.documentId, row.name));
    }
    return events.map((event) => ({
      ...event,
      organizationName: event.organization ? (names.get(event.organization) ?? null) : null,
    }));
  };

  return {
    /** Writes one event; inside `strapi.db.transaction` it commits or rolls back with the change it records. */
    async record(input: AuditInput): Promise<void> {
      await this.recordMany([input]);
    },

    /**
     * Writes many events with the dialect's fastest multi-row insert, in the caller's transaction.
     * Not the query engine's createMany: it draws each documentId from cuid2 (about 20 µs apiece) and
     * builds each row through the entity layer, which made the audit of 50,000 expiries take seconds.
     */
    async recordMany(inputs: readonly AuditInput[]): Promise<void> {
      if (inputs.length === 0) return;
      const audit = tableOf(strapi, UID.auditEvent);
      const written = ['action', 'actorType', 'actorId', 'actorLabel', 'invitation', 'organization', 'data'] as const;
      const columns = ['documentId', ...written, 'createdAt', 'updatedAt', 'publishedAt'].map(audit.column);
      const now = new Date();
      const ids = documentIds(inputs.length);
      const rows = inputs.map((input, index) => {
        const row = toRow(input);
        const values = written.map((field) =>
          field === 'data' ? (row.data === null ? null : JSON.stringify(row.data)) : row[field]
        );
        return [ids[index], ...values, now, now, now];
      });
      await withKnex(strapi, (_table, trx) => insertValues(strapi, trx, audit.name, columns, rows));
    },

    whereOf(filters: AuditFilters) {
      const and: Record<string, unknown>[] = [];
      if (filters.action) {
        // `invitation` matches every invitation.* action; `invitation.revoked` matches exactly.
        and.push(
          filters.action.includes('.') ? { action: filters.action } : { action: { $startsWith: `${filters.action}.` } }
        );
      }
      if (filters.organization) and.push({ organization: filters.organization });
      if (filters.invitation) and.push({ invitation: filters.invitation });
      if (filters.actor) {
        and.push(
          filters.actor === 'system'
            ? { actorType: 'system' }
            : { $or: [{ actorLabel: { $containsi: filters.actor } }, { actorId: filters.actor }] }
        );
      }
      if (filters.from) and.push({ createdAt: { $gte: filters.from } });
      if (filters.to) and.push({ createdAt: { $lte: filters.to } });
      return { $and: and };
    },

    async list(filters: AuditFilters, page: number, pageSize: number): Promise<Page<AuditEvent>> {
      const found = (await query(strapi, UID.auditEvent).findPage({
        select: FIELDS,
        where: this.whereOf(filters),
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        page,
        pageSize,
      })) as Page<StoredEvent>;
      return { results: await withOrganizationNames(found.results), pagination: found.pagination };
    },

    /** Walks all matching events oldest first, a page at a time, so an export never holds them all. */
    async *iterate(filters: AuditFilters, batchSize = 1000): AsyncGenerator<AuditEvent[]> {
      let lastId = 0;
      for (;;) {
        const rows = (await query(strapi, UID.auditEvent).findMany({
          select: ['id', ...FIELDS],
          where: { $and: [this.whereOf(filters), { id: { $gt: lastId } }] },
          orderBy: { id: 'asc' },
          limit: batchSize,
        })) as (StoredEvent & { id: number })[];
        if (rows.length === 0) return;
        lastId = rows[rows.length - 1].id;
        yield await withOrganizationNames(rows.map(({ id: _id, ...event }) => event));
      }
    },
  };
};

export default auditService;
export type AuditService = ReturnType<typeof auditService>;
