/**
 * The develop-mode check (`npm run test:develop`): `npm run develop` as a newcomer runs it on a fresh
 * clone, and the first visit to Manage Access in Chromium. It builds and serves on its own ports.
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/tests/develop/**/*.develop.ts'],
  testTimeout: 5 * 60_000,
};
