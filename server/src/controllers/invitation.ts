import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { adminActor, type AdminUser } from '../utils/types';
import { inviteBodySchema, listQuerySchema, revokeBodySchema } from '../validation/invitation';
import { validate } from '../validation/validate';

const actorOf = (ctx: { state: { user: AdminUser } }) => adminActor(ctx.state.user);

const invitationController = ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    async find(ctx) {
      const params = await validate(listQuerySchema, ctx.query, 'list query');
      ctx.body = await getService('invitation', strapi).list(params);
    },

    async findOne(ctx) {
      ctx.body = { data: await getService('invitation', strapi).findOne(ctx.params.id) };
    },

    async create(ctx) {
      const body = await validate(inviteBodySchema, ctx.request.body, 'invitation');
      const results = await getService('invitation', strapi).invite(body, actorOf(ctx), 'manual');
      const summary: Record<string, number> = {};
      results.forEach(({ result }) => (summary[result] = (summary[result] ?? 0) + 1));
      ctx.status = summary.created ? 201 : 200;
      ctx.body = { results, summary };
    },

    async resend(ctx) {
      ctx.body = { data: await getService('invitation', strapi).resend(ctx.params.id, actorOf(ctx)) };
    },

    async reissue(ctx) {
      ctx.status = 201;
      ctx.body = { data: await getService('invitation', strapi).reissue(ctx.params.id, actorOf(ctx)) };
    },

    async link(ctx) {
      // The link is a credential: keep it out of caches.
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { data: await getService('invitation', strapi).link(ctx.params.id, actorOf(ctx)) };
    },

    async revoke(ctx) {
      const body = await validate(revokeBodySchema, ctx.request.body, 'revoke request');
      ctx.body = { data: await getService('invitation', strapi).revoke(body, actorOf(ctx)) };
    },
  }) satisfies Core.Controller;

export default invitationController;
