'use strict';

const { stopCheckpointers } = require('./sqlite-checkpointer');

/**
 * Development-only seed: a demo admin and a demo organization, so `npm run develop` opens on a usable
 * panel. Never runs in tests (NODE_ENV=test) or production, and never overwrites existing data.
 */
const DEMO_ADMIN = { email: 'admin@example.com', password: 'Admin12345', firstname: 'Demo', lastname: 'Admin' };

module.exports = {
  register() {},

  async bootstrap({ strapi }) {
    if (process.env.NODE_ENV !== 'development' || process.env.SEED_DEMO === 'false') return;

    if ((await strapi.db.query('admin::user').count()) === 0) {
      const superAdminRole = await strapi.service('admin::role').getSuperAdmin();
      await strapi.service('admin::user').create({
        ...DEMO_ADMIN,
        isActive: true,
        registrationToken: null,
        roles: superAdminRole ? [superAdminRole.id] : [],
      });
      strapi.log.info(`[playground] demo admin: ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password}`);
    }

    const organizations = strapi.plugin('invitations').service('organization');
    if (!(await organizations.findByRef('acme-partners'))) {
      const org = await organizations.create(
        { name: 'Acme Partners', slug: 'acme-partners', allowedDomains: [], pendingLimit: 50, onboarding: 'auto' },
        { type: 'system' }
      );
      await organizations.createTeam(org.documentId, 'Sales', { type: 'system' });
      await organizations.createTeam(org.documentId, 'Support', { type: 'system' });
      strapi.log.info('[playground] demo organization: Acme Partners (teams Sales, Support)');
    }
  },

  async destroy() {
    await stopCheckpointers();
  },
};
