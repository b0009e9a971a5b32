import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';
import { InvitationError } from '../utils/errors';

/**
 * The member routes of the Content API (`me/...`, `organizations/...`) act for a signed-in user. Without
 * an Authorization header Strapi would check them against the Public role and answer a bare 403; this
 * answers 401 UNAUTHENTICATED saying what to send, so a portal frontend knows to sign the user in.
 * Mounted app-wide because Strapi authorizes a route before its own middlewares run.
 */
const requireSignIn = (strapi: Core.Strapi) => {
  const prefix = strapi.config.get<string>('api.rest.prefix', '/api');
  const memberRoutes = new RegExp(
    `^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/invitations/(?:me|organizations)(?:/|$)`
  );
  return async (ctx: Context, next: Next): Promise<void> => {
    if (!ctx.request.header.authorization && memberRoutes.test(ctx.path)) {
      const error = new InvitationError(
        401,
        'UNAUTHENTICATED',
        'Sign in first: send "Authorization: Bearer <jwt>" with the JWT from /api/auth/local.'
      );
      // Answered here, in Strapi's error shape: this runs outside Strapi's error middleware.
      ctx.status = error.status;
      ctx.body = {
        data: null,
        error: { status: error.status, name: error.name, message: error.message, details: error.details },
      };
      return;
    }
    await next();
  };
};

export default requireSignIn;
