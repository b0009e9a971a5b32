import type { Settings } from '../settings';
import type { OrganizationRow } from '../organization/types';
import { UID, expiryAfter, type InvitationSource } from '../../utils/constants';
import { chunk, query, tableOf, whereInList } from '../../utils/db';
import {
  emailDomain,
  isDomainAllowed,
  isValidEmail,
  normalizeEmail,
  splitEmails,
} from '../../utils/emails';
import { InvitationError, badRequest } from '../../utils/errors';
import { getService } from '../../utils/get-service';
import type { Actor, Page, StrapiContext } from '../../utils/types';
import { INVITATION_POPULATE, effectiveStatus, toInvitationDto } from './dto';
import { acceptLinkOf } from '../token';
import { insertInvitations, type InsertedInvitation } from './insert-invitations';
import type { InvitationDraft, InvitationDto, InvitationRow, InviteInput, InviteOutcome, InviteResultCode, InviteTarget, ListQuery } from './types';

/**
 * At most one pending invitation per email and organization: this key is set while an invitation is
 * pending and cleared when it reaches a final state. Its database unique index makes the rule hold
 * under concurrent requests and instances, and makes a re-run of the same batch create nothing twice.
 */
export const pendingKeyOf = (email: string, organization: Pick<OrganizationRow, 'documentId'> | null): string =>
  `${organization?.documentId ?? '-'}:${email}`;

const MESSAGES: Record<Exclude<InviteResultCode, 'created'>, (email: string, target: InviteTarget) => string> = {
  invalid_email: (email) => `"${email}" is not a valid email address: check it for typos or missing parts.`,
  duplicate: (email) => `${email} appears more than once in this request; it was invited once.`,
  already_invited: (email) =>
    `${email} already has a pending invitation: resend or revoke it from Invites Sent instead.`,
  already_member: (email, target) =>
    target.organization
      ? `${email} is already a member of ${target.organization.name}.`
      : `${email} already has an account on this portal.`,
  domain_not_allowed: (email, target) =>
    `${emailDomain(email)} is not an allowed domain of ${target.organization?.name}: allowed are ${(
      target.organization?.allowedDomains ?? []
    ).join(', ')}. Change the organization's allowed domains or use another address.`,
  limit_reached: (_email, target) =>
    `${target.organization?.name} has reached its limit of ${target.organization?.pendingLimit} pending invitations: revoke some, wait for answers, or raise the limit.`,
};

const SORTABLE = ['email', 'firstName', 'lastName', 'role', 'status', 'createdAt', 'expiresAt', 'lastSentAt'] as const;

const invitationService = ({ strapi }: StrapiContext) => {
  const invitations = () => query(strapi, UID.invitation);

  const findRow = async (documentId: string): Promise<InvitationRow> => {
    const row = (await invitations().findOne({
      where: { documentId },
      populate: INVITATION_POPULATE,
    })) as InvitationRow | null;
    if (!row) {
      throw new InvitationError(404, 'INVITATION_NOT_FOUND', `No invitation has the id "${documentId}".`);
    }
    return row;
  };

  /** Brings an overdue invitation to `expired` (audited) before acting on it, so its state is real. */
  const settle = async (row: InvitationRow): Promise<InvitationRow> => {
    if (effectiveStatus(row) === row.status) return row;
    await getService('expire-invitations', strapi).expireOverdue({ invitationIds: [row.id] });
    return findRow(row.documentId);
  };

  const illegal = (row: InvitationRow, action: string, hint: string) =>
    badRequest(
      'INVALID_TRANSITION',
      `Cannot ${action} the invitation to ${row.email}: it is ${effectiveStatus(row)}. ${hint}`,
      { status: effectiveStatus(row), documentId: row.documentId }
    );

  return {
    async resolveTarget(input: Omit<InviteInput, 'emails'>, settings: Settings): Promise<InviteTarget> {
      const organization = input.organization
        ? await getService('organization', strapi).findByRef(input.organization)
        : null;
      if (input.organization && !organization) {
        throw badRequest(
          'UNKNOWN_ORGANIZATION',
          `No organization has the id or slug "${input.organization}": pick one from the Organizations tab.`,
          { organization: input.organization }
        );
      }
      const role = input.role ?? organization?.defaultRole ?? settings.defaultRole;
      await getService('settings', strapi).assertRole(role);
      const teams = input.teams?.length
        ? await getService('organization', strapi).findTeams(organization, input.teams)
        : [];
      const hours = input.expiresInHours ?? organization?.expiresInHours ?? settings.expiresInHours;
      return {
        organization,
        teams,
        role,
        expiresAt: expiryAfter(hours),
        firstName: input.firstName?.trim() || null,
        lastName: input.lastName?.trim() || null,
        partnerName: input.partnerName?.trim() || null,
        customFields: input.customFields ?? null,
      };
    },

    /**
     * Decides, for each address, whether it may be invited into `target`: syntax, duplicates within the
     * batch, allowed domains, pending invitations, existing members and the pending limit. The same
     * rules serve the form, the API, "send new invitation" and the CSV import.
     */
    async screen(inputs: readonly string[], target: InviteTarget): Promise<(InviteOutcome | { input: string; email: string; result: 'ok' })[]> {
      const { organization } = target;
      const seen = new Set<string>();
      const outcomes = inputs.map((input) => {
        const email = normalizeEmail(input);
        const fail = (result: Exclude<InviteResultCode, 'created'>) => ({
          input,
          email,
          result,
          message: MESSAGES[result](email, target),
        });
        if (!isValidEmail(email)) return fail('invalid_email');
        if (seen.has(email)) return fail('duplicate');
        seen.add(email);
        if (!isDomainAllowed(email, organization?.allowedDomains)) return fail('domain_not_allowed');
        return { input, email, result: 'ok' as const };
      });

      const candidates = outcomes.filter((o) => o.result === 'ok').map((o) => o.email);
      if (candidates.length === 0) return outcomes;

      // Overdue invitations do not count as pending here; `createMany` expires them when they hold a key.
      const { pending, members } = await this.findConflicts(candidates.map((email) => ({ email, organization })));

      let room = organization?.pendingLimit == null
        ? Infinity
        : organization.pendingLimit - (await this.countPending(organization));

      return outcomes.map((outcome) => {
        if (outcome.result !== 'ok') return outcome;
        const fail = (result: Exclude<InviteResultCode, 'created'>) => ({
          ...outcome,
          result,
          message: MESSAGES[result](outcome.email, target),
        });
        if (members.has(pendingKeyOf(outcome.email, organization))) return fail('already_member');
        if (pending.has(pendingKeyOf(outcome.email, organization))) return fail('already_invited');
        if (room <= 0) return fail('limit_reached');
        room -= 1;
        return outcome;
      });
    },

    /**
     * Which (email, organization) pairs already have an unexpired pending invitation, and which
     * already have access (a live membership, or an account for portal-wide invitations); both sets
     * hold pending keys. Bulk lookups shared by the invite form and the CSV import. Overdue
     * invitations do not count, so this is right for a dry run that must not expire them.
     */
    async findConflicts(
      entries: readonly { email: string; organization: OrganizationRow | null }[],
      // A caller that inserts with ON CONFLICT on the pending key learns of pending invitations from
      // the insert itself and may skip this lookup.
      options: { pending: boolean } = { pending: true }
    ): Promise<{ pending: Set<string>; members: Set<string> }> {
      const now = new Date();
      const inv = tableOf(strapi, UID.invitation);
      const pending = new Set<string>();
      const keys = options.pending ? entries.map((entry) => pendingKeyOf(entry.email, entry.organization)) : [];
      for (const part of chunk(keys)) {
        // Through knex, so that PostgreSQL gets the keys as one array (`= ANY($1)`). Expiry is
        // checked here rather than in SQL, so the lookup is a plain probe of the pending key's
        // unique index.
        const rows = (await whereInList(
          strapi,
          strapi.db.getConnection(inv.name).select({ pendingKey: inv.column('pendingKey'), expiresAt: inv.column('expiresAt') }),
          inv.column('pendingKey'),
          part
        )) as { pendingKey: string; expiresAt: string | number | Date }[];
        rows.forEach((row) => new Date(row.expiresAt) > now && pending.add(row.pendingKey));
      }
      const byOrganization = new Map<number | null, { organization: OrganizationRow | null; emails: string[] }>();
      for (const { email, organization } of entries) {
        const key = organization?.id ?? null;
        const group = byOrganization.get(key) ?? { organization, emails: [] };
        group.emails.push(email);
        byOrganization.set(key, group);
      }
      const members = new Set<string>();
      for (const { organization, emails } of byOrganization.values()) {
        const found = await getService('membership', strapi).emailsWithAccess(emails, organization);
        found.forEach((email) => members.add(pendingKeyOf(email, organization)));
      }
      return { pending, members };
    },

    async countPending(organization: Pick<OrganizationRow, 'id'>): Promise<number> {
      return invitations().count({
        where: { organization: { id: organization.id }, status: 'pending', expiresAt: { $gt: new Date() } },
      });
    },

    /**
     * The one way invitations are created, whether from the form, the API, "send new invitation" or a
     * CSV import: set-based, pending and queued for delivery. Returns the created ones by pending key;
     * a draft whose address already has a pending invitation is skipped, which is how a concurrent
     * invite or a re-run of the same file creates nothing twice.
     *
     * An overdue invitation that still holds a key is expired (and audited) and its draft retried once.
     * Expiring only on a conflict, instead of before every insert, keeps a scoped UPDATE per batch off
     * the import's path: overdue keys are rare.
     *
     * `auditEach` writes one `invitation.created` (or `.reissued`) event per invitation in the insert's
     * transaction; the CSV import records one `import.completed` event for the whole file instead.
     */
    async createMany(
      drafts: readonly InvitationDraft[],
      options: { actor: Actor; source: InvitationSource; auditEach: boolean }
    ): Promise<Map<string, InsertedInvitation>> {
      const { actor, source } = options;
      const recordCreated = async (batch: readonly InvitationDraft[], created: Map<string, InsertedInvitation>) =>
        getService('audit', strapi).recordMany(
          batch.flatMap((draft) => {
            const invitation = created.get(draft.pendingKey);
            if (!invitation) return [];
            return [
              {
                action: draft.reissuedFrom ? ('invitation.reissued' as const) : ('invitation.created' as const),
                actor,
                invitation: invitation.documentId,
                organization: draft.organization?.documentId,
                data: {
                  email: draft.email,
                  role: draft.role,
                  source,
                  teams: draft.teams.map((team) => team.name),
                  expiresAt: draft.expiresAt.toISOString(),
                  ...(draft.reissuedFrom ? { reissuedFrom: draft.reissuedFrom.documentId } : {}),
                },
              },
            ];
          })
        );
      const insert = (batch: readonly InvitationDraft[]) =>
        insertInvitations(strapi, getService('token', strapi), batch, {
          actor,
          source,
          inTransaction: options.auditEach ? (created) => recordCreated(batch, created) : undefined,
        });

      const created = await insert(drafts);
      const missed = drafts.filter((draft) => !created.has(draft.pendingKey));
      if (missed.length > 0) {
        const freed = await getService('expire-invitations', strapi).expireOverdue({ pendingKeys: missed.map((draft) => draft.pendingKey) });
        if (freed > 0) (await insert(missed)).forEach((invitation, key) => created.set(key, invitation));
      }
      return created;
    },

    async invite(input: InviteInput, actor: Actor, source: InvitationSource = 'manual'): Promise<InviteOutcome[]> {
      const settings = await getService('settings', strapi).get();
      const { maxEmailsPerRequest } = getService('settings', strapi).config();
      const addresses = splitEmails(input.emails);
      if (addresses.length === 0) {
        throw badRequest('VALIDATION_ERROR', 'emails is empty: give at least one email address.', {
          errors: [{ path: 'emails', message: 'emails is empty' }],
        });
      }
      if (addresses.length > maxEmailsPerRequest) {
        throw badRequest(
          'TOO_MANY_EMAILS',
          `${addresses.length} addresses in one request; the limit is ${maxEmailsPerRequest}. Split them, or use CSV import for large lists.`,
          { count: addresses.length, limit: maxEmailsPerRequest }
        );
      }
      const target = await this.resolveTarget(input, settings);
      const screened = await this.screen(addresses, target);
      const drafts = screened.flatMap((outcome) =>
        outcome.result === 'ok' ? [{ ...target, email: outcome.email, pendingKey: pendingKeyOf(outcome.email, target.organization) }] : []
      );
      const created = await this.createMany(drafts, { actor, source, auditEach: true });
      const rows =
        created.size === 0
          ? []
          : ((await invitations().findMany({
              where: { id: { $in: [...created.values()].map((invitation) => invitation.id) } },
              populate: INVITATION_POPULATE,
            })) as InvitationRow[]);
      const byEmail = new Map(rows.map((row) => [row.email, row]));
      const outcomes = screened.map((outcome): InviteOutcome => {
        if (outcome.result !== 'ok') return outcome;
        const row = byEmail.get(outcome.email);
        if (!row) {
          // Another request invited the same address between screening and insert.
          return { ...outcome, result: 'already_invited', message: MESSAGES.already_invited(outcome.email, target) };
        }
        const invitation = toInvitationDto(row);
        getService('webhook-events', strapi).emit('invitation.created', { invitation });
        return { ...outcome, result: 'created', message: `Invitation sent to ${outcome.email}.`, invitation };
      });
      if (created.size > 0) getService('email-delivery', strapi).kick();
      return outcomes;
    },

    async list(params: ListQuery): Promise<Page<InvitationDto>> {
      const now = new Date();
      const and: Record<string, unknown>[] = [];
      if (params.status === 'pending') and.push({ status: 'pending', expiresAt: { $gt: now } });
      else if (params.status === 'expired') {
        and.push({ $or: [{ status: 'expired' }, { status: 'pending', expiresAt: { $lte: now } }] });
      } else if (params.status) and.push({ status: params.status });
      if (params.search) {
        const term = params.search.trim();
        and.push({
          $or: ['email', 'firstName', 'lastName', 'partnerName'].map((field) => ({ [field]: { $containsi: term } })),
        });
      }
      if (params.organization) {
        and.push({ organization: { $or: [{ documentId: params.organization }, { slug: params.organization }] } });
      }
      const [field, direction] = params.sort.split(':') as [(typeof SORTABLE)[number], 'asc' | 'desc'];
      const page = (await invitations().findPage({
        where: { $and: and },
        orderBy: [{ [field]: direction }, { id: direction }],
        page: params.page,
        pageSize: params.pageSize,
        populate: INVITATION_POPULATE,
      })) as Page<InvitationRow>;
      return { results: page.results.map((row) => toInvitationDto(row, now)), pagination: page.pagination };
    },

    async findOne(documentId: string): Promise<InvitationDto> {
      return toInvitationDto(await findRow(documentId));
    },

    /** Re-delivers the same link. Pending only. */
    async resend(documentId: string, actor: Actor): Promise<InvitationDto> {
      const row = await settle(await findRow(documentId));
      if (row.status !== 'pending') {
        throw illegal(row, 'resend', row.status === 'expired' ? 'Use "Send new invitation" to send a fresh one.' : 'Only pending invitations can be resent.');
      }
      await strapi.db.transaction(async () => {
        await invitations().update({
          where: { id: row.id },
          data: { deliveryStatus: 'queued', deliveryAttempts: 0, nextAttemptAt: new Date(), deliveryLockedUntil: null },
        });
        await getService('audit', strapi).record({
          action: 'invitation.resent',
          actor,
          invitation: row.documentId,
          organization: row.organization?.documentId,
          data: { email: row.email, previousDelivery: row.deliveryStatus },
        });
      });
      getService('email-delivery', strapi).kick();
      return this.findOne(documentId);
    },

    /** "Send new invitation": expired only; a fresh invitation (new link) linked to the old one. */
    async reissue(documentId: string, actor: Actor): Promise<InvitationDto> {
      const old = await settle(await findRow(documentId));
      if (old.status !== 'expired') {
        throw illegal(
          old,
          'send a new invitation for',
          old.status === 'pending' ? 'It is still valid: resend it or copy its link instead.' : 'Only expired invitations can be renewed; invite the address again instead.'
        );
      }
      const settings = await getService('settings', strapi).get();
      const target = await this.resolveTarget(
        {
          role: settings.roles.includes(old.role) ? old.role : undefined,
          organization: old.organization?.documentId,
          teams: old.teams?.map((team) => team.documentId),
          firstName: old.firstName ?? undefined,
          lastName: old.lastName ?? undefined,
          partnerName: old.partnerName ?? undefined,
          customFields: old.customFields ?? undefined,
        },
        settings
      );
      const [screened] = await this.screen([old.email], target);
      if (screened.result !== 'ok') {
        const status = screened.result === 'already_member' ? 409 : 400;
        throw new InvitationError(
          status,
          screened.result === 'already_member' ? 'ALREADY_MEMBER' : screened.result === 'limit_reached' ? 'PENDING_LIMIT_REACHED' : screened.result === 'domain_not_allowed' ? 'DOMAIN_NOT_ALLOWED' : 'INVALID_TRANSITION',
          screened.message,
          { result: screened.result }
        );
      }
      const pendingKey = pendingKeyOf(old.email, target.organization);
      const created = (
        await this.createMany([{ ...target, email: old.email, pendingKey, reissuedFrom: old }], { actor, source: old.source, auditEach: true })
      ).get(pendingKey);
      if (!created) {
        // Another admin invited the address again between screening and insert.
        throw badRequest('INVALID_TRANSITION', MESSAGES.already_invited(old.email, target), { result: 'already_invited' });
      }
      getService('email-delivery', strapi).kick();
      const invitation = toInvitationDto(await findRow(created.documentId));
      getService('webhook-events', strapi).emit('invitation.created', { invitation });
      return invitation;
    },

    /** The accept link, for an admin to copy. Pending only: other links do not work anyway. */
    async link(documentId: string, actor: Actor): Promise<{ link: string; expiresAt: string }> {
      const row = await settle(await findRow(documentId));
      if (row.status !== 'pending') {
        throw illegal(row, 'copy the link of', row.status === 'expired' ? 'Use "Send new invitation" to get a new link.' : 'Its link no longer works.');
      }
      await getService('audit', strapi).record({
        action: 'invitation.link_copied',
        actor,
        invitation: row.documentId,
        organization: row.organization?.documentId,
        data: { email: row.email },
      });
      return { link: await this.acceptLink(row), expiresAt: new Date(row.expiresAt).toISOString() };
    },

    /** `settings` saves a store read when the caller has them already (the mail worker does). */
    async acceptLink(row: Pick<InvitationRow, 'tokenNonce'>, settings?: Settings): Promise<string> {
      const { acceptUrl } = settings ?? (await getService('settings', strapi).get());
      return acceptLinkOf(acceptUrl, getService('token', strapi).tokenFor(row.tokenNonce));
    },

    /**
     * Revokes pending invitations with one reason. All or nothing: if any id is unknown or no longer
     * pending, nothing is revoked and the answer lists which and why.
     */
    async revoke(
      input: { ids: string[]; reason: string; note?: string | null },
      actor: Actor
    ): Promise<InvitationDto[]> {
      const { revokeReasons } = await getService('settings', strapi).get();
      if (!revokeReasons.includes(input.reason)) {
        throw badRequest(
          'REVOKE_REASON_INVALID',
          `"${input.reason}" is not a revoke reason: use one of ${revokeReasons.join(', ')}.`,
          { reasons: revokeReasons }
        );
      }
      const note = input.note?.trim() || null;
      if (input.reason === 'other' && !note) {
        throw badRequest('REVOKE_NOTE_REQUIRED', 'The reason "other" needs a note that explains why the invitation is removed.');
      }
      const ids = [...new Set(input.ids)];
      await getService('expire-invitations', strapi).expireOverdue({ documentIds: ids });
      const rows = (await invitations().findMany({
        where: { documentId: { $in: ids } },
        populate: { organization: { select: ['documentId'] } },
      })) as InvitationRow[];
      const missing = ids.filter((id) => !rows.some((row) => row.documentId === id));
      if (missing.length > 0) {
        throw new InvitationError(404, 'INVITATION_NOT_FOUND', `No invitation has the id ${missing.map((id) => `"${id}"`).join(', ')}. Nothing was revoked.`, { ids: missing });
      }
      const final = rows.filter((row) => row.status !== 'pending');
      if (final.length > 0) {
        throw badRequest(
          'INVALID_TRANSITION',
          `Only pending invitations can be revoked; ${final.map((row) => `${row.email} is ${row.status}`).join(', ')}. Nothing was revoked: unselect them and try again.`,
          { invitations: final.map((row) => ({ documentId: row.documentId, email: row.email, status: row.status })) }
        );
      }
      const now = new Date();
      await strapi.db.transaction(async () => {
        const { count } = await invitations().updateMany({
          where: { id: { $in: rows.map((row) => row.id) }, status: 'pending' },
          data: {
            status: 'revoked',
            revokeReason: input.reason,
            revokeNote: note,
            revokedBy: actor.type === 'admin' ? actor.id : null,
            respondedAt: now,
            pendingKey: null,
          },
        });
        if (count !== rows.length) {
          // Someone accepted or declined one of them meanwhile: roll back and let the admin look again.
          throw badRequest('INVALID_TRANSITION', 'Some of these invitations changed while revoking them. Nothing was revoked: reload the list and try again.');
        }
        await getService('audit', strapi).recordMany(
          rows.map((row) => ({
            action: 'invitation.revoked' as const,
            actor,
            invitation: row.documentId,
            organization: row.organization?.documentId,
            data: { email: row.email, reason: input.reason, note },
          }))
        );
      });
      const revoked = (await invitations().findMany({
        where: { documentId: { $in: ids } },
        populate: INVITATION_POPULATE,
      })) as InvitationRow[];
      const dtos = revoked.map((row) => toInvitationDto(row));
      dtos.forEach((invitation) => getService('webhook-events', strapi).emit('invitation.revoked', { invitation }));
      return dtos;
    },

    findRow,
  };
};

export default invitationService;
export type InvitationService = ReturnType<typeof invitationService>;
export { SORTABLE as SORTABLE_FIELDS };
