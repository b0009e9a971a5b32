import type { Core } from '@strapi/strapi';
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
    displayName: 'Manage join links',
    uid: ACTIONS.joinLinksManage,
    subCategory: 'Join links',
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

interface ContentApiRoute {
  handler: string;
  config?: { auth?: false | object };
}

/**
 * Grants the plugin's signed-in Content API routes (all but the `auth: false` invitee routes) to
 * users-permissions' Authenticated role, so that members can use the portal side without a setup
 * step. Each route is granted once, ever: the granted actions are remembered, so a permission an
 * admin later takes away in Settings → Users & Permissions stays away, and a route a plugin upgrade
 * adds is granted on the next start. `contentApi.grantAuthenticatedRole: false` turns this off.
 */
export const grantContentApiRoutes = async (strapi: Core.Strapi): Promise<string[]> => {
  const routes = (strapi.plugin(PLUGIN_ID).routes as unknown as Record<string, { routes: ContentApiRoute[] }>)[
    'content-api'
  ].routes;
  const actions = routes
    .filter((route) => route.config?.auth !== false)
    .map((route) => `plugin::${PLUGIN_ID}.${route.handler}`);
  const store = strapi.store({ type: 'plugin', name: PLUGIN_ID, key: 'granted-content-api-actions' });
  const granted = new Set(((await store.get()) as string[] | null) ?? []);
  const due = actions.filter((action) => !granted.has(action));
  if (due.length === 0) return [];
  const role = (await strapi.db
    .query('plugin::users-permissions.role')
    .findOne({ where: { type: 'authenticated' } })) as { id: number } | null;
  if (!role) return [];
  const permissions = strapi.db.query('plugin::users-permissions.permission');
  for (const action of due) {
    if (!(await permissions.findOne({ where: { action, role: { id: role.id } } }))) {
      await permissions.create({ data: { action, role: role.id } });
    }
  }
  await store.set({ value: [...granted, ...due] });
  return due;
};
