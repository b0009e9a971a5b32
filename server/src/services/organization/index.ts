import { randomBytes } from 'node:crypto';
import { UID } from '../../utils/constants';
import type { Onboarding, OrganizationChoice, Page } from '../../../../shared/contracts';
import { ANY_UNIQUE_INDEX, insertValues, isUniqueViolation, query, tableOf, withKnex } from '../../utils/db';
import { documentIds } from '../../utils/ids';
import { InvitationError, badRequest } from '../../utils/errors';
import { getService } from '../../utils/get-service';
import type { Actor, StrapiContext } from '../../utils/types';
import { matchTeams } from '../admission/rules';
import { ORGANIZATION_RULE_FIELDS, type OrganizationInput, type OrganizationRow, type TeamRow } from './types';

const ORGANIZATION_FIELDS = [...ORGANIZATION_RULE_FIELDS, 'createdAt', 'updatedAt'];

export const slugify = (name: string): string =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 200);

const organizationService = ({ strapi }: StrapiContext) => {
  const organizations = () => query(strapi, UID.organization);

  /** A write the slug's unique index refused, as the 409 an admin can act on; any other error as it is. */
  const slugTakenOr = (error: unknown, slug: string | undefined): unknown =>
    isUniqueViolation(strapi, error, UID.organization, 'slug')
      ? new InvitationError(
          409,
          'SLUG_TAKEN',
          `Another organization already uses the slug "${slug}": choose another slug.`,
          { slug }
        )
      : error;

  const findOrThrow = async (ref: string): Promise<OrganizationRow> => {
    const org = await findByRef(ref);
    if (!org) throw new InvitationError(404, 'ORGANIZATION_NOT_FOUND', `No organization has the id or slug "${ref}".`);
    return org;
  };

  /** An organization by documentId or slug (admins and CSV files use either). */
  const findByRef = async (ref: string): Promise<OrganizationRow | null> =>
    (await organizations().findOne({
      select: ORGANIZATION_FIELDS,
      where: { $or: [{ documentId: ref }, { slug: ref.toLowerCase() }] },
      populate: { teams: { select: ['id', 'documentId', 'name'] } },
    })) as OrganizationRow | null;

  /**
   * The committed partner organization of `partnerKey`, read with a locking read. On MySQL/MariaDB
   * (REPEATABLE READ) a plain read inside a transaction sees the transaction's snapshot, which misses a
   * partner organization that a concurrent accept created after it began; a locking read sees it.
   * Such an organization is moments old, so it has no teams yet.
   */
  const lockedPartner = async (partnerKey: string): Promise<OrganizationRow | null> => {
    const org = tableOf(strapi, UID.organization);
    const fields = ORGANIZATION_FIELDS.filter((field) => field !== 'id');
    const row = (await withKnex(strapi, async (table) =>
      table(org.name)
        .first(['id', ...fields.map((field) => `${org.column(field)} as ${field}`)])
        .where(org.column('partnerKey'), partnerKey)
        .forShare()
    )) as (OrganizationRow & { allowedDomains: string | string[] | null; isPartner: boolean | number }) | undefined;
    if (!row) return null;
    const allowedDomains =
      typeof row.allowedDomains === 'string' ? (JSON.parse(row.allowedDomains) as string[]) : row.allowedDomains;
    return { ...row, allowedDomains, isPartner: Boolean(row.isPartner), teams: [] };
  };

  const validateRole = async (role: string | null | undefined) => {
    if (role != null) await getService('settings', strapi).assertRole(role);
  };

  /** The slug of a partner organization's `attempt`-th try: its own first, then with a random suffix. */
  const slugAttempt = (base: string, attempt: number): string =>
    attempt === 0 ? base : `${base.slice(0, 190)}-${randomBytes(4).toString('hex')}`;

  /**
   * Inserts a partner organization, skipping (instead of failing) on any unique index: a failed insert
   * would abort the surrounding accept or join transaction on PostgreSQL. The caller finds out by its
   * document id whether the row went in.
   */
  const insertPartnerRow = (input: {
    documentId: string;
    name: string;
    slug: string;
    partnerKey: string | null;
    onboarding?: Onboarding;
    application?: Record<string, unknown> | null;
  }): Promise<void> => {
    const { partnerOrganizations } = getService('settings', strapi).config();
    const org = tableOf(strapi, UID.organization);
    const c = org.column;
    return withKnex(strapi, async (_table, trx) => {
      const now = new Date();
      const row: [string, unknown][] = [
        [c('documentId'), input.documentId],
        [c('name'), input.name],
        [c('slug'), input.slug],
        [c('partnerKey'), input.partnerKey],
        [c('isPartner'), true],
        [c('allowedDomains'), JSON.stringify([])],
        [c('onboarding'), input.onboarding ?? partnerOrganizations.onboarding],
        [c('defaultRole'), partnerOrganizations.defaultRole],
        [c('application'), input.application ? JSON.stringify(input.application) : null],
        [c('createdAt'), now],
        [c('updatedAt'), now],
        [c('publishedAt'), now],
      ];
      await insertValues(
        strapi,
        trx,
        org.name,
        row.map(([column]) => column),
        [row.map(([, value]) => value)],
        { skipConflictsOn: ANY_UNIQUE_INDEX }
      );
    });
  };

  return {
    findByRef,
    findOrThrow,

    /**
     * One organization as its details page shows it: with the application a partner organization was
     * created with. Read apart from `findByRef`, which admission calls for every invite, to keep that lean.
     */
    async details(ref: string): Promise<OrganizationRow> {
      const org = await findOrThrow(ref);
      const { application } = (await organizations().findOne({ select: ['application'], where: { id: org.id } })) as {
        application: Record<string, unknown> | null;
      };
      return { ...org, application: application ?? null };
    },

    /** Teams by documentId or name, all of which must belong to `organization` (admission's rule). */
    findTeams(organization: OrganizationRow | null, refs: readonly string[]): TeamRow[] {
      const matched = matchTeams(organization, refs);
      if ('code' in matched) throw badRequest('UNKNOWN_TEAM', matched.message, { teams: [matched.value] });
      return matched.teams;
    },

    async list(params: { search?: string; page: number; pageSize: number }): Promise<Page<OrganizationRow>> {
      return (await organizations().findPage({
        select: ORGANIZATION_FIELDS,
        where: params.search
          ? { $or: [{ name: { $containsi: params.search } }, { slug: { $containsi: params.search } }] }
          : {},
        orderBy: { name: 'asc' },
        page: params.page,
        pageSize: params.pageSize,
        populate: { teams: { select: ['id', 'documentId', 'name'] } },
      })) as Page<OrganizationRow>;
    },

    /**
     * Organizations whose name or slug contains `search`, by name, for the invite form's and the
     * audit filter's pickers: a page of `limit`, and whether there are more (the admin then types
     * more of the name). Searched on the server so that a portal with thousands of partners can
     * still pick any of them.
     */
    async choices(params: {
      search?: string;
      limit: number;
    }): Promise<{ results: OrganizationChoice[]; more: boolean }> {
      const page = await this.list({ search: params.search, page: 1, pageSize: params.limit });
      return {
        results: page.results.map((org) => ({
          documentId: org.documentId,
          name: org.name,
          slug: org.slug,
          allowedDomains: org.allowedDomains ?? [],
          teams: (org.teams ?? []).map((team) => ({ documentId: team.documentId, name: team.name })),
        })),
        more: page.pagination.total > page.results.length,
      };
    },

    async create(input: OrganizationInput & { name: string }, actor: Actor): Promise<OrganizationRow> {
      await validateRole(input.defaultRole);
      const slug = input.slug ?? slugify(input.name);
      try {
        return await strapi.db.transaction(async () => {
          const org = (await organizations().create({
            data: {
              onboarding: 'auto',
              ...input,
              slug,
              allowedDomains: input.allowedDomains ?? [],
              publishedAt: new Date(),
            },
          })) as OrganizationRow;
          await getService('audit', strapi).record({
            action: 'organization.created',
            actor,
            organization: org.documentId,
            data: { name: org.name, slug: org.slug },
          });
          return (await findByRef(org.documentId))!;
        });
      } catch (error) {
        throw slugTakenOr(error, slug);
      }
    },

    async update(ref: string, input: OrganizationInput, actor: Actor): Promise<OrganizationRow> {
      const org = await findOrThrow(ref);
      await validateRole(input.defaultRole);
      try {
        await strapi.db.transaction(async () => {
          await organizations().update({ where: { id: org.id }, data: input });
          await getService('audit', strapi).record({
            action: 'organization.updated',
            actor,
            organization: org.documentId,
            data: { changed: Object.keys(input) },
          });
        });
      } catch (error) {
        throw slugTakenOr(error, input.slug);
      }
      return (await findByRef(org.documentId))!;
    },

    /**
     * The partner organization named `partnerName`, created on first use. Only organizations created
     * this way carry a `partnerKey`, so a partner name never joins anyone to an organization an admin
     * made (whose domains, limit and role it would bypass), whatever its slug. Two partner invitations
     * naming the same partner (accepted one after the other or at the same instant) share one
     * organization: the insert skips on the unique indexes instead of failing, so it never aborts the
     * surrounding accept transaction on PostgreSQL. If it was skipped for the slug (another organization
     * has it), the next attempt takes a fresh slug. `application`: the accepting contact's answers,
     * kept on the organization only when this call creates it (the first contact's).
     */
    async findOrCreatePartner(
      partnerName: string,
      actor: Actor,
      application: Record<string, unknown> | null = null
    ): Promise<OrganizationRow> {
      const partnerKey = slugify(partnerName) || `partner-${randomBytes(4).toString('hex')}`;
      const documentId = documentIds(1)[0];
      for (let attempt = 0; attempt < 4; attempt += 1) {
        const found = await lockedPartner(partnerKey);
        if (found) {
          // Whoever wrote its document id created it (works without RETURNING, on MySQL too).
          if (found.documentId === documentId) {
            await getService('audit', strapi).record({
              action: 'organization.created',
              actor,
              organization: found.documentId,
              data: { name: found.name, slug: found.slug, partner: true },
            });
          }
          return found;
        }
        await insertPartnerRow({
          documentId,
          name: partnerName,
          slug: slugAttempt(partnerKey, attempt),
          partnerKey,
          application,
        });
      }
      throw new Error(`The partner organization "${partnerName}" could be neither created nor found.`);
    },

    /**
     * A new partner organization for one applicant of the partner program (a join link without an
     * organization). Never an existing one, whatever its name: a name proves nothing, so two
     * applicants naming the same company each get their own (without a `partnerKey`), and an admin
     * merges them if they belong together. `onboarding` is the link's: with `approval`, the applicant
     * waits in the organization's pending approvals. `application` is kept on the new organization.
     */
    async createApplicantPartner(
      partnerName: string,
      onboarding: Onboarding,
      actor: Actor,
      application: Record<string, unknown> | null = null
    ): Promise<OrganizationRow> {
      const base = slugify(partnerName) || 'partner';
      const documentId = documentIds(1)[0];
      for (let attempt = 0; attempt < 4; attempt += 1) {
        await insertPartnerRow({
          documentId,
          name: partnerName,
          slug: slugAttempt(base, attempt),
          partnerKey: null,
          onboarding,
          application,
        });
        const created = await findByRef(documentId);
        if (created) {
          await getService('audit', strapi).record({
            action: 'organization.created',
            actor,
            organization: created.documentId,
            data: { name: created.name, slug: created.slug, partner: true, applicant: true },
          });
          return created;
        }
      }
      throw new Error(`The partner organization "${partnerName}" could not be created.`);
    },

    /**
     * Locks organizations' rows until the transaction ends (in id order, so two lockers never wait on
     * each other crosswise). Whoever holds the lock decides alone about those organizations' pending
     * limits. A no-op on SQLite, whose writers are serialized anyway.
     */
    async lockRows(ids: readonly number[]): Promise<void> {
      const org = tableOf(strapi, UID.organization);
      await withKnex(strapi, (table) =>
        table(org.name)
          .select('id')
          .whereIn('id', [...ids])
          .orderBy('id')
          .forUpdate()
      );
    },

    async createTeam(ref: string, name: string, actor: Actor): Promise<TeamRow> {
      const org = await findOrThrow(ref);
      return strapi.db.transaction(async () => {
        const team = (await query(strapi, UID.team).create({
          data: { name, organization: org.id, publishedAt: new Date() },
          select: ['id', 'documentId', 'name'],
        })) as TeamRow;
        await getService('audit', strapi).record({
          action: 'team.created',
          actor,
          organization: org.documentId,
          data: { team: team.documentId, name },
        });
        return team;
      });
    },
  };
};

export default organizationService;
export type OrganizationService = ReturnType<typeof organizationService>;
