/**
 * Two Keyward servers in one process for the usage benchmark: usage counting on and off, each on its
 * own SQLite file and port, sharing the process (its CPU, heap and JIT), so that the two sides of the
 * ratio differ in counting only. The environment is a built server's (builtServerEnv); argv: the data
 * directory of each side (on, off). Prints `ports {"on":port,"off":port}` once both listen (stdout also
 * carries log lines). BENCH_AA=1: the "on" side does not count either (an A/A run). Runs dist/ (`npm
 * run build`), as `node dist/src/main.js` does.
 */
const path = require('node:path');
const { loadConfig } = require('../../dist/src/config/config');
const { createKeyward } = require('../../dist/src/server/keyward');

async function start(dir, usageAnalytics) {
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: `sqlite:${path.join(dir, 'keyward.sqlite')}`,
    KEYWARD_DATA_DIR: dir,
    KEYWARD_USAGE_ANALYTICS: String(usageAnalytics),
  });
  const keyward = await createKeyward(config);
  await keyward.app.listen({ port: 0, host: '127.0.0.1' });
  keyward.startBackgroundWork();
  return keyward;
}

async function main() {
  const [onDir, offDir] = process.argv.slice(2);
  const on = await start(onDir, process.env.BENCH_AA !== '1');
  const off = await start(offDir, false);
  process.stdout.write(
    `ports ${JSON.stringify({ on: on.app.server.address().port, off: off.app.server.address().port })}\n`,
  );
  process.once('SIGTERM', () => {
    Promise.all([on.close(), off.close()]).then(() => process.exit(0));
  });
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
