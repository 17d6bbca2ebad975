import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { MariadbNode } from './mariadb-node';

export interface ReplicatedPair {
  primary: MariadbNode;
  replica: MariadbNode;
  /** Runs SQL on one server (a short-lived connection). */
  query(node: MariadbNode, sql: string, params?: unknown[]): Promise<any[]>;
  /** Resolves once the replica has applied everything the primary has written so far. */
  caughtUp(): Promise<void>;
  stopReplication(): Promise<void>;
  startReplication(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A MariaDB primary and one read replica on loopback (classic asynchronous binlog replication,
 * GTID), each with its own temporary datadir; `close` stops both and removes everything.
 */
export async function startReplicatedPair(
  options: { primaryPort?: number; replicaPort?: number } = {},
): Promise<ReplicatedPair> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'keyward-replication-'));
  const primary = new MariadbNode({
    port: options.primaryPort ?? 13310,
    name: 'primary',
    dir: path.join(root, 'primary'),
    settings: ['server-id=1', 'log-bin=primary-bin', 'binlog_format=ROW'],
  });
  const replica = new MariadbNode({
    port: options.replicaPort ?? 13311,
    name: 'replica',
    dir: path.join(root, 'replica'),
    settings: ['server-id=2', 'relay-log=replica-relay', 'skip-slave-start'],
  });
  const query = async (node: MariadbNode, sql: string, params: unknown[] = []) => {
    const conn = await mysql.createConnection({ uri: node.url, connectTimeout: 3000 });
    try {
      const [rows] = await conn.query(sql, params);
      return rows as any[];
    } finally {
      await conn.end();
    }
  };
  const close = async () => {
    await Promise.all([primary.stop('SIGKILL'), replica.stop('SIGKILL')]);
    fs.rmSync(root, { recursive: true, force: true });
  };
  try {
    primary.install();
    replica.install();
    primary.start();
    replica.start();
    const up = async () => true;
    await Promise.all([primary.waitUntil(up, 'up'), replica.waitUntil(up, 'up')]);
    // the replica starts from the primary's first binlog: everything written from now on reaches it
    await query(
      replica,
      `CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=${primary.options.port}, MASTER_USER='root', MASTER_PASSWORD='', MASTER_USE_GTID=no, MASTER_LOG_FILE='primary-bin.000001', MASTER_LOG_POS=4`,
    );
    await query(replica, 'START SLAVE');
  } catch (error) {
    await close();
    throw error;
  }
  const pair: ReplicatedPair = {
    primary,
    replica,
    query,
    async caughtUp() {
      const [status] = await query(primary, 'SHOW MASTER STATUS');
      await replica.waitUntil(
        async (conn) => {
          const [rows] = await conn.query('SELECT MASTER_POS_WAIT(?, ?, 10) AS waited', [status.File, status.Position]);
          return Number((rows as Array<{ waited: number | null }>)[0]?.waited) >= 0;
        },
        'caught up with the primary',
        20_000,
      );
    },
    async stopReplication() {
      await query(replica, 'STOP SLAVE');
    },
    async startReplication() {
      await query(replica, 'START SLAVE');
    },
    close,
  };
  return pair;
}
