import type { AcceptResult, InvitationPreview, MyInvitation } from '../../../../shared/contracts';
import { UID } from '../../utils/constants';
import { isUniqueViolation } from '../../utils/db';
import { maskEmail, normalizeEmail } from '../../utils/emails';
import { InvitationError } from '../../utils/errors';
import { getService } from '../../utils/get-service';
import { personName } from '../../utils/people';
import type { Actor, EndUser, StrapiContext } from '../../utils/types';
import type { SessionOrigin } from '../accounts';
import type { Settings } from '../settings';
import { toInvitationDto } from '../invitation/dto';
import { effectiveStatus, inviterOf } from '../invitation-store/rules';
import type { InvitationPreviewRow, InvitationRow } from '../invitation-store/types';

/** Why a token no longer works, as the frontend needs it: code, status and a message to show. */
const gone = (row: Pick<InvitationRow, 'status' | 'expiresAt'>): InvitationError => {
  const status = effectiveStatus(row);
  if (status === 'expired') {
    return new InvitationError(
      410,
      'INVITATION_EXPIRED',
      'This invitation has expired. Ask the person who invited you to send a new one.',
      { status }
    );
  }
  if (status === 'revoked') {
    return new InvitationError(
      410,
      'INVITATION_REVOKED',
      'This invitation was withdrawn. Ask the person who invited you if you still need access.',
      { status }
    );
  }
  return new InvitationError(
    410,
    'INVITATION_ALREADY_USED',
    `This invitation was already ${status}; it can be used only once. Sign in instead.`,
    { status }
  );
};

/** Whether accepting creates a membership (of the organization, or of the partner organization it brings). */
const leadsToMembership = (row: { organization?: object | null; partnerName: string | null }): boolean =>
  Boolean(row.organization || row.partnerName);

const publicUser = (user: EndUser): Omit<EndUser, 'blocked'> => ({
  id: user.id,
  documentId: user.documentId,
  username: user.username,
  email: user.email,
  confirmed: user.confirmed,
  createdAt: user.createdAt,
  updatedAt: user.updatedAt,
});

/** What invitees do through the Content API: look at an invitation, accept it, decline it. */
const invitationResponseService = ({ strapi }: StrapiContext) => {
  const store = () => getService('invitation-store', strapi);

  /** The reads of `findByToken`: all of the invitation (to answer it), or what its preview shows. */
  const fullRow = (tokenHash: string) => store().findByTokenHash(tokenHash);
  const previewRow = (tokenHash: string) => store().findPreviewByTokenHash(tokenHash);

  /**
   * The invitation `token` opens, read by `read`. Its hash finds the row; the token must also be the
   * HMAC of the row's nonce under a secret still honoured, so a link made with a retired secret is as
   * dead as a mistyped one.
   */
  const findByToken = async <Row extends Pick<InvitationRow, 'tokenNonce'>>(
    token: string,
    read: (tokenHash: string) => Promise<Row | null>
  ): Promise<Row> => {
    const tokens = getService('token', strapi);
    const row = tokens.looksLikeToken(token) ? await read(tokens.hash(token)) : null;
    if (!row || !tokens.isIssuedFor(token, row.tokenNonce)) {
      throw new InvitationError(
        404,
        'INVITATION_NOT_FOUND',
        'This invitation link is not valid. Check that you copied the whole link, or ask for a new invitation.'
      );
    }
    return row;
  };

  /** Moves the invitation to its answer; of concurrent answers exactly one wins, the others learn why not. */
  const claim = async (
    row: InvitationRow,
    status: 'accepted' | 'declined',
    data: Record<string, unknown> = {}
  ): Promise<void> => {
    if ((await store().finalize([row.id], status, data)) !== 1) throw gone((await store().findById(row.id))!);
  };

  /**
   * Accepts with the signed-in user (`user`, whose email must match) or registers a new account
   * from `body` ({ username?, password }). Everything happens in one transaction: if the membership
   * or the account cannot be created, the invitation stays pending and usable.
   */
  const acceptRow = async (
    row: InvitationRow,
    user: EndUser | null,
    body: unknown,
    origin: SessionOrigin = {}
  ): Promise<AcceptResult> => {
    if (effectiveStatus(row) !== 'pending') throw gone(row);
    if (user && normalizeEmail(user.email) !== row.email) {
      throw new InvitationError(
        403,
        'EMAIL_MISMATCH',
        `This invitation was sent to ${maskEmail(row.email)}, but you are signed in as ${user.email}. Sign out and open the link again, or sign in with the invited address.`
      );
    }
    const given = (body as { application?: unknown } | null)?.application;
    // Answers are asked (and kept) only where they have a place: the membership the accept creates.
    const application = leadsToMembership(row) ? await getService('fields', strapi).application(given) : null;
    // Someone already in the organization is refused by the membership's active key inside the
    // transaction (below), which rolls the claim back: no read ahead of it on every accept.
    let organization = row.organization ?? null;

    try {
      const outcome = await strapi.db.transaction(async () => {
        await claim(row, 'accepted');
        const account = user ?? (await getService('accounts', strapi).register(row.email, body));
        const actor: Actor = { type: 'user', id: account.id, label: account.email };
        // A partner invitation brings its partner organization into being, with the invitee in it.
        const partner =
          !organization && row.partnerName
            ? await getService('organization', strapi).findOrCreatePartner(row.partnerName, actor, application)
            : null;
        organization = organization ?? partner;
        await store().setAcceptedBy(row.id, account.id, partner?.id ?? null);
        const membership = organization
          ? await getService('membership', strapi).create({
              organization,
              userId: account.id,
              role: partner ? (partner.defaultRole ?? row.role) : row.role,
              teams: row.teams ?? [],
              status: organization.onboarding === 'approval' ? 'pending' : 'active',
              invitationId: row.id,
              application,
            })
          : null;
        await getService('audit', strapi).record({
          action: 'invitation.accepted',
          actor,
          invitation: row.documentId,
          organization: organization?.documentId,
          data: {
            email: row.email,
            role: row.role,
            registered: !user,
            membership: membership?.status ?? null,
            application,
          },
        });
        return {
          account,
          accepted: {
            status: 'accepted' as const,
            organization: organization
              ? { documentId: organization.documentId, name: organization.name, slug: organization.slug }
              : null,
            membership: membership as AcceptResult['membership'],
          },
        };
      });
      // The session is opened once the account is committed (in refresh mode it writes a session row).
      const result: AcceptResult = user
        ? outcome.accepted
        : {
            ...outcome.accepted,
            ...(await getService('accounts', strapi).openSession(outcome.account, origin)),
            user: publicUser(outcome.account),
          };
      getService('webhook-events', strapi).emit('invitation.accepted', {
        invitation: { ...toInvitationDto(row), status: 'accepted' },
        organization: result.organization,
        membership: result.membership,
        user: { id: result.user?.id ?? user?.id, email: row.email },
        application,
      });
      return result;
    } catch (error) {
      // A second invitation of the same person to the same organization was accepted meanwhile:
      // the membership's active key refused it. (Any other unique violation is not this.)
      if (organization && isUniqueViolation(strapi, error, UID.membership, 'activeKey')) {
        throw new InvitationError(
          409,
          'ALREADY_MEMBER',
          `You are already a member of ${organization.name}: nothing to accept.`
        );
      }
      throw error;
    }
  };

  const declineRow = async (row: InvitationRow, reason: string | null): Promise<{ status: 'declined' }> => {
    if (effectiveStatus(row) !== 'pending') throw gone(row);
    await strapi.db.transaction(async () => {
      await claim(row, 'declined', { declineReason: reason });
      await getService('audit', strapi).record({
        action: 'invitation.declined',
        actor: { type: 'invitee', label: row.email },
        invitation: row.documentId,
        organization: row.organization?.documentId,
        data: { email: row.email, reason },
      });
    });
    getService('webhook-events', strapi).emit('invitation.declined', {
      invitation: { ...toInvitationDto(row), status: 'declined', declineReason: reason },
    });
    return { status: 'declined' };
  };

  /** A pending invitation to the signed-in user's confirmed address, by id; anything else is a 404. */
  const findMine = async (user: EndUser, documentId: string): Promise<InvitationRow> => {
    const row = await store().findByDocumentId(documentId);
    if (!row || !user.confirmed || row.email !== normalizeEmail(user.email)) {
      throw new InvitationError(404, 'INVITATION_NOT_FOUND', `You have no invitation with the id "${documentId}".`);
    }
    return row;
  };

  /** What an invitee may see of a pending invitation. */
  const previewOf = (row: InvitationPreviewRow, { portalName, fields }: Settings): InvitationPreview => {
    const inviter = inviterOf(row);
    return {
      email: row.email,
      firstName: row.firstName,
      lastName: row.lastName,
      partnerName: row.partnerName,
      role: row.role,
      status: effectiveStatus(row),
      expiresAt: new Date(row.expiresAt).toISOString(),
      organization: row.organization ? { name: row.organization.name, slug: row.organization.slug } : null,
      inviter: inviter ? { name: personName(inviter) } : null,
      portal: portalName,
      applicationFields: leadsToMembership(row) ? fields.application : [],
    };
  };

  return {
    /** What the link offers. A link that no longer works tells only its status (410), never whom it was for. */
    async preview(token: string): Promise<InvitationPreview> {
      // Both reads at once: on PostgreSQL and MySQL on two connections, a round trip less to wait.
      const [row, settings] = await Promise.all([findByToken(token, previewRow), getService('settings', strapi).get()]);
      if (effectiveStatus(row) !== 'pending') throw gone(row);
      return previewOf(row, settings);
    },

    /**
     * Accepts with the signed-in user (`user`, whose email must match) or registers a new account
     * from `body` ({ username?, password }). Everything happens in one transaction: if the membership
     * or the account cannot be created, the invitation stays pending and usable.
     */
    async accept(
      token: string,
      user: EndUser | null,
      body: unknown,
      origin: SessionOrigin = {}
    ): Promise<AcceptResult> {
      return acceptRow(await findByToken(token, fullRow), user, body, origin);
    },

    async decline(token: string, reason: string | null): Promise<{ status: 'declined' }> {
      return declineRow(await findByToken(token, fullRow), reason);
    },

    /**
     * Pending invitations to the signed-in user's address, to accept or decline without the mail.
     * Only for a confirmed address: an unconfirmed account has not proved it owns it.
     */
    async mine(user: EndUser): Promise<MyInvitation[]> {
      if (!user.confirmed) return [];
      const settings = await getService('settings', strapi).get();
      return (await store().findPendingFor(normalizeEmail(user.email))).map((row) => ({
        documentId: row.documentId,
        ...previewOf(row, settings),
      }));
    },

    /** Accepts one of `mine()` by id; anyone else's invitation is a 404. */
    async acceptMine(user: EndUser, documentId: string, application?: unknown): Promise<AcceptResult> {
      return acceptRow(await findMine(user, documentId), user, { application });
    },

    async declineMine(user: EndUser, documentId: string, reason: string | null): Promise<{ status: 'declined' }> {
      return declineRow(await findMine(user, documentId), reason);
    },
  };
};

export default invitationResponseService;
export type InvitationResponseService = ReturnType<typeof invitationResponseService>;
