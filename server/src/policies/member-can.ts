import type { Core } from '@strapi/strapi';
import type { OrganizationCapability } from '../../../shared/contracts';
import { InvitationError } from '../utils/errors';
import { getService } from '../utils/get-service';

/**
 * Organization routes of the Content API (`/api/invitations/organizations/:org/...`): users-permissions
 * has authenticated the user and checked the route's permission; this checks the user's standing in
 * `:org` (an active membership whose role has `capability`) and hands it to the controller as
 * `ctx.state.organizationAccess`.
 */
// Strapi awaits policies, though its PolicyHandler type only admits synchronous ones.
const memberCan = async (
  policyContext: Core.PolicyContext & {
    state: Record<string, unknown>;
    params: Record<string, string>;
  },
  config: { capability: OrganizationCapability | null },
  { strapi }: { strapi: Core.Strapi }
): Promise<boolean> => {
  const user = policyContext.state.user as { id: number; email: string; username: string } | undefined;
  if (!user) {
    // An API token authenticates a server, not a member: organization routes act for someone.
    throw new InvitationError(
      403,
      'FORBIDDEN',
      "Organization routes act for a member: call them with the member's JWT (from /api/auth/local), not an API token."
    );
  }
  policyContext.state.organizationAccess = await getService('organization-access', strapi).authorize(
    user,
    policyContext.params.org,
    config.capability
  );
  return true;
};

export default memberCan;
