import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { UID } from './constants';
import { query } from './db';
import { InvitationError } from './errors';
import { getService } from './get-service';
import type { EndUser } from './types';

/**
 * The users-permissions user of a Content API request, from its `Authorization: Bearer <jwt>`.
 * Our public routes run with `auth: false` (an invitee may have no account yet), so Strapi does not
 * authenticate them; when a JWT is present we verify it the way users-permissions does.
 * Returns null without a header; a bad or expired token, or an account users-permissions would not let
 * sign in, is a 401, never silently anonymous.
 */
export const resolveEndUser = async (strapi: Core.Strapi, ctx: Context): Promise<EndUser | null> => {
  const header = ctx.request.header.authorization;
  if (!header) return null;
  const [scheme, token] = header.split(' ');
  if (scheme?.toLowerCase() !== 'bearer' || !token) {
    throw new InvitationError(
      401,
      'UNAUTHENTICATED',
      'The Authorization header must be "Bearer <jwt>" with the JWT from signing in.'
    );
  }
  let payload: { id?: number } | null = null;
  try {
    payload = (await strapi.plugin('users-permissions').service('jwt').verify(token)) as { id?: number };
  } catch {
    payload = null;
  }
  const user = payload?.id
    ? ((await query(strapi, UID.user).findOne({ where: { id: payload.id } })) as EndUser | null)
    : null;
  // As users-permissions' own strategy: a blocked account, or an unconfirmed one while the app requires
  // email confirmation, cannot act with its JWT.
  if (!user || !(await getService('accounts', strapi).canSignIn(user))) {
    throw new InvitationError(401, 'UNAUTHENTICATED', 'Your session is invalid or has expired: sign in again.');
  }
  return user;
};
