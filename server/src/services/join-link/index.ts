import { randomBytes } from 'node:crypto';
import type {
  JoinLinkDto,
  JoinLinkPreview,
  JoinLinkState,
  JoinLinkWithUrl,
  JoinResult,
  Page,
} from '../../../../shared/contracts';
import { UID, expiryAfter } from '../../utils/constants';
import { isUniqueViolation, query, tableOf, withKnex } from '../../utils/db';
import { isDomainAllowed, normalizeEmail } from '../../utils/emails';
import { InvitationError, badRequest } from '../../utils/errors';
import { getService } from '../../utils/get-service';
import { personName } from '../../utils/people';
import type { Actor, EndUser, StrapiContext } from '../../utils/types';
import { refusal, refusalError } from '../admission/rules';
import { ORGANIZATION_RULE_FIELDS, type OrganizationRow } from '../organization/types';
import { portalLinkOf } from '../token';
import { GONE, joinKeyOf, joinLinkState } from './rules';
import type { JoinLinkInput, JoinLinkRow, JoinLinkScope } from './types';

const JOIN_LINK_POPULATE = {
  organization: {
    select: [...ORGANIZATION_RULE_FIELDS],
    populate: { teams: { select: ['id', 'documentId', 'name'] } },
  },
  teams: { select: ['id', 'documentId', 'name'] },
  createdByAdmin: { select: ['id', 'firstname', 'lastname', 'email'] },
  createdByUser: { select: ['id', 'username', 'email'] },
} as const;

const iso = (value: string | Date | null): string | null => (value ? new Date(value).toISOString() : null);

export const toJoinLinkDto = (row: JoinLinkRow): JoinLinkDto => {
  const creator = row.createdByAdmin
    ? { name: personName(row.createdByAdmin), email: row.createdByAdmin.email }
    : row.createdByUser
      ? { name: row.createdByUser.username, email: row.createdByUser.email }
      : null;
  return {
    documentId: row.documentId,
    label: row.label,
    organization: row.organization
      ? { documentId: row.organization.documentId, name: row.organization.name, slug: row.organization.slug }
      : null,
    role: row.role,
    teams: (row.teams ?? []).map((team) => ({ documentId: team.documentId, name: team.name })),
    onboarding: row.onboarding,
    expiresAt: iso(row.expiresAt),
    maxUses: row.maxUses ?? null,
    uses: row.uses,
    state: joinLinkState(row),
    createdAt: iso(row.createdAt)!,
    createdBy: creator,
    revokedAt: iso(row.revokedAt),
  };
};

const gone = (state: Exclude<JoinLinkState, 'active'>): InvitationError =>
  new InvitationError(410, GONE[state].code, GONE[state].message, { state });

const NOT_FOUND_MESSAGE =
  'This join link is not valid. Check that you opened the whole link, or ask whoever shared it for a new one.';

/**
 * Join links: one shareable link per campaign or organization, with an expiry, a use limit and
 * optional approval. Tokens work as invitations' do (HMAC of a per-link nonce, only the hash stored,
 * copyable again), derived for their own purpose. This service is the one place that touches the
 * join links table.
 */
const joinLinkService = ({ strapi }: StrapiContext) => {
  const links = () => query(strapi, UID.joinLink);
  const tokens = () => getService('token', strapi);

  const findRow = async (where: Record<string, unknown>): Promise<JoinLinkRow | null> =>
    (await links().findOne({ where, populate: JOIN_LINK_POPULATE })) as JoinLinkRow | null;

  /** A link by id, within the caller's organization when the caller is an organization admin. */
  const findOrThrow = async (documentId: string, scope?: JoinLinkScope): Promise<JoinLinkRow> => {
    const row = await findRow({ documentId });
    if (!row || (scope && row.organization?.id !== scope.organizationId)) {
      throw new InvitationError(404, 'JOIN_LINK_NOT_FOUND', `There is no join link with the id "${documentId}".`);
    }
    return row;
  };

  const findByToken = async (token: string): Promise<JoinLinkRow> => {
    const row = tokens().looksLikeToken(token) ? await findRow({ tokenHash: tokens().hash(token) }) : null;
    if (!row || !tokens().isIssuedFor(token, row.tokenNonce, 'join')) {
      throw new InvitationError(404, 'JOIN_LINK_NOT_FOUND', NOT_FOUND_MESSAGE);
    }
    return row;
  };

  /** A fresh nonce and the hash of its token, for a new or rotated link. */
  const newKey = (): { tokenNonce: string; tokenHash: string } => {
    const tokenNonce = randomBytes(32).toString('base64url');
    return { tokenNonce, tokenHash: tokens().hash(tokens().tokenFor(tokenNonce, 'join')) };
  };

  /** The shareable URL; re-keys a link whose token was made under a secret no longer honoured. */
  const urlOf = async (row: JoinLinkRow): Promise<string> => {
    const { joinUrl } = getService('settings', strapi).config();
    let token = tokens().liveTokenOf(row, 'join');
    if (!token) {
      token = tokens().tokenFor(row.tokenNonce, 'join');
      await links().update({ where: { id: row.id }, data: { tokenHash: tokens().hash(token) } });
    }
    return portalLinkOf(joinUrl, token);
  };

  const withUrl = async (row: JoinLinkRow): Promise<JoinLinkWithUrl> => ({
    joinLink: toJoinLinkDto(row),
    url: await urlOf(row),
  });

  const audit =
    (action: 'join_link.created' | 'join_link.revoked' | 'join_link.rotated' | 'join_link.link_copied') =>
    (row: JoinLinkRow, actor: Actor, data: Record<string, unknown> = {}) =>
      getService('audit', strapi).record({
        action,
        actor,
        organization: row.organization?.documentId,
        data: { joinLink: row.documentId, label: row.label, ...data },
      });

  /**
   * Handing out a link is granting its role: an organization admin copies or renews only links whose
   * role they could grant themselves (they may still revoke any of their organization's links).
   */
  const assertMayHandOut = async (row: JoinLinkRow, scope?: JoinLinkScope): Promise<void> => {
    if (scope) await getService('organization-access', strapi).assertMayGrant(scope.grantorRole, row.role);
  };

  /** Refuses to hand out or change a link that no longer works, saying what to do instead. */
  const assertActive = (row: JoinLinkRow, doing: string): void => {
    const state = joinLinkState(row);
    if (state !== 'active') {
      throw new InvitationError(
        400,
        'INVALID_TRANSITION',
        `The join link "${row.label}" is ${state}: you cannot ${doing} it. Create a new link instead.`,
        { state }
      );
    }
  };

  /**
   * Counts one use, atomically: one conditional UPDATE that only a live link with uses left passes.
   * Concurrent joins queue on the row (PostgreSQL re-checks the condition on the latest version,
   * MySQL/MariaDB update what they read with a locking read; SQLite has one writer), so a link never
   * goes past `maxUses`. Rolled back with the join if anything after it fails.
   */
  const claimUse = async (id: number): Promise<boolean> => {
    const table = tableOf(strapi, UID.joinLink);
    const c = table.column;
    const now = new Date();
    const changed = await withKnex(strapi, (builder, trx) =>
      builder(table.name)
        .where('id', id)
        .whereNull(c('revokedAt'))
        .where((q) => q.whereNull(c('expiresAt')).orWhere(c('expiresAt'), '>', now))
        .where((q) => q.whereNull(c('maxUses')).orWhere(c('uses'), '<', trx.ref(c('maxUses'))))
        .update({ [c('uses')]: trx.raw('?? + 1', [c('uses')]), [c('updatedAt')]: now })
    );
    return Number(changed) === 1;
  };

  return {
    findOrThrow,

    async create(input: JoinLinkInput, actor: Actor, scope?: JoinLinkScope): Promise<JoinLinkWithUrl> {
      const organizations = getService('organization', strapi);
      const settings = getService('settings', strapi);
      const organization: OrganizationRow | null = input.organization
        ? await organizations.findOrThrow(input.organization)
        : null;
      if (scope && organization?.id !== scope.organizationId) {
        // The portal's routes always name their own organization; anything else is a bug, not a request.
        throw new InvitationError(
          403,
          'FORBIDDEN',
          'An organization admin creates join links of their own organization only.'
        );
      }
      const { defaultRole } = await settings.get();
      const { partnerOrganizations } = settings.config();
      const role =
        input.role ?? (organization ? (organization.defaultRole ?? defaultRole) : partnerOrganizations.defaultRole);
      await settings.assertRole(role);
      if (scope) await getService('organization-access', strapi).assertMayGrant(scope.grantorRole, role);
      if (!organization && input.teams?.length) throw refusalError(refusal.teamWithoutOrganization(input.teams[0]));
      const teams = organization ? organizations.findTeams(organization, input.teams ?? []) : [];

      const row = await strapi.db.transaction(async () => {
        const created = (await links().create({
          data: {
            label: input.label,
            organization: organization?.id ?? null,
            role,
            teams: teams.map((team) => team.id),
            onboarding: input.onboarding ?? organization?.onboarding ?? partnerOrganizations.onboarding,
            expiresAt: input.expiresInHours ? expiryAfter(input.expiresInHours) : null,
            maxUses: input.maxUses ?? null,
            uses: 0,
            createdByAdmin: actor.type === 'admin' ? actor.id : null,
            createdByUser: actor.type === 'user' ? actor.id : null,
            ...newKey(),
            publishedAt: new Date(),
          },
          select: ['id'],
        })) as { id: number };
        const saved = (await findRow({ id: created.id }))!;
        await audit('join_link.created')(saved, actor, {
          role,
          maxUses: saved.maxUses,
          expiresAt: iso(saved.expiresAt),
          onboarding: saved.onboarding,
          partnerProgram: !organization,
        });
        return saved;
      });
      return withUrl(row);
    },

    /** Newest first; `organization` narrows to one organization's links, `partnerProgram` to those without one. */
    async list(params: {
      organizationId?: number;
      partnerProgram?: boolean;
      search?: string;
      page: number;
      pageSize: number;
    }): Promise<Page<JoinLinkDto>> {
      const where: Record<string, unknown>[] = [];
      if (params.organizationId !== undefined) where.push({ organization: { id: params.organizationId } });
      if (params.partnerProgram) where.push({ organization: { id: { $null: true } } });
      if (params.search) where.push({ label: { $containsi: params.search } });
      const page = (await links().findPage({
        where: where.length ? { $and: where } : {},
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        page: params.page,
        pageSize: params.pageSize,
        populate: JOIN_LINK_POPULATE,
      })) as { results: JoinLinkRow[]; pagination: Page<JoinLinkDto>['pagination'] };
      return { results: page.results.map(toJoinLinkDto), pagination: page.pagination };
    },

    /** The link to share again (audited: it is a credential). */
    async copy(documentId: string, actor: Actor, scope?: JoinLinkScope): Promise<JoinLinkWithUrl> {
      const row = await findOrThrow(documentId, scope);
      assertActive(row, 'copy');
      await assertMayHandOut(row, scope);
      await audit('join_link.link_copied')(row, actor);
      return withUrl(row);
    },

    /** Ends the link at once; members who joined through it stay. */
    async revoke(documentId: string, actor: Actor, scope?: JoinLinkScope): Promise<JoinLinkDto> {
      const row = await findOrThrow(documentId, scope);
      if (row.revokedAt) {
        throw new InvitationError(400, 'INVALID_TRANSITION', `The join link "${row.label}" is already revoked.`);
      }
      await strapi.db.transaction(async () => {
        const changed = await links().updateMany({
          where: { id: row.id, revokedAt: { $null: true } },
          data: { revokedAt: new Date() },
        });
        if (changed.count !== 1) {
          throw new InvitationError(400, 'INVALID_TRANSITION', `The join link "${row.label}" is already revoked.`);
        }
        await audit('join_link.revoked')(row, actor, { uses: row.uses });
      });
      return toJoinLinkDto((await findRow({ id: row.id }))!);
    },

    /** A new URL for the same link (its uses, limit and expiry stay); the old URL stops working at once. */
    async rotate(documentId: string, actor: Actor, scope?: JoinLinkScope): Promise<JoinLinkWithUrl> {
      const row = await findOrThrow(documentId, scope);
      assertActive(row, 'rotate');
      await assertMayHandOut(row, scope);
      await strapi.db.transaction(async () => {
        await links().update({ where: { id: row.id }, data: newKey() });
        await audit('join_link.rotated')(row, actor);
      });
      return withUrl((await findRow({ id: row.id }))!);
    },

    /** What the link grants. A link that no longer works tells only why (410). */
    async preview(token: string): Promise<JoinLinkPreview> {
      const row = await findByToken(token);
      const state = joinLinkState(row);
      if (state !== 'active') throw gone(state);
      const { portalName, fields } = await getService('settings', strapi).get();
      return {
        kind: row.organization ? 'organization' : 'partner_program',
        organization: row.organization ? { name: row.organization.name, slug: row.organization.slug } : null,
        role: row.role,
        onboarding: row.onboarding,
        expiresAt: iso(row.expiresAt),
        allowedDomains: row.organization?.allowedDomains ?? [],
        asks: row.organization ? [] : ['partnerName'],
        applicationFields: fields.application,
        portal: portalName,
      };
    },

    /**
     * Joins the signed-in user through the link: into its organization, or, for the partner program,
     * into a new partner organization named by the application. The use, the membership (and the
     * organization) and the audit event commit together or not at all.
     */
    async join(
      token: string,
      user: EndUser | null,
      application: { partnerName?: string; answers?: Record<string, unknown> }
    ): Promise<JoinResult> {
      const row = await findByToken(token);
      const state = joinLinkState(row);
      if (state !== 'active') throw gone(state);
      if (!user) {
        throw new InvitationError(
          401,
          'UNAUTHENTICATED',
          'Sign in (or sign up) first, then join: a join link does not prove your address the way an invitation email does.'
        );
      }
      if (!user.confirmed) {
        throw new InvitationError(
          403,
          'FORBIDDEN',
          'Confirm your email address first (see the mail we sent you), then join.'
        );
      }
      const email = normalizeEmail(user.email);
      const organization = row.organization;
      const memberships = getService('membership', strapi);
      if (organization) {
        if (!isDomainAllowed(email, organization.allowedDomains)) {
          throw refusalError(refusal.domainNotAllowed(user.email, email, organization));
        }
        if (await memberships.findLive(organization.id, user.id)) {
          throw new InvitationError(409, 'ALREADY_MEMBER', `You are already a member of ${organization.name}.`);
        }
      } else if (!application.partnerName) {
        throw badRequest(
          'VALIDATION_ERROR',
          'partnerName is required: this link makes you a partner, so name your company (application.partnerName).',
          { errors: [{ path: 'application.partnerName', message: 'partnerName is required' }] }
        );
      }
      const answers = await getService('fields', strapi).application(application.answers ?? {});
      // What the membership keeps: the company named (partner program) and the answers.
      const applied = organization ? answers : { partnerName: application.partnerName!, ...(answers ?? {}) };

      const actor: Actor = { type: 'user', id: user.id, label: email };
      try {
        const result = await strapi.db.transaction(async () => {
          if (!(await claimUse(row.id))) {
            // Someone else took the last use, or an admin revoked it, since it was read.
            // (A snapshot read on MySQL may still show it active: then its last use went meanwhile.)
            const latest = joinLinkState((await findRow({ id: row.id }))!);
            throw gone(latest === 'active' ? 'exhausted' : latest);
          }
          const target =
            organization ??
            (await getService('organization', strapi).createApplicantPartner(
              application.partnerName!,
              row.onboarding,
              actor,
              applied
            ));
          const membership = (await memberships.create({
            organization: target,
            userId: user.id,
            role: row.role,
            teams: organization ? row.teams : [],
            status: row.onboarding === 'approval' ? 'pending' : 'active',
            joinLink: { id: row.id, joinKey: joinKeyOf(row.id, user.id) },
            application: applied,
          })) as JoinResult['membership'];
          await getService('audit', strapi).record({
            action: 'join_link.used',
            actor,
            organization: target.documentId,
            data: {
              joinLink: row.documentId,
              label: row.label,
              email,
              membership: membership.status,
              ...(organization ? {} : { partnerName: application.partnerName }),
              application: applied,
            },
          });
          return {
            status: 'joined' as const,
            organization: { documentId: target.documentId, name: target.name, slug: target.slug },
            membership,
          };
        });
        getService('webhook-events', strapi).emit('join_link.used', {
          joinLink: { documentId: row.documentId, label: row.label },
          organization: result.organization,
          membership: result.membership,
          user: { id: user.id, email },
          application: applied,
        });
        return result;
      } catch (error) {
        if (isUniqueViolation(strapi, error, UID.membership, 'joinKey')) {
          throw new InvitationError(409, 'ALREADY_MEMBER', 'You already joined through this link.');
        }
        if (organization && isUniqueViolation(strapi, error, UID.membership, 'activeKey')) {
          throw new InvitationError(409, 'ALREADY_MEMBER', `You are already a member of ${organization.name}.`);
        }
        throw error;
      }
    },
  };
};

export default joinLinkService;
export type JoinLinkService = ReturnType<typeof joinLinkService>;
