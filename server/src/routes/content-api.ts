import type { OrganizationCapability } from '../../../shared/contracts';

/**
 * Content API (`/api/invitations/...`).
 *
 * Invitee routes are authorized by the 256-bit token, which travels in the request body and never in
 * the URL: Strapi logs every URL (and so do proxies), and a logged token is a live link. They are
 * `auth: false` because the invitee may have no account yet; a JWT, when sent, says who accepts. They
 * are rate limited per client.
 *
 * Every other route is an ordinary users-permissions route: it needs a JWT, shows in Settings → Users &
 * Permissions → Roles, and is granted to Authenticated on first start (bootstrap). Organization routes
 * also need an active membership whose role has the capability (policy `member-can`).
 */
const invitee = { auth: false as const, middlewares: ['plugin::invitations.rate-limit'] };

const route = (method: string, path: string, handler: string, config: Record<string, unknown> = {}) => ({
  method,
  path,
  handler,
  config,
});

/**
 * An organization route: `:org` is the organization's documentId or slug; `capability` null lets any
 * active member in.
 */
const organizationRoute = (method: string, path: string, handler: string, capability: OrganizationCapability | null) =>
  route(method, `/organizations/:org${path}`, `organization-portal.${handler}`, {
    policies: [{ name: 'plugin::invitations.member-can', config: { capability } }],
  });

export default {
  type: 'content-api',
  routes: [
    route('POST', '/invitations/preview', 'invitation-response.preview', invitee),
    route('POST', '/invitations/accept', 'invitation-response.accept', invitee),
    route('POST', '/invitations/decline', 'invitation-response.decline', invitee),
    route('POST', '/join-links/preview', 'join-link-response.preview', invitee),
    route('POST', '/join-links/join', 'join-link-response.join', invitee),

    route('GET', '/me/invitations', 'me.invitations'),
    route('POST', '/me/invitations/:id/accept', 'me.acceptInvitation'),
    route('POST', '/me/invitations/:id/decline', 'me.declineInvitation'),
    route('GET', '/me/organizations', 'me.organizations'),
    route('DELETE', '/me/organizations/:id', 'me.leave'),

    organizationRoute('GET', '', 'overview', null),
    organizationRoute('GET', '/invitations', 'findInvitations', 'invite'),
    organizationRoute('POST', '/invitations', 'invite', 'invite'),
    organizationRoute('POST', '/invitations/revoke', 'revoke', 'revoke'),
    organizationRoute('POST', '/invitations/:id/resend', 'resend', 'invite'),
    organizationRoute('POST', '/invitations/:id/reissue', 'reissue', 'invite'),
    organizationRoute('GET', '/invitations/:id/link', 'link', 'invite'),
    organizationRoute('POST', '/import', 'importCsv', 'import'),
    organizationRoute('GET', '/members', 'findMembers', 'members.read'),
    organizationRoute('PUT', '/members/:memberId', 'updateMember', 'members.manage'),
    organizationRoute('DELETE', '/members/:memberId', 'removeMember', 'members.manage'),
    organizationRoute('GET', '/join-links', 'findJoinLinks', 'joinLinks.manage'),
    organizationRoute('POST', '/join-links', 'createJoinLink', 'joinLinks.manage'),
    organizationRoute('GET', '/join-links/:id/link', 'joinLinkUrl', 'joinLinks.manage'),
    organizationRoute('POST', '/join-links/:id/revoke', 'revokeJoinLink', 'joinLinks.manage'),
    organizationRoute('POST', '/join-links/:id/rotate', 'rotateJoinLink', 'joinLinks.manage'),
    organizationRoute('GET', '/approvals', 'findApprovals', 'members.manage'),
    organizationRoute('POST', '/approvals/:memberId/approve', 'approve', 'members.manage'),
    organizationRoute('POST', '/approvals/:memberId/reject', 'reject', 'members.manage'),
  ],
};
