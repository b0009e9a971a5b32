/** Integration tests boot a real Strapi (playground/) against real SQLite or PostgreSQL and a real SMTP server. */
module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tests/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tests/tsconfig.json' }] },
  testTimeout: 60_000,
  // Strapi keeps a few handles (cron, pools) briefly after destroy().
  forceExit: true,
};
