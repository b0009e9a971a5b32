import type { Core } from '@strapi/strapi';
import { actionDefinitions, grantContentApiRoutes } from './permissions';
import { PLUGIN_ID } from './utils/constants';
import { getService } from './utils/get-service';

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.service('admin::permission').actionProvider.registerMany(actionDefinitions);
  getService('webhook-events', strapi).register();
  if (getService('settings', strapi).config().contentApi.grantAuthenticatedRole) {
    const granted = await grantContentApiRoutes(strapi);
    if (granted.length > 0)
      strapi.log.info(`[invitations] granted ${granted.length} Content API route(s) to the Authenticated role`);
  }

  // Fail the start, not the first invitation, when no secret is configured.
  getService('token', strapi).assertConfigured();
  await getService('invitation-store', strapi).ensureSearchIndex();
  await getService('organization-scope', strapi).start();

  const config = getService('settings', strapi).config();
  // strapi.cron only runs tasks when the app's `server.cron.enabled` is true; this flag lets an
  // instance opt out even then (e.g. web-only instances next to a worker).
  if (config.expireInvitations.enabled) {
    strapi.cron.add({
      [`${PLUGIN_ID}::expire-invitations`]: {
        task: async () => {
          const count = await getService('expire-invitations', strapi).run();
          if (count > 0) strapi.log.info(`[invitations] expired ${count} overdue invitation(s)`);
        },
        options: { rule: config.expireInvitations.rule },
      },
    });
  }

  getService('email-delivery', strapi).start();
};

export default bootstrap;
