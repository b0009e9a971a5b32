import { useRBAC } from '@strapi/strapi/admin';
import { PERMISSIONS } from '../permissions';

export type PluginPermissions = Record<keyof typeof PERMISSIONS, boolean> & { isLoading: boolean };

/**
 * What the signed-in admin may do in the plugin. One `useRBAC` per action: `useRBAC` names its
 * answers after the last segment of the action, so `read` and `audit.read` would both be `canRead`.
 */
export const usePluginPermissions = (): PluginPermissions => {
  const read = useRBAC(PERMISSIONS.read);
  const invite = useRBAC(PERMISSIONS.invite);
  const csvImport = useRBAC(PERMISSIONS.import);
  const revoke = useRBAC(PERMISSIONS.revoke);
  const organizations = useRBAC(PERMISSIONS.organizationsManage);
  const joinLinks = useRBAC(PERMISSIONS.joinLinksManage);
  const audit = useRBAC(PERMISSIONS.auditRead);
  const settings = useRBAC(PERMISSIONS.settings);
  const allowed = (result: ReturnType<typeof useRBAC>) =>
    !result.isLoading && Object.values(result.allowedActions).some(Boolean);
  return {
    read: allowed(read),
    invite: allowed(invite),
    import: allowed(csvImport),
    revoke: allowed(revoke),
    organizationsManage: allowed(organizations),
    joinLinksManage: allowed(joinLinks),
    auditRead: allowed(audit),
    settings: allowed(settings),
    isLoading: [read, invite, csvImport, revoke, organizations, joinLinks, audit, settings].some(
      (result) => result.isLoading
    ),
  };
};
