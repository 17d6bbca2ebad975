import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Why the Redis Cluster tests cannot run here (undefined: they can). */
export function redisClusterMissing(): string | undefined {
  if (spawnSync('which', ['redis-server']).status !== 0)
    return 'redis-server is not installed (apt-get install redis-server)';
  if (spawnSync('which', ['redis-cli']).status !== 0) return 'redis-cli is not installed (apt-get install redis-tools)';
  return undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function cli(port: number, ...args: string[]): string {
  const result = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], {
    encoding: 'utf8',
    timeout: 5000,
  });
  return `${result.stdout ?? ''}${result.stderr ?? ''}`;
}

export interface RedisNode {
  port: number;
  child: ChildProcess | undefined;
}

export interface RedisCluster {
  nodes: RedisNode[];
  /** `host:port,host:port,…` of every node (REDIS_CLUSTER_NODES). */
  nodesEnv: string;
  /** Ports of the current masters (as node `askPort` sees the cluster). */
  masters(askPort?: number): number[];
  /** The port of the master serving `key`'s slot. */
  masterFor(key: string): number;
  /** SIGKILLs the node on `port`; resolves once it exited. */
  kill(port: number): Promise<void>;
  /** Resolves once the cluster (as seen by `askPort`) is `cluster_state:ok` with `port` no longer a master. */
  waitForFailover(port: number, askPort: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a Redis Cluster on loopback: `masters` masters with one replica each (ports basePort…,
 * bus ports +10000), created with `redis-cli --cluster create … --cluster-replicas 1`, and
 * resolves once every node reports `cluster_state:ok`. Nothing is persisted; `close` kills all.
 */
export async function startRedisCluster(options: { basePort?: number; masters?: number } = {}): Promise<RedisCluster> {
  const basePort = options.basePort ?? 17000;
  const count = (options.masters ?? 3) * 2;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyward-redis-cluster-'));
  const nodes: RedisNode[] = Array.from({ length: count }, (_, i) => ({ port: basePort + i, child: undefined }));
  const close = async () => {
    await Promise.all(nodes.map((node) => stopChild(node.child)));
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const node of nodes) {
      node.child = spawn(
        'redis-server',
        [
          '--port',
          String(node.port),
          '--bind',
          '127.0.0.1',
          '--protected-mode',
          'no',
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          path.join(dir, `nodes-${node.port}.conf`),
          // a dead master is detected within 2 s and its replica promoted right after
          '--cluster-node-timeout',
          '2000',
          '--cluster-replica-validity-factor',
          '0',
          '--save',
          '',
          '--appendonly',
          'no',
          '--dir',
          dir,
          '--maxmemory',
          '64mb',
          '--logfile',
          path.join(dir, `redis-${node.port}.log`),
        ],
        { stdio: 'ignore' },
      );
      node.child.on('error', () => undefined);
    }
    await waitFor(
      () => nodes.every((node) => cli(node.port, 'PING').includes('PONG')),
      'redis nodes answering PING',
      15_000,
    );
    const create = spawnSync(
      'redis-cli',
      [
        '--cluster',
        'create',
        ...nodes.map((node) => `127.0.0.1:${node.port}`),
        '--cluster-replicas',
        '1',
        '--cluster-yes',
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    if (create.status !== 0) throw new Error(`redis-cli --cluster create failed: ${create.stdout}${create.stderr}`);
    await waitFor(
      () => nodes.every((node) => cli(node.port, 'CLUSTER', 'INFO').includes('cluster_state:ok')),
      'cluster_state:ok on every node',
      30_000,
    );
    // every replica attached to its master (so a failover has a candidate)
    await waitFor(
      () => clusterNodes(basePort).filter((n) => n.flags.includes('slave') && n.master !== '-').length === count / 2,
      'replicas attached',
      30_000,
    );
  } catch (error) {
    await close();
    throw error;
  }
  const cluster: RedisCluster = {
    nodes,
    nodesEnv: nodes.map((node) => `127.0.0.1:${node.port}`).join(','),
    masters(askPort = basePort) {
      return clusterNodes(askPort)
        .filter((n) => n.flags.includes('master') && !n.flags.includes('fail'))
        .map((n) => n.port);
    },
    masterFor(key) {
      const slot = Number(cli(basePort, 'CLUSTER', 'KEYSLOT', key).trim());
      const master = clusterNodes(basePort).find(
        (n) => n.flags.includes('master') && n.slots.some(([from, to]) => slot >= from && slot <= to),
      );
      if (!master) throw new Error(`no master serves slot ${slot}`);
      return master.port;
    },
    async kill(port) {
      const node = nodes.find((n) => n.port === port)!;
      await stopChild(node.child, 'SIGKILL');
    },
    async waitForFailover(port, askPort, timeoutMs = 30_000) {
      await waitFor(
        () => cli(askPort, 'CLUSTER', 'INFO').includes('cluster_state:ok') && !cluster.masters(askPort).includes(port),
        `failover away from ${port}`,
        timeoutMs,
      );
    },
    close,
  };
  return cluster;
}

interface ClusterNodeLine {
  port: number;
  flags: string[];
  master: string;
  slots: Array<[number, number]>;
}

function clusterNodes(askPort: number): ClusterNodeLine[] {
  return cli(askPort, 'CLUSTER', 'NODES')
    .split('\n')
    .filter((line) => /^[0-9a-f]{40} /.test(line))
    .map((line) => {
      const parts = line.split(' ');
      const slots = parts.slice(8).flatMap((range): Array<[number, number]> => {
        if (range.startsWith('[')) return [];
        const [from, to] = range.split('-').map(Number);
        return [[from!, to ?? from!]];
      });
      return {
        port: Number(parts[1]!.split('@')[0]!.split(':').pop()),
        flags: parts[2]!.split(','),
        master: parts[3]!,
        slots,
      };
    });
}

async function waitFor(check: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

async function stopChild(child: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}
