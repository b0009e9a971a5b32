import { PLUGIN_ID } from './utils/constants';

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

export type PluginAction = (typeof ACTIONS)[keyof typeof ACTIONS];

interface ActionDefinition {
  section: 'plugins';
  displayName: string;
  uid: PluginAction;
  pluginName: typeof PLUGIN_ID;
  subCategory?: string;
}

export const actionDefinitions = [
  { section: 'plugins', displayName: 'Read invitations', uid: ACTIONS.read, subCategory: 'Invitations', pluginName: PLUGIN_ID },
  { section: 'plugins', displayName: 'Invite, resend, copy links', uid: ACTIONS.invite, subCategory: 'Invitations', pluginName: PLUGIN_ID },
  { section: 'plugins', displayName: 'Import CSV', uid: ACTIONS.import, subCategory: 'Invitations', pluginName: PLUGIN_ID },
  { section: 'plugins', displayName: 'Revoke invitations', uid: ACTIONS.revoke, subCategory: 'Invitations', pluginName: PLUGIN_ID },
  { section: 'plugins', displayName: 'Manage organizations', uid: ACTIONS.organizationsManage, subCategory: 'Organizations', pluginName: PLUGIN_ID },
  { section: 'plugins', displayName: 'Read audit log', uid: ACTIONS.auditRead, subCategory: 'Audit log', pluginName: PLUGIN_ID },
  { section: 'plugins', displayName: 'Edit settings', uid: ACTIONS.settings, subCategory: 'Settings', pluginName: PLUGIN_ID },
] satisfies ActionDefinition[];

/** Full action id for `admin::hasPermissions` and the admin panel's `useRBAC`. */
export const actionId = (action: PluginAction) => `plugin::${PLUGIN_ID}.${action}`;
