import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import type { DatabaseConfig } from '../src/config/config';

/** MySQL/MariaDB server for scratch databases (migration:generate, migration:check). */
export const SCRATCH_MYSQL_URL = process.env.MIGRATION_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

export interface ScratchDatabase {
  db: DatabaseConfig;
  drop(): Promise<void>;
}

/** An empty throw-away database: a temp SQLite file, or a new database on SCRATCH_MYSQL_URL. */
export async function createScratchDatabase(dialect: 'sqlite' | 'mysql', label: string): Promise<ScratchDatabase> {
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `kw-${label}-`));
    return {
      db: { type: 'sqlite', path: path.join(dir, 'scratch.sqlite') },
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const database = `kw_${label}_${Date.now().toString(36)}_${process.pid}`;
  const admin = await mysql.createConnection({ uri: SCRATCH_MYSQL_URL, connectTimeout: 5000 });
  try {
    await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await admin.end();
  }
  const url = new URL(SCRATCH_MYSQL_URL);
  url.pathname = `/${database}`;
  return {
    db: { type: 'mysql', url: url.toString(), host: url.hostname, port: Number(url.port || 3306), database },
    drop: async () => {
      const conn = await mysql.createConnection({ uri: SCRATCH_MYSQL_URL, connectTimeout: 5000 });
      try {
        await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
      } finally {
        await conn.end();
      }
    },
  };
}

/** `<timestamp>-<Name>` of every migration file of a dialect. */
export function migrationNames(dialect: 'sqlite' | 'mysql'): string[] {
  const dir = path.join(__dirname, '..', 'src', 'db', 'migrations', dialect);
  return fs
    .readdirSync(dir)
    .filter((f) => /\.ts$/.test(f) && !f.endsWith('.d.ts'))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
}
