import type { Core } from '@strapi/strapi';
import { resolveEndUser } from '../utils/end-user';
import { InvitationError } from '../utils/errors';

/** Content API routes that act for "me" need a valid users-permissions JWT. */
// Strapi awaits policies, though its PolicyHandler type only admits synchronous ones.
const isSignedIn = async (
  policyContext: Core.PolicyContext & { state: Record<string, unknown> },
  _config: unknown,
  { strapi }: { strapi: Core.Strapi }
): Promise<boolean> => {
  const user = await resolveEndUser(strapi, policyContext as unknown as Parameters<typeof resolveEndUser>[1]);
  if (!user) {
    throw new InvitationError(
      401,
      'UNAUTHENTICATED',
      'Sign in first: send "Authorization: Bearer <jwt>" with the JWT from /api/auth/local.'
    );
  }
  policyContext.state.invitationsUser = user;
  return true;
};

export default isSignedIn;
