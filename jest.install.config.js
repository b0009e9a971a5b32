/**
 * The install test (`npm run test:install`): a new Strapi app made with create-strapi-app, the packed
 * plugin installed into it by the README's steps, then a smoke test. Slow (minutes), so kept apart.
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/tests/install/**/*.install.ts'],
  testTimeout: 10 * 60_000,
};
