import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { adminActor } from '../utils/types';
import { templatePreviewSchema } from '../validation/settings';
import { validate } from '../validation/validate';

const settingsController = ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    async find(ctx) {
      const service = getService('settings', strapi);
      ctx.body = { data: await service.get(), defaults: service.defaults() };
    },
    /** GET /form-options: roles, reasons, limits and audit actions for the panel's forms (any reader). */
    async formOptions(ctx) {
      ctx.body = { data: await getService('settings', strapi).formOptions() };
    },
    async preview(ctx) {
      const draft = await validate(templatePreviewSchema, ctx.request.body, 'template preview');
      ctx.body = { data: await getService('settings', strapi).preview(draft, ctx.state.user) };
    },
    async update(ctx) {
      ctx.body = { data: await getService('settings', strapi).update(ctx.request.body, adminActor(ctx.state.user)) };
    },
  }) satisfies Core.Controller;

export default settingsController;
