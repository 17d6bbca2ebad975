import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { MARIADBD, MariadbNode } from './mariadb-node';
import type { TestDatabase } from './test-database';

export const GALERA_PROVIDER = '/usr/lib/galera/libgalera_smm.so';

/** Why the Galera tests cannot run here (undefined: they can). */
export function galeraMissing(): string | undefined {
  if (!MARIADBD) return 'mariadbd is not installed';
  if (!fs.existsSync(GALERA_PROVIDER)) return `${GALERA_PROVIDER} is missing (apt-get install galera-4)`;
  if (spawnSync('which', ['rsync']).status !== 0) return 'rsync is missing (the SST method; apt-get install rsync)';
  if (spawnSync('which', ['mariadb-install-db']).status !== 0) return 'mariadb-install-db is missing';
  return undefined;
}

async function variable(conn: mysql.Connection, name: string): Promise<string | undefined> {
  const [rows] = await conn.query('SHOW GLOBAL STATUS LIKE ?', [name]);
  return (rows as Array<{ Value: string }>)[0]?.Value;
}

/** Synced, in the primary component, accepting queries. */
async function galeraReady(conn: mysql.Connection): Promise<boolean> {
  return (
    (await variable(conn, 'wsrep_ready')) === 'ON' &&
    (await variable(conn, 'wsrep_local_state_comment')) === 'Synced' &&
    (await variable(conn, 'wsrep_cluster_status')) === 'Primary'
  );
}

export interface GaleraCluster {
  nodes: MariadbNode[];
  /** A fresh database (created through node 0, replicated to all) and one TestDatabase per node. */
  createDatabase(): Promise<{ name: string; perNode: TestDatabase[] }>;
  /** Cluster size as node `index` sees it. */
  clusterSize(index: number): Promise<number>;
  /** Starts a stopped node again and waits until it is synced with the others. */
  rejoin(index: number): Promise<void>;
  close(): Promise<void>;
}

export interface GaleraOptions {
  /** Client ports: basePort, basePort+1, … */
  basePort?: number;
  /** Galera ports: three per node (group communication, IST, SST) from this one. */
  replicationBasePort?: number;
  size?: number;
}

/**
 * Starts a Galera cluster of `size` (default 3) mariadbd nodes on loopback: node 0 bootstraps a
 * new cluster (`--wsrep-new-cluster`), the others join it (state transfer by rsync). Each node
 * has its own temporary datadir; `close` stops them and removes everything.
 */
export async function startGaleraCluster(options: GaleraOptions = {}): Promise<GaleraCluster> {
  const size = options.size ?? 3;
  const basePort = options.basePort ?? 13306;
  const replicationBase = options.replicationBasePort ?? 14567;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'keyward-galera-'));
  const gcomm = Array.from({ length: size }, (_, i) => `127.0.0.1:${replicationBase + 3 * i}`).join(',');
  const nodes = Array.from({ length: size }, (_, i) => {
    const group = replicationBase + 3 * i;
    return new MariadbNode({
      port: basePort + i,
      name: `galera${i}`,
      dir: path.join(root, `node${i}`),
      settings: [
        'binlog_format=ROW',
        'default_storage_engine=InnoDB',
        'innodb_autoinc_lock_mode=2',
        'wsrep_on=ON',
        `wsrep_provider=${GALERA_PROVIDER}`,
        'wsrep_cluster_name=keyward_test',
        `wsrep_cluster_address=gcomm://${gcomm}`,
        `wsrep_node_name=galera${i}`,
        `wsrep_node_address=127.0.0.1:${group}`,
        `wsrep_node_incoming_address=127.0.0.1:${basePort + i}`,
        // short failure detection, so a killed node leaves the component within seconds
        `wsrep_provider_options="gmcast.listen_addr=tcp://127.0.0.1:${group};ist.recv_addr=127.0.0.1:${group + 1};gcache.size=64M;evs.suspect_timeout=PT3S;evs.inactive_timeout=PT6S;evs.keepalive_period=PT1S;evs.inactive_check_period=PT1S;pc.wait_prim_timeout=PT10S"`,
        'wsrep_sst_method=rsync',
        `wsrep_sst_receive_address=127.0.0.1:${group + 2}`,
        'wsrep_slave_threads=2',
        // reads wait until the node has applied what other nodes committed before them (causal reads):
        // a key revoked through another node is never reloaded as valid (README "Scaling out")
        'wsrep_sync_wait=1',
      ],
    });
  });
  const closeAll = async () => {
    await Promise.all(nodes.map((node) => node.stop('SIGKILL')));
    if (!process.env.KEYWARD_KEEP_GALERA) fs.rmSync(root, { recursive: true, force: true });
  };
  try {
    nodes[0]!.install();
    // joiners receive node 0's datadir by SST; they start from a copy of the fresh system tables
    for (const node of nodes.slice(1)) fs.cpSync(nodes[0]!.datadir, node.datadir, { recursive: true });
    nodes[0]!.start(['--wsrep-new-cluster']);
    await nodes[0]!.waitUntil(galeraReady, 'bootstrapped');
    // one joiner at a time: each state transfer comes from a synced donor
    for (const node of nodes.slice(1)) {
      node.start();
      await node.waitUntil(galeraReady, 'synced');
    }
  } catch (error) {
    await closeAll();
    throw error;
  }
  const cluster: GaleraCluster = {
    nodes,
    async createDatabase() {
      const name = `kw_galera_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
      const conn = await mysql.createConnection(nodes[0]!.url);
      await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
      await conn.end();
      const perNode = nodes.map((node): TestDatabase => {
        const url = `${node.url}/${name}`;
        return {
          config: { type: 'mysql', url, host: '127.0.0.1', port: node.options.port, database: name, flavor: 'mariadb' },
          url,
          drop: async () => undefined, // the whole cluster goes away in close()
        };
      });
      return { name, perNode };
    },
    async clusterSize(index) {
      const conn = await mysql.createConnection({ uri: nodes[index]!.url, connectTimeout: 2000 });
      try {
        return Number(await variable(conn, 'wsrep_cluster_size'));
      } finally {
        await conn.end();
      }
    },
    async rejoin(index) {
      const node = nodes[index]!;
      node.start();
      await node.waitUntil(galeraReady, 'synced after rejoining');
    },
    close: closeAll,
  };
  return cluster;
}
