'use strict';

/**
 * The playground loads the plugin from its path (config/plugins.js `resolve`), so Vite treats the
 * plugin's admin as the app's own source and does not pre-bundle what its lazy pages import. The first
 * visit to Manage Access then discovers `react-intl`, re-optimizes and reloads the whole page, and a
 * newcomer sees a blank panel ("Invalid hook call" in between). Pre-bundled from the start, it cannot.
 * An app that installs the plugin from npm needs nothing of this: Vite pre-bundles the package with
 * its dependencies.
 */
const PLUGIN_ADMIN_DEPENDENCIES = ['react-intl'];

module.exports = (config) => ({
  ...config,
  optimizeDeps: {
    ...config.optimizeDeps,
    include: [...(config.optimizeDeps?.include ?? []), ...PLUGIN_ADMIN_DEPENDENCIES],
  },
});
