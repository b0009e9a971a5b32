import type { Core } from '@strapi/strapi';
import { resolveEndUser } from '../utils/end-user';
import { getService } from '../utils/get-service';
import { declineBodySchema, tokenBodySchema } from '../validation/invitation-response';
import { validate } from '../validation/validate';

/**
 * Content API for invitees. The token in the body is the credential (never in the URL, which logs
 * keep); a JWT adds who is accepting.
 */
const invitationResponseController = ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    async preview(ctx) {
      const { token } = await validate(tokenBodySchema, ctx.request.body, 'preview request');
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { data: await getService('invitation-response', strapi).preview(token) };
    },
    async accept(ctx) {
      const body = (ctx.request.body ?? {}) as Record<string, unknown>;
      const { token } = await validate(tokenBodySchema, body, 'accept request');
      const user = await resolveEndUser(strapi, ctx);
      const { token: _token, ...registration } = body;
      const result = await getService('invitation-response', strapi).accept(token, user, registration, {
        deviceId: typeof body.deviceId === 'string' ? body.deviceId : undefined,
        userAgent: ctx.request.headers['user-agent'],
      });
      ctx.set('Cache-Control', 'no-store');
      ctx.status = result.jwt ? 201 : 200;
      // Same shape as /api/auth/local/register when an account was created: { jwt, refreshToken?, user, ... }.
      ctx.body = result;
    },
    async decline(ctx) {
      const { token, reason } = await validate(declineBodySchema, ctx.request.body, 'decline request');
      ctx.body = await getService('invitation-response', strapi).decline(token, reason ?? null);
    },
  }) satisfies Core.Controller;

export default invitationResponseController;
