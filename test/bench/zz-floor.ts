import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { createTestDatabase } from '../helpers/test-database';
import { CLOCK_TICKS, cpuTicks, signIn, startQuietServer } from './shared';
async function main() {
  const db = await createTestDatabase('mariadb');
  const server = await startQuietServer({ DATABASE_URL: db.url, KEYWARD_MASTER_KEY: randomBytes(32).toString('base64'), KEYWARD_BOOTSTRAP_EMAIL: 'f@example.test', KEYWARD_BOOTSTRAP_PASSWORD: 'floor-pass-123456' });
  const token = await signIn(server.url, 'f@example.test', 'floor-pass-123456');
  const run = async (label: string, body: string, auth: boolean) => {
    const go = () => new Promise<number>((res) => autocannon({ url: `${server.url}/graphql`, connections: 16, duration: 4, method: 'POST', headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${token}` } : {}) }, body }, (e, r) => res(r.requests.total)));
    await go();
    const t = cpuTicks(server.child.pid)!; const n = await go();
    console.log(label, (n / 4).toFixed(0), '/s', ((((cpuTicks(server.child.pid)! - t) / CLOCK_TICKS) * 1e6) / n).toFixed(0), 'µs CPU');
  };
  await run('anon __typename', JSON.stringify({ query: '{ __typename }' }), false);
  await run('session __typename', JSON.stringify({ query: '{ __typename }' }), true);
  await run('session me', JSON.stringify({ query: '{ me { id } }' }), true);
  await run('session mutation bad input', JSON.stringify({ query: 'mutation { updateApiKey(id: "00000000-0000-0000-0000-000000000000", input: { description: "x" }) { id } }' }), true);
  await server.stop('SIGTERM'); await db.drop();
}
void main();
