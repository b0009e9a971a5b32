import type { Core } from '@strapi/strapi';
import { resolveEndUser } from '../utils/end-user';
import { getService } from '../utils/get-service';
import { declineBodySchema } from '../validation/invitation-response';
import { validate } from '../validation/validate';

/** Content API for invitees. The token in the path is the credential; a JWT adds who is accepting. */
const invitationResponseController = ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    async preview(ctx) {
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { data: await getService('invitation-response', strapi).preview(ctx.params.token) };
    },
    async accept(ctx) {
      const user = await resolveEndUser(strapi, ctx);
      const result = await getService('invitation-response', strapi).accept(ctx.params.token, user, ctx.request.body);
      ctx.status = result.jwt ? 201 : 200;
      // Same shape as /api/auth/local/register when an account was created: { jwt, user, ... }.
      ctx.body = result;
    },
    async decline(ctx) {
      const { reason } = await validate(declineBodySchema, ctx.request.body, 'decline request');
      ctx.body = await getService('invitation-response', strapi).decline(ctx.params.token, reason ?? null);
    },
    async myOrganizations(ctx) {
      const user = ctx.state.invitationsUser as { id: number };
      ctx.body = { data: await getService('membership', strapi).listForUser(user.id) };
    },
  }) satisfies Core.Controller;

export default invitationResponseController;
