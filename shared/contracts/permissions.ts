export const PLUGIN_ID = 'invitations';

/** The plugin's RBAC actions, as shown in Settings → Roles → Plugins → Invitations. */
export const ACTIONS = {
  read: 'read',
  invite: 'invite',
  import: 'import',
  revoke: 'revoke',
  organizationsManage: 'organizations.manage',
  auditRead: 'audit.read',
  settings: 'settings',
} as const;

export type ActionKey = keyof typeof ACTIONS;
export type PluginAction = (typeof ACTIONS)[ActionKey];

/** Full action id, as `admin::hasPermissions` and the admin panel's `useRBAC` take it. */
export const actionId = (action: PluginAction): `plugin::invitations.${PluginAction}` =>
  `plugin::${PLUGIN_ID}.${action}`;
