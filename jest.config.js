const os = require('node:os');

/**
 * Five projects: `unit` (no database), the integration suite on `sqlite` and on `mariadb`,
 * `console` (the admin SPA in Chromium, on SQLite; builds the SPA first when needed) and `cluster`
 * (test/cluster: Galera and Redis Cluster started by the tests themselves; slow, one file at a
 * time). `npm test` (scripts/test.js) chooses which run, depending on what is reachable.
 * jose, openid-client/oauth4webapi, content-disposition (via @fastify/static) and light-my-request's cookie are
 * ESM-only: ts-jest transpiles them to CommonJS.
 */
/**
 * Integration files whose subject does not depend on the database (the HTTP surface, rules checked
 * in process, browsers, Redis, processes): they run once, on SQLite. Everything that persists, locks,
 * paginates or migrates runs on both dialects.
 */
const DIALECT_NEUTRAL = [
  'authorization-matrix',
  'browser-cors-and-csp',
  'console-serving',
  'cross-site-requests',
  'failed-auth-throttle',
  'errors-logs-metrics',
  'input-limits',
  'log-lines',
  'nginx-forward-auth',
  'openapi',
  'query-limits',
  'readme-walkthrough',
  'redis-outage',
  'scan-verify',
  'security-headers',
];
/** Fuzzing runs once, on MariaDB: random inputs meet its strict column checks, which SQLite lacks. */
const MARIADB_ONLY = ['fuzz-graphql', 'fuzz-rest'];
const files = (names) => names.map((name) => `/test/integration/${name}\\.test\\.ts$`);
// scripts/test.js sets this when MariaDB is unreachable: then SQLite runs everything
const sqliteRunsAll = process.env.KEYWARD_TEST_SQLITE_ALL === 'true';

const transform = { '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json', diagnostics: false }] };
const common = {
  testEnvironment: 'node',
  transform,
  transformIgnorePatterns: ['/node_modules/(?!(jose|cookie|openid-client|oauth4webapi|content-disposition)/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  testTimeout: 60000,
  // jest's default on 2 cores is 1 worker; the suites wait on databases, browsers and processes
  maxWorkers: Math.max(2, os.availableParallelism() - 1),
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'sqlite',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      testPathIgnorePatterns: sqliteRunsAll ? [] : files(MARIADB_ONLY),
      setupFiles: ['<rootDir>/test/helpers/dialect-sqlite.ts'],
    },
    {
      ...common,
      displayName: 'mariadb',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      testPathIgnorePatterns: files(DIALECT_NEUTRAL),
      setupFiles: ['<rootDir>/test/helpers/dialect-mariadb.ts'],
    },
    {
      ...common,
      displayName: 'cluster',
      testMatch: ['<rootDir>/test/cluster/**/*.test.ts'],
      setupFiles: ['<rootDir>/test/helpers/dialect-mariadb.ts'],
    },
    {
      ...common,
      displayName: 'console',
      testMatch: ['<rootDir>/test/console/**/*.test.ts'],
      setupFiles: ['<rootDir>/test/helpers/dialect-sqlite.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/helpers/console-timeout.ts'],
      globalSetup: '<rootDir>/test/helpers/console-global-setup.ts',
    },
  ],
};
