const action = (name: string) => [{ action: `plugin::invitations.${name}`, subject: null }];

/** Mirrors server/src/permissions.ts for `useRBAC` and `Page.Protect`. */
export const PERMISSIONS = {
  read: action('read'),
  invite: action('invite'),
  import: action('import'),
  revoke: action('revoke'),
  organizationsManage: action('organizations.manage'),
  auditRead: action('audit.read'),
  settings: action('settings'),
};
