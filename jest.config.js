/**
 * Five projects: `unit` (no database), the integration suite twice, on `sqlite` and on `mariadb`,
 * `console` (the admin SPA in Chromium, on SQLite; builds the SPA first when needed) and `cluster`
 * (test/cluster: Galera and Redis Cluster started by the tests themselves; slow, one file at a
 * time). `npm test` (scripts/test.js) chooses which run, depending on what is reachable.
 * jose, openid-client/oauth4webapi, content-disposition (via @fastify/static) and light-my-request's cookie are ESM-only: ts-jest transpiles them to CommonJS.
 */
const transform = { '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json', diagnostics: false }] };
const common = {
  testEnvironment: 'node',
  transform,
  transformIgnorePatterns: ['/node_modules/(?!(jose|cookie|openid-client|oauth4webapi|content-disposition)/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { ...common, displayName: 'sqlite', testMatch: ['<rootDir>/test/integration/**/*.test.ts'], setupFiles: ['<rootDir>/test/helpers/dialect-sqlite.ts'] },
    { ...common, displayName: 'mariadb', testMatch: ['<rootDir>/test/integration/**/*.test.ts'], setupFiles: ['<rootDir>/test/helpers/dialect-mariadb.ts'] },
    { ...common, displayName: 'cluster', testMatch: ['<rootDir>/test/cluster/**/*.test.ts'], setupFiles: ['<rootDir>/test/helpers/dialect-mariadb.ts'] },
    { ...common, displayName: 'console', testMatch: ['<rootDir>/test/console/**/*.test.ts'], setupFiles: ['<rootDir>/test/helpers/dialect-sqlite.ts'], globalSetup: '<rootDir>/test/helpers/console-global-setup.ts' },
  ],
};
