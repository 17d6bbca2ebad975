/**
 * A Keyward instance for profiling the key-auth hot paths: SQLite, one tenant, one GRAPHQL key
 * (limit 100,000,000/min); writes { base, key } to PROFILE_INFO (default /tmp/keyward-profile.json)
 * and runs until SIGINT. E.g.
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx test/bench/profile-server.ts &
 *   npx autocannon -c 50 -d 8 -H "x-api-key=$KEY" $BASE/v1/auth; kill -INT %1
 * then read the .cpuprofile's top frames (self and inclusive time).
 */
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import { createTenantUser, insertKey } from '../helpers/fixtures';
import { startTestServer } from '../helpers/harness';
async function main() {
  const server = await startTestServer({ env: { LOG_LEVEL: process.env.PROF_LOG_LEVEL ?? 'warn' } });
  await server.kw.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(server.kw.app.server.address() as AddressInfo).port}`;
  const { tenantId } = await createTenantUser(server);
  const key = await insertKey(server, { tenantId, rateLimitPerMinute: 100_000_000, grants: { ORDER_DATA: 'VIEWER' } });
  fs.writeFileSync(process.env.PROFILE_INFO ?? '/tmp/keyward-profile.json', JSON.stringify({ base, key: key.secret }));
  process.on('SIGINT', () => {
    void server.close().then(() => process.exit(0));
  });
}
void main();
