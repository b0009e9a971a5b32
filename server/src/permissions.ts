import { ACTIONS, PLUGIN_ID, type PluginAction } from '../../shared/contracts';

interface ActionDefinition {
  section: 'plugins';
  displayName: string;
  uid: PluginAction;
  pluginName: typeof PLUGIN_ID;
  subCategory?: string;
}

export const actionDefinitions = [
  {
    section: 'plugins',
    displayName: 'Read invitations',
    uid: ACTIONS.read,
    subCategory: 'Invitations',
    pluginName: PLUGIN_ID,
  },
  {
    section: 'plugins',
    displayName: 'Invite, resend, copy links',
    uid: ACTIONS.invite,
    subCategory: 'Invitations',
    pluginName: PLUGIN_ID,
  },
  {
    section: 'plugins',
    displayName: 'Import CSV',
    uid: ACTIONS.import,
    subCategory: 'Invitations',
    pluginName: PLUGIN_ID,
  },
  {
    section: 'plugins',
    displayName: 'Revoke invitations',
    uid: ACTIONS.revoke,
    subCategory: 'Invitations',
    pluginName: PLUGIN_ID,
  },
  {
    section: 'plugins',
    displayName: 'Manage organizations',
    uid: ACTIONS.organizationsManage,
    subCategory: 'Organizations',
    pluginName: PLUGIN_ID,
  },
  {
    section: 'plugins',
    displayName: 'Read audit log',
    uid: ACTIONS.auditRead,
    subCategory: 'Audit log',
    pluginName: PLUGIN_ID,
  },
  {
    section: 'plugins',
    displayName: 'Edit settings',
    uid: ACTIONS.settings,
    subCategory: 'Settings',
    pluginName: PLUGIN_ID,
  },
] satisfies ActionDefinition[];
