import {
  INVITE_RESULT_CODES,
  type InvitationDto,
  type InvitationSource,
  type InviteAddress,
  type InviteOutcome,
  type InviteRequest,
  type InviteResultCode,
  type Page,
} from '../../../../shared/contracts';
import { splitEmails } from '../../utils/emails';
import { InvitationError, badRequest } from '../../utils/errors';
import { getService } from '../../utils/get-service';
import type { Actor, StrapiContext } from '../../utils/types';
import type { AuditInput } from '../audit/types';
import type { AdmissionEntry } from '../admission';
import { isRequestRefusal, refusal, refusalError, type RefusalCode } from '../admission/rules';
import { portalLinkOf } from '../token';
import { effectiveStatus } from '../invitation-store/rules';
import type {
  InsertedInvitation,
  InvitationDraft,
  InvitationListQuery,
  InvitationListScope,
  InvitationRow,
} from '../invitation-store/types';
import type { Settings } from '../settings';
import { toInvitationDto } from './dto';
import type { InviteInput, RevokeInput } from './types';

/**
 * The addresses of an invite request, each with its own role and teams when it names them: strings
 * are split on commas, semicolons, spaces and new lines; `{ email, role?, teams? }` is one address.
 */
const addressesOf = (emails: InviteRequest['emails']): InviteAddress[] =>
  (typeof emails === 'string' ? [emails] : emails).flatMap((item) =>
    typeof item === 'string'
      ? splitEmails(item).map((email) => ({ email }))
      : [{ email: item.email.trim(), role: item.role ?? undefined, teams: item.teams ?? undefined }]
  );

/** A refusal as the invite form's result code; the form's own checks leave only these. */
const inviteResultOf = (code: RefusalCode): InviteResultCode => {
  if (!(INVITE_RESULT_CODES as readonly string[]).includes(code)) {
    throw new Error(`Refusal "${code}" has no invite result code: the request should have been refused whole.`);
  }
  return code as InviteResultCode;
};

const invitationService = ({ strapi }: StrapiContext) => {
  const store = () => getService('invitation-store', strapi);

  const findRow = async (documentId: string): Promise<InvitationRow> => {
    const row = await store().findByDocumentId(documentId);
    if (!row) throw new InvitationError(404, 'INVITATION_NOT_FOUND', `No invitation has the id "${documentId}".`);
    return row;
  };

  /** Brings an overdue invitation to `expired` (audited) before acting on it, so its state is real. */
  const settle = async (row: InvitationRow): Promise<InvitationRow> => {
    if (effectiveStatus(row) === row.status) return row;
    await getService('expire-invitations', strapi).expire({ ids: [row.id] });
    return findRow(row.documentId);
  };

  const illegal = (row: InvitationRow, action: string, hint: string) =>
    badRequest(
      'INVALID_TRANSITION',
      `Cannot ${action} the invitation to ${row.email}: it is ${effectiveStatus(row)}. ${hint}`,
      {
        status: effectiveStatus(row),
        documentId: row.documentId,
      }
    );

  return {
    /**
     * The one way invitations are created, whatever the entry point: set-based insert, audit in the
     * same transaction, webhooks after commit, and the mail worker woken. A draft whose address got a
     * pending invitation meanwhile is skipped (the pending key's unique index), which is how a
     * concurrent invite or a re-run of the same file creates nothing twice.
     *
     * An overdue invitation that still holds a key is expired (and audited) and its draft retried
     * once: expiring only on a conflict keeps a scoped UPDATE per batch off the import's path.
     *
     * `perInvitationEvents`: one `invitation.created` (or `.reissued`) audit event and webhook per
     * invitation, and their DTOs returned. The CSV import turns it off and passes `batchEvent`
     * instead: one audit event per inserted batch, written in the batch's own transaction, so no
     * invitation ever exists without its audit trail even if a later batch fails, and 100,000 rows do
     * not flood a webhook receiver.
     */
    async create(
      drafts: readonly InvitationDraft[],
      options: {
        actor: Actor;
        source: InvitationSource;
        perInvitationEvents: boolean;
        batchEvent?: (created: Map<string, InsertedInvitation>) => AuditInput;
      }
    ): Promise<{
      created: Map<string, InsertedInvitation>;
      invitations: Map<string, InvitationDto>;
      /** Pending keys of drafts the pending limit refused at insert time (concurrent invites took the room). */
      overLimit: Set<string>;
    }> {
      const { actor, source } = options;
      const audit = (batch: readonly InvitationDraft[], created: Map<string, InsertedInvitation>) =>
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
                  ...(draft.customFields ? { customFields: draft.customFields } : {}),
                  ...(draft.reissuedFrom ? { reissuedFrom: draft.reissuedFrom.documentId } : {}),
                },
              },
            ];
          })
        );
      const overLimit = new Set<string>();
      const insert = (batch: readonly InvitationDraft[]) =>
        store().insert(batch, {
          actor,
          source,
          beforeInsert: async (candidates) => {
            const { fit, over } = await getService('admission', strapi).fitUnderLimits(candidates);
            over.forEach((draft) => overLimit.add(draft.pendingKey));
            return fit;
          },
          inTransaction: options.perInvitationEvents
            ? (created) => audit(batch, created)
            : options.batchEvent
              ? async (created) => {
                  if (created.size > 0) await getService('audit', strapi).record(options.batchEvent!(created));
                }
              : undefined,
        });

      const created = await insert(drafts);
      const missed = drafts.filter((draft) => !created.has(draft.pendingKey) && !overLimit.has(draft.pendingKey));
      if (missed.length > 0) {
        const freed = await getService('expire-invitations', strapi).expire({
          pendingKeys: missed.map((draft) => draft.pendingKey),
        });
        if (freed > 0) (await insert(missed)).forEach((invitation, key) => created.set(key, invitation));
      }
      if (created.size > 0) getService('email-delivery', strapi).kick();

      const invitations = new Map<string, InvitationDto>();
      if (options.perInvitationEvents && created.size > 0) {
        const rows = await store().findManyByIds([...created.values()].map((invitation) => invitation.id));
        for (const row of rows) {
          const invitation = toInvitationDto(row);
          invitations.set(row.pendingKey!, invitation);
          getService('webhook-events', strapi).emit('invitation.created', { invitation });
        }
      }
      return { created, invitations, overLimit };
    },

    /** Invites a list of addresses with one organization, role, teams and names (the form and the API). */
    /**
     * `grantorRole`: a portal member invites; no address may get a role above theirs (admission
     * refuses the request as a whole).
     */
    async invite(
      input: InviteInput,
      actor: Actor,
      source: InvitationSource = 'manual',
      options: { grantorRole?: string } = {}
    ): Promise<InviteOutcome[]> {
      const { maxEmailsPerRequest } = getService('settings', strapi).config();
      const addresses = addressesOf(input.emails);
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
      const { emails: _emails, ...shared } = input;
      const admitter = await getService('admission', strapi).begin();
      const admissions = await admitter.admit(
        addresses.map(
          (address): AdmissionEntry => ({
            ...shared,
            email: address.email,
            role: address.role || shared.role,
            teams: address.teams ?? shared.teams,
            grantorRole: options.grantorRole,
          })
        )
      );
      const requestRefusal = admissions.find((outcome) => !outcome.admitted && isRequestRefusal(outcome));
      if (requestRefusal && !requestRefusal.admitted) throw refusalError(requestRefusal);
      const drafts = admissions.flatMap((outcome) => (outcome.admitted ? [outcome.draft] : []));
      const { invitations, overLimit } = await this.create(drafts, { actor, source, perInvitationEvents: true });

      return admissions.map((outcome, index): InviteOutcome => {
        const input = addresses[index].email;
        const invitation = outcome.admitted ? invitations.get(outcome.draft.pendingKey) : undefined;
        if (invitation) {
          const { email } = invitation;
          return {
            input,
            email,
            result: 'created',
            message: `Invitation to ${email} created; its mail is queued for delivery.`,
            invitation,
          };
        }
        // Admitted but not created: another request invited the same address, or took the organization's
        // last pending place, between admission and insert.
        const refused = outcome.admitted
          ? {
              ...(overLimit.has(outcome.draft.pendingKey)
                ? refusal.limitReached(input, outcome.draft.organization!)
                : refusal.alreadyInvited(input, outcome.draft.email)),
              email: outcome.draft.email,
            }
          : outcome;
        return { input, email: refused.email, result: inviteResultOf(refused.code), message: refused.message };
      });
    },

    /**
     * A page of invitations, optionally of one organization (its documentId or slug). Filtering by
     * pending or expired first expires (audited, as the cron task would) whatever is overdue, so that
     * both filters are plain status equalities on an index; the probe costs one index lookup when
     * nothing is overdue, which is the steady state.
     */
    async list({ organization, ...params }: InvitationListQuery): Promise<Page<InvitationDto>> {
      const now = new Date();
      let organizationId: number | undefined;
      if (organization) {
        const found = await getService('organization', strapi).findByRef(organization);
        // Filtering by an organization that does not exist lists nothing (it is a filter, not a lookup).
        if (!found)
          return { results: [], pagination: { page: params.page, pageSize: params.pageSize, pageCount: 0, total: 0 } };
        organizationId = found.id;
      }
      return this.listScoped({ ...params, organizationId }, now);
    },

    /** A page of invitations within an already resolved scope (the portal's own organization). */
    async listScoped(params: InvitationListScope, now: Date = new Date()): Promise<Page<InvitationDto>> {
      const byExpiry = params.status === 'pending' || params.status === 'expired';
      if (byExpiry && (await store().hasOverdue(now))) await getService('expire-invitations', strapi).run();
      // Settled here (nothing overdue as of `now`): the store need not probe again.
      const page = await store().list(params, now, { settled: byExpiry });
      return { results: page.results.map((row) => toInvitationDto(row, now)), pagination: page.pagination };
    },

    /**
     * Refuses ids that are not invitations of `organizationId` with the same 404 as unknown ones: a
     * member of one organization learns nothing of another's invitations.
     */
    async assertInOrganization(documentIds: readonly string[], organizationId: number): Promise<void> {
      const rows = await store().findManyByDocumentIds(documentIds);
      const inside = new Set(rows.filter((row) => row.organization?.id === organizationId).map((r) => r.documentId));
      const outside = documentIds.find((id) => !inside.has(id));
      if (outside !== undefined) {
        throw new InvitationError(404, 'INVITATION_NOT_FOUND', `No invitation has the id "${outside}".`);
      }
    },

    async findOne(documentId: string): Promise<InvitationDto> {
      return toInvitationDto(await findRow(documentId));
    },

    /** Re-delivers the same link. Pending only. */
    async resend(documentId: string, actor: Actor): Promise<InvitationDto> {
      const row = await settle(await findRow(documentId));
      if (row.status !== 'pending') {
        throw illegal(
          row,
          'resend',
          row.status === 'expired'
            ? 'Use "Send new invitation" to send a fresh one.'
            : 'Only pending invitations can be resent.'
        );
      }
      await strapi.db.transaction(async () => {
        await store().queueDelivery(row.id);
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

    /**
     * "Send new invitation": expired only; a fresh invitation (new link) linked to the old one, admitted
     * again as of today (domains, limit, membership), keeping the old role when it still exists.
     */
    async reissue(documentId: string, actor: Actor, options: { grantorRole?: string } = {}): Promise<InvitationDto> {
      const old = await settle(await findRow(documentId));
      if (old.status !== 'expired') {
        throw illegal(
          old,
          'send a new invitation for',
          old.status === 'pending'
            ? 'It is still valid: resend it or copy its link instead.'
            : 'Only expired invitations can be renewed; invite the address again instead.'
        );
      }
      const admitter = await getService('admission', strapi).begin();
      const [outcome] = await admitter.admit([
        {
          email: old.email,
          // A role removed from the settings since falls back to the default, rather than blocking renewal.
          role: admitter.settings.roles.includes(old.role) ? old.role : null,
          organization: old.organization?.documentId,
          teams: old.teams?.map((team) => team.documentId),
          firstName: old.firstName,
          lastName: old.lastName,
          partnerName: old.partnerName,
          customFields: old.customFields,
          keepStoredFields: true,
          reissuedFrom: old,
          grantorRole: options.grantorRole,
        },
      ]);
      if (!outcome.admitted) throw refusalError(outcome);
      const { invitations, overLimit } = await this.create([outcome.draft], {
        actor,
        source: old.source,
        perInvitationEvents: true,
      });
      const invitation = invitations.get(outcome.draft.pendingKey);
      if (!invitation) {
        // Between admission and insert, another admin invited the address again or took the last place.
        throw refusalError(
          overLimit.size > 0
            ? refusal.limitReached(old.email, outcome.draft.organization!)
            : refusal.alreadyInvited(old.email, old.email)
        );
      }
      return invitation;
    },

    /** The accept link, for an admin to copy. Pending only: other links do not work anyway. */
    /**
     * The accept link, to share by other means (audited). Whoever holds it can create the invited
     * account, so a portal member (`grantorRole`) copies only invitations whose role they could grant.
     */
    async link(
      documentId: string,
      actor: Actor,
      options: { grantorRole?: string } = {}
    ): Promise<{ link: string; expiresAt: string }> {
      const row = await settle(await findRow(documentId));
      if (row.status !== 'pending') {
        throw illegal(
          row,
          'copy the link of',
          row.status === 'expired' ? 'Use "Send new invitation" to get a new link.' : 'Its link no longer works.'
        );
      }
      if (options.grantorRole !== undefined) {
        await getService('organization-access', strapi).assertMayGrant(options.grantorRole, row.role);
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

    /**
     * The link that opens `row`. After a secret rotation that dropped the secret its mailed link was
     * made with, that link is dead anyway: the invitation gets a token under the current secret, so a
     * resend or a copied link always works. `settings` saves a store read when the caller has them
     * already (the mail worker does).
     */
    async acceptLink(
      row: Pick<InvitationRow, 'id' | 'tokenNonce' | 'tokenHash'>,
      settings?: Settings
    ): Promise<string> {
      const { acceptUrl } = settings ?? (await getService('settings', strapi).get());
      const tokens = getService('token', strapi);
      let token = tokens.liveTokenOf(row);
      if (!token) {
        token = tokens.tokenFor(row.tokenNonce);
        await getService('invitation-store', strapi).rekey(row.id, tokens.hash(token));
      }
      return portalLinkOf(acceptUrl, token);
    },

    /**
     * Revokes pending invitations with one reason. All or nothing: if any id is unknown or no longer
     * pending, nothing is revoked and the answer lists which and why.
     */
    async revoke(input: RevokeInput, actor: Actor): Promise<InvitationDto[]> {
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
        throw badRequest(
          'REVOKE_NOTE_REQUIRED',
          'The reason "other" needs a note that explains why the invitation is removed.'
        );
      }
      const ids = [...new Set(input.ids)];
      await getService('expire-invitations', strapi).expire({ documentIds: ids });
      const rows = await store().findManyByDocumentIds(ids);
      const missing = ids.filter((id) => !rows.some((row) => row.documentId === id));
      if (missing.length > 0) {
        throw new InvitationError(
          404,
          'INVITATION_NOT_FOUND',
          `No invitation has the id ${missing.map((id) => `"${id}"`).join(', ')}. Nothing was revoked.`,
          { ids: missing }
        );
      }
      const final = rows.filter((row) => row.status !== 'pending');
      if (final.length > 0) {
        throw badRequest(
          'INVALID_TRANSITION',
          `Only pending invitations can be revoked; ${final.map((row) => `${row.email} is ${row.status}`).join(', ')}. Nothing was revoked: unselect them and try again.`,
          { invitations: final.map((row) => ({ documentId: row.documentId, email: row.email, status: row.status })) }
        );
      }
      await strapi.db.transaction(async () => {
        const count = await store().finalize(
          rows.map((row) => row.id),
          'revoked',
          { revokeReason: input.reason, revokeNote: note, revokedBy: actor.type === 'admin' ? actor.id : null }
        );
        if (count !== rows.length) {
          // Someone accepted or declined one of them meanwhile: roll back and let the admin look again.
          throw badRequest(
            'INVALID_TRANSITION',
            'Some of these invitations changed while revoking them. Nothing was revoked: reload the list and try again.'
          );
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
      const dtos = (await store().findManyByDocumentIds(ids)).map((row) => toInvitationDto(row));
      dtos.forEach((invitation) => getService('webhook-events', strapi).emit('invitation.revoked', { invitation }));
      return dtos;
    },
  };
};

export default invitationService;
export type InvitationService = ReturnType<typeof invitationService>;
