import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../utils/get-service';
import type { Actor, EndUser } from '../utils/types';
import { declineBodySchema } from '../validation/invitation-response';
import { validate } from '../validation/validate';

const userOf = (ctx: Context): EndUser => ctx.state.user as EndUser;

/** The signed-in user's own invitations and organizations (`/api/invitations/me/...`). */
const meController = ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    async organizations(ctx: Context) {
      ctx.body = { data: await getService('membership', strapi).listForUser(userOf(ctx).id) };
    },

    /** Leaves an organization; the last member who can manage members cannot. */
    async leave(ctx: Context) {
      const user = userOf(ctx);
      const actor: Actor = { type: 'user', id: user.id, label: user.email };
      const access = getService('organization-access', strapi);
      ctx.body = {
        data: await getService('membership', strapi).leave(user.id, ctx.params.id, actor, (row, organization) =>
          access.assertKeepsAManager(organization, { membershipId: row.id, currentRole: row.role, nextRole: null })
        ),
      };
    },

    async invitations(ctx: Context) {
      ctx.body = { data: await getService('invitation-response', strapi).mine(userOf(ctx)) };
    },

    async acceptInvitation(ctx: Context) {
      const { application } = (ctx.request.body ?? {}) as { application?: unknown };
      ctx.body = await getService('invitation-response', strapi).acceptMine(userOf(ctx), ctx.params.id, application);
    },

    async declineInvitation(ctx: Context) {
      const { reason } = await validate(declineBodySchema.omit(['token']), ctx.request.body, 'decline request');
      ctx.body = await getService('invitation-response', strapi).declineMine(
        userOf(ctx),
        ctx.params.id,
        reason ?? null
      );
    },
  }) satisfies Core.Controller;

export default meController;
