import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { adminActor } from '../utils/types';
import { joinLinkBodySchema, joinLinkListSchema } from '../validation/join-link';
import { validate } from '../validation/validate';

/** Admin API: join links of every organization and of the partner program (`joinLinks.manage`). */
const joinLinkController = ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    async find(ctx) {
      const { organization, ...params } = await validate(joinLinkListSchema, ctx.query, 'list query');
      const organizationId = organization
        ? (await getService('organization', strapi).findOrThrow(organization)).id
        : undefined;
      ctx.body = await getService('join-link', strapi).list({ ...params, organizationId });
    },

    async create(ctx) {
      const body = await validate(joinLinkBodySchema, ctx.request.body, 'join link');
      ctx.status = 201;
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { data: await getService('join-link', strapi).create(body, adminActor(ctx.state.user)) };
    },

    async link(ctx) {
      // The URL is a credential: keep it out of caches.
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { data: await getService('join-link', strapi).copy(ctx.params.id, adminActor(ctx.state.user)) };
    },

    async revoke(ctx) {
      ctx.body = { data: await getService('join-link', strapi).revoke(ctx.params.id, adminActor(ctx.state.user)) };
    },

    async rotate(ctx) {
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { data: await getService('join-link', strapi).rotate(ctx.params.id, adminActor(ctx.state.user)) };
    },
  }) satisfies Core.Controller;

export default joinLinkController;
