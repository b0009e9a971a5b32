import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { adminActor } from '../utils/types';

const settingsController = ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    async find(ctx) {
      const service = getService('settings', strapi);
      ctx.body = { data: await service.get(), defaults: service.defaults() };
    },
    async update(ctx) {
      ctx.body = { data: await getService('settings', strapi).update(ctx.request.body, adminActor(ctx.state.user)) };
    },
  }) satisfies Core.Controller;

export default settingsController;
