import type { Core } from '@strapi/strapi';
import { getService } from './utils/get-service';

const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  await getService('email-delivery', strapi).stop();
  await getService('organization-scope', strapi).stop();
};

export default destroy;
