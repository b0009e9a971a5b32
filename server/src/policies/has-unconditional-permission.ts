import type { Core } from '@strapi/strapi';
import { InvitationError } from '../utils/errors';

export interface AbilityRule {
  conditions?: unknown;
  inverted?: boolean;
}

export interface AdminAbility {
  rulesFor(action: string, subject?: string): AbilityRule[];
}

/**
 * Runs after `admin::hasPermissions`. RBAC conditions ("Is creator", custom ones) are not supported on
 * the plugin's actions: its rows are not content-manager documents, and a condition would silently
 * widen to "everything" (Strapi's check of an action without a subject ignores conditions). So a
 * permission with conditions grants nothing: the admin gets a 403 that says why, instead of every
 * organization's invitations. The README's Permissions section says the same.
 */
const hasUnconditionalPermission = (
  policyContext: Core.PolicyContext & { state: { userAbility?: AdminAbility } },
  config: { actions: string[] }
): boolean => {
  const ability = policyContext.state.userAbility;
  for (const action of config.actions) {
    const rules = ability?.rulesFor(action) ?? [];
    if (!rules.some((rule) => !rule.inverted && !rule.conditions)) {
      throw new InvitationError(
        403,
        'FORBIDDEN',
        `Your role grants "${action}" only under conditions, which this plugin does not support. Ask a super admin to remove the conditions from this permission in Settings → Roles.`,
        { action }
      );
    }
  }
  return true;
};

export default hasUnconditionalPermission;
