import type { Core } from '@strapi/strapi';
import { resolveEndUser } from '../utils/end-user';
import { getService } from '../utils/get-service';
import { tokenBodySchema } from '../validation/invitation-response';
import { joinBodySchema } from '../validation/join-link';
import { validate } from '../validation/validate';

/**
 * Content API for people who open a join link. The token travels in the body (never in a URL that
 * logs keep); joining also needs the signed-in user's JWT.
 */
const joinLinkResponseController = ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    async preview(ctx) {
      const { token } = await validate(tokenBodySchema, ctx.request.body, 'preview request');
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { data: await getService('join-link', strapi).preview(token) };
    },

    async join(ctx) {
      const { token, application } = await validate(joinBodySchema, ctx.request.body, 'join request');
      // The answers to the portal's application fields, beside partnerName: checked by the service
      // against the definitions (validation strips what its schema does not name).
      const { partnerName: _partnerName, ...answers } = ((ctx.request.body as { application?: object } | null)
        ?.application ?? {}) as Record<string, unknown>;
      const user = await resolveEndUser(strapi, ctx);
      ctx.status = 201;
      ctx.body = {
        data: await getService('join-link', strapi).join(token, user, {
          partnerName: application.partnerName,
          answers,
        }),
      };
    },
  }) satisfies Core.Controller;

export default joinLinkResponseController;
