/**
 * Browser tests: Chromium drives the playground's production admin build (`npm run test:browser`
 * builds it first). Kept apart from `npm test`, which runs twice in CI (SQLite and PostgreSQL).
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/tests/browser/**/*.browser.ts'],
  testTimeout: 120_000,
};
