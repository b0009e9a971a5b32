export const PLUGIN_ID = 'invitations';

/** The plugin's RBAC actions, as shown in Settings → Roles → Plugins → Invitations. */
export const ACTIONS = {
  read: 'read',
  invite: 'invite',
  import: 'import',
  revoke: 'revoke',
  organizationsManage: 'organizations.manage',
  // Strapi's action ids take lower-case letters, dots and hyphens only (the capability is `joinLinks.manage`).
  joinLinksManage: 'join-links.manage',
  auditRead: 'audit.read',
  settings: 'settings',
} as const;

export type ActionKey = keyof typeof ACTIONS;
export type PluginAction = (typeof ACTIONS)[ActionKey];

/** Full action id, as `admin::hasPermissions` and the admin panel's `useRBAC` take it. */
export const actionId = (action: PluginAction): `plugin::invitations.${PluginAction}` =>
  `plugin::${PLUGIN_ID}.${action}`;

/**
 * What a member may do in their own organization through the portal (the Content API), by
 * membership role. Configurable per role (`capabilities`); see DEFAULT_CAPABILITIES.
 */
export const ORGANIZATION_CAPABILITIES = [
  'invite',
  'revoke',
  'import',
  'members.read',
  'members.manage',
  'joinLinks.manage',
] as const;
export type OrganizationCapability = (typeof ORGANIZATION_CAPABILITIES)[number];

/** Defaults: `admin` everything, `user` sees the members, `viewer` nothing. Roles not listed: nothing. */
export const DEFAULT_CAPABILITIES: Record<string, OrganizationCapability[]> = {
  admin: [...ORGANIZATION_CAPABILITIES],
  user: ['members.read'],
  viewer: [],
};
