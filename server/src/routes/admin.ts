import { ACTIONS, actionId, type PluginAction } from '../../../shared/contracts';

/**
 * Every admin route needs an authenticated admin holding the route's plugin action, without RBAC
 * conditions (see policies/has-unconditional-permission).
 */
const guarded = (action: PluginAction) => ({
  policies: [
    'admin::isAuthenticatedAdmin',
    { name: 'admin::hasPermissions', config: { actions: [actionId(action)] } },
    { name: 'plugin::invitations.has-unconditional-permission', config: { actions: [actionId(action)] } },
  ],
});

const route = (method: string, path: string, handler: string, action: PluginAction) => ({
  method,
  path,
  handler,
  config: guarded(action),
});

export default {
  type: 'admin',
  routes: [
    route('GET', '/invitations', 'invitation.find', ACTIONS.read),
    route('POST', '/invitations', 'invitation.create', ACTIONS.invite),
    route('POST', '/invitations/revoke', 'invitation.revoke', ACTIONS.revoke),
    route('GET', '/invitations/:id', 'invitation.findOne', ACTIONS.read),
    route('POST', '/invitations/:id/resend', 'invitation.resend', ACTIONS.invite),
    route('POST', '/invitations/:id/reissue', 'invitation.reissue', ACTIONS.invite),
    route('GET', '/invitations/:id/link', 'invitation.link', ACTIONS.invite),
    route('POST', '/import', 'csv-import.create', ACTIONS.import),
    route('GET', '/import/sample', 'csv-import.sample', ACTIONS.import),
    route('GET', '/organizations', 'organization.find', ACTIONS.organizationsManage),
    route('POST', '/organizations', 'organization.create', ACTIONS.organizationsManage),
    route('GET', '/organizations/:id', 'organization.findOne', ACTIONS.organizationsManage),
    route('PUT', '/organizations/:id', 'organization.update', ACTIONS.organizationsManage),
    route('GET', '/organizations/:id/teams', 'organization.findTeams', ACTIONS.organizationsManage),
    route('POST', '/organizations/:id/teams', 'organization.createTeam', ACTIONS.organizationsManage),
    route('GET', '/organizations/:id/members', 'organization.findMembers', ACTIONS.organizationsManage),
    route('PUT', '/organizations/:id/members/:memberId', 'organization.updateMember', ACTIONS.organizationsManage),
    route('DELETE', '/organizations/:id/members/:memberId', 'organization.removeMember', ACTIONS.organizationsManage),
    route('GET', '/organizations/:id/approvals', 'organization.findApprovals', ACTIONS.organizationsManage),
    route(
      'POST',
      '/organizations/:id/approvals/:memberId/approve',
      'organization.approve',
      ACTIONS.organizationsManage
    ),
    route('POST', '/organizations/:id/approvals/:memberId/reject', 'organization.reject', ACTIONS.organizationsManage),
    route('GET', '/join-links', 'join-link.find', ACTIONS.joinLinksManage),
    route('POST', '/join-links', 'join-link.create', ACTIONS.joinLinksManage),
    route('GET', '/join-links/:id/link', 'join-link.link', ACTIONS.joinLinksManage),
    route('POST', '/join-links/:id/revoke', 'join-link.revoke', ACTIONS.joinLinksManage),
    route('POST', '/join-links/:id/rotate', 'join-link.rotate', ACTIONS.joinLinksManage),
    route('GET', '/audit-events', 'audit-event.find', ACTIONS.auditRead),
    route('GET', '/audit-events/export', 'audit-event.export', ACTIONS.auditRead),
    route('GET', '/form-options', 'settings.formOptions', ACTIONS.read),
    route('GET', '/organization-choices', 'organization.choices', ACTIONS.read),
    route('GET', '/settings', 'settings.find', ACTIONS.settings),
    route('POST', '/settings/preview', 'settings.preview', ACTIONS.settings),
    route('PUT', '/settings', 'settings.update', ACTIONS.settings),
  ],
};
