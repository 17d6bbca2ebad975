import { randomUUID } from 'node:crypto';
import mysql from 'mysql2/promise';
import { createDataSource } from '../../src/db/database';
import { ApiKey } from '../../src/db/entities/api-key.entity';
import { createTestDatabase } from '../helpers/test-database';
async function main() {
  const db = await createTestDatabase('mariadb');
  const ds = createDataSource(db.config);
  await ds.initialize();
  await ds.runMigrations();
  const pool = mysql.createPool({ uri: db.url, connectionLimit: 10 });
  const measure = async (label: string, op: () => Promise<unknown>) => {
    for (let i = 0; i < 300; i++) await op();
    const c0 = process.cpuUsage(); const t0 = Date.now(); let n = 0;
    await Promise.all(Array.from({ length: 16 }, async () => { while (Date.now() - t0 < 2000) { await op(); n++; } }));
    const c = process.cpuUsage(c0); console.log(label.padEnd(30), (n / 2).toFixed(0).padStart(6), '/s', ((c.user + c.system) / n).toFixed(0).padStart(5), 'µs CPU');
  };
  const tenantId = randomUUID();
  await ds.query("INSERT INTO tenant (id, slug, name, createdAt, updatedAt) VALUES (?, ?, 'x', NOW(), NOW())", [tenantId, 'x' + tenantId.slice(0, 8)]).catch((e) => console.log(e.message));
  const keyId = randomUUID();
  await measure('mysql2 query SELECT 1', () => pool.query('SELECT 1'));
  await measure('typeorm ds.query SELECT 1', () => ds.query('SELECT 1'));
  await measure('typeorm empty transaction', () => ds.transaction(async () => undefined));
  await measure('typeorm tx + SELECT 1', () => ds.transaction(async (em) => em.query('SELECT 1')));
  await measure('typeorm QB getOne ApiKey', () => ds.manager.createQueryBuilder(ApiKey, 'k').where('k.tenantId = :t AND k.id = :id', { t: tenantId, id: keyId }).getOne());
  await measure('raw SELECT * api_key', () => ds.query('SELECT * FROM api_key WHERE tenantId = ? AND id = ?', [tenantId, keyId]));
  await measure('typeorm QB update ApiKey', () => ds.manager.createQueryBuilder().update(ApiKey).set({ description: 'x', updatedAt: new Date() }).where('id = :id', { id: keyId }).updateEntity(false).execute());
  await measure('raw UPDATE api_key', () => ds.query('UPDATE api_key SET description = ?, updatedAt = ? WHERE id = ?', ['x', new Date(), keyId]));
  await pool.end(); await ds.destroy(); await db.drop();
}
void main();
