#!/usr/bin/env node
/*
 * npm test: unit tests, the integration suite on SQLite, the console tests in Chromium (they skip
 * without /usr/bin/chromium, fail without it under CI) and the integration suite on MariaDB when it is
 * reachable. With CI=true an unreachable MariaDB or Redis fails the run instead of skipping.
 * Extra arguments go to jest (e.g. `npm test -- --selectProjects sqlite -t login`).
 */
const { spawnSync } = require('node:child_process');
const net = require('node:net');

const mariadbUrl = process.env.KEYWARD_TEST_MARIADB_URL || 'mysql://root@127.0.0.1:3306';
const redisUrl = process.env.KEYWARD_TEST_REDIS_URL || 'redis://127.0.0.1:6379';
const ci = process.env.CI === 'true' || process.env.CI === '1';

async function mariadbReachable() {
  try {
    const mysql = require('mysql2/promise');
    const conn = await mysql.createConnection({ uri: mariadbUrl, connectTimeout: 3000 });
    await conn.query('SELECT 1');
    await conn.end();
    return true;
  } catch (error) {
    return error.message;
  }
}

function redisReachable() {
  const url = new URL(redisUrl);
  return new Promise((resolve) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port || 6379) });
    const done = (result) => { socket.destroy(); resolve(result); };
    socket.setTimeout(3000, () => done('timed out'));
    socket.on('error', (error) => done(error.message));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => done(data.toString().startsWith('+PONG') ? true : `unexpected reply ${data}`));
  });
}

(async () => {
  const args = process.argv.slice(2);
  const mariadb = await mariadbReachable();
  const redis = await redisReachable();
  const projects = ['unit', 'sqlite', 'console'];
  const env = { ...process.env };
  if (mariadb === true) {
    projects.push('mariadb');
  } else if (ci) {
    console.error(`CI: MariaDB at ${mariadbUrl} is unreachable (${mariadb}); the MariaDB suite is required.`);
    process.exit(1);
  } else {
    console.warn(`\n*** SKIPPING the MariaDB suite: ${mariadbUrl} is unreachable (${mariadb}). Set KEYWARD_TEST_MARIADB_URL to run it. ***\n`);
  }
  if (redis === true) {
    env.KEYWARD_TEST_REDIS_URL = redisUrl;
  } else if (ci) {
    console.error(`CI: Redis at ${redisUrl} is unreachable (${redis}); the Redis tests are required.`);
    process.exit(1);
  } else {
    console.warn(`\n*** SKIPPING Redis tests: ${redisUrl} is unreachable (${redis}). Set KEYWARD_TEST_REDIS_URL to run them. ***\n`);
    delete env.KEYWARD_TEST_REDIS_URL;
  }
  const selected = args.includes('--selectProjects') ? [] : ['--selectProjects', ...projects];
  const result = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), ...selected, ...args], { stdio: 'inherit', env });
  process.exit(result.status ?? 1);
})();
