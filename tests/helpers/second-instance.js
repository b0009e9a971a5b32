/**
 * A second Strapi instance of the playground, in a process of its own (Strapi keeps process-wide
 * state, so two cannot share one), on the database and SMTP server of the environment it is forked
 * with. Its mail worker runs as in production. The test asks it over IPC:
 * `{ run: 'expire' }` → `{ expired: n }`, `{ run: 'settings' }` → `{ settings }` (its effective settings),
 * and `{ run: 'stop' }` → it exits.
 */
const path = require('node:path');
const { createStrapi } = require('@strapi/strapi');

const PLAYGROUND = path.resolve(__dirname, '..', '..', 'playground');

(async () => {
  const strapi = await createStrapi({ appDir: PLAYGROUND, distDir: PLAYGROUND }).load();
  process.on('message', async (message) => {
    try {
      if (message.run === 'expire') {
        const expired = await strapi.plugin('invitations').service('expire-invitations').run();
        process.send({ expired });
      } else if (message.run === 'settings') {
        process.send({ settings: await strapi.plugin('invitations').service('settings').get() });
      } else if (message.run === 'stop') {
        await strapi.destroy();
        process.exit(0);
      }
    } catch (error) {
      process.send({ error: String(error && error.stack ? error.stack : error) });
    }
  });
  process.send({ ready: true });
})().catch((error) => {
  process.send?.({ error: String(error && error.stack ? error.stack : error) });
  process.exit(1);
});
