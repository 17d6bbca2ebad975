import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import type { DatabaseConfig } from '../../src/config/config';

export const MARIADB_URL = process.env.KEYWARD_TEST_MARIADB_URL ?? 'mysql://root@127.0.0.1:3306';

export type TestDialect = 'sqlite' | 'mariadb';

export function testDialect(): TestDialect {
  return process.env.KEYWARD_TEST_DB === 'mariadb' ? 'mariadb' : 'sqlite';
}

export interface TestDatabase {
  config: DatabaseConfig;
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database for one test file: a temp SQLite file, or a new MariaDB database. */
export async function createTestDatabase(dialect: TestDialect = testDialect()): Promise<TestDatabase> {
  const suffix = `${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyward-test-'));
    const file = path.join(dir, 'keyward.sqlite');
    return {
      config: { type: 'sqlite', path: file },
      url: `sqlite:${file}`,
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const database = `kw_test_${suffix}`;
  const admin = await mysql.createConnection(MARIADB_URL);
  await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const url = `${MARIADB_URL.replace(/\/$/, '')}/${database}`;
  return {
    config: { type: 'mysql', url, host: '127.0.0.1', port: 3306, database, flavor: 'mariadb' },
    url,
    drop: async () => {
      const conn = await mysql.createConnection(MARIADB_URL);
      await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
      await conn.end();
    },
  };
}
