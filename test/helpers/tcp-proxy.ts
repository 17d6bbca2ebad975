import net from 'node:net';
import { createTestDatabase, testDialect, type TestDatabase } from './test-database';

/**
 * A TCP proxy in front of a database, so a test can cut the database off (every connection
 * dropped, new ones closed at once) and bring it back, without touching the real server.
 */
export class TcpProxy {
  private readonly sockets = new Set<net.Socket>();
  private up = true;
  private silent = false;
  private readonly held = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  static async start(targetHost: string, targetPort: number, options: { up?: boolean } = {}): Promise<TcpProxy> {
    let proxy!: TcpProxy;
    const server = net.createServer((client) => {
      if (!proxy.up) {
        if (proxy.silent) {
          // accepted but never answered, like a firewall dropping packets
          proxy.held.add(client);
          client.on('error', () => undefined);
          client.on('close', () => proxy.held.delete(client));
        } else {
          client.destroy();
        }
        return;
      }
      const upstream = net.connect(targetPort, targetHost);
      for (const socket of [client, upstream]) {
        proxy.sockets.add(socket);
        socket.on('close', () => proxy.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy = new TcpProxy(server, (server.address() as net.AddressInfo).port);
    proxy.up = options.up ?? true;
    return proxy;
  }

  /** The database becomes unreachable: open connections drop, new ones are closed at once. */
  cut(): void {
    this.up = false;
    for (const socket of this.sockets) socket.destroy();
  }

  /**
   * Like cut(), but new connections are accepted and then never answered (no reset): a client only
   * notices through its own timeouts, as behind a firewall that drops packets.
   */
  cutSilently(): void {
    this.cut();
    this.silent = true;
  }

  restore(): void {
    this.up = true;
    this.silent = false;
    for (const socket of this.held) socket.destroy();
  }

  async close(): Promise<void> {
    this.cut();
    for (const socket of this.held) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export interface ProxiedDatabase {
  /** The database itself (reached directly). */
  db: TestDatabase;
  proxy: TcpProxy;
  /** The same database reached through the proxy: what the server under test is given. */
  proxied: TestDatabase;
  /** Closes the proxy and drops the database. */
  close(): Promise<void>;
}

/** A fresh MariaDB test database behind a TcpProxy that a test can cut. */
export async function startProxiedDatabase(): Promise<ProxiedDatabase> {
  const db = await createTestDatabase();
  if (db.config.type !== 'mysql') throw new Error('a proxied database is a networked one (MariaDB)');
  const direct = db.config;
  const proxy = await TcpProxy.start(direct.host, direct.port);
  const url = new URL(db.url);
  url.host = `127.0.0.1:${proxy.port}`;
  const proxied = { ...db, url: url.toString(), config: { ...direct, url: url.toString(), port: proxy.port } };
  return {
    db,
    proxy,
    proxied,
    async close() {
      await proxy.close();
      await db.drop();
    },
  };
}

/**
 * Cases that need a database server behind the network run on MariaDB only: an embedded SQLite file
 * is opened by the process itself and cannot become unreachable. The body gets the suite's proxied
 * database (startProxiedDatabase in beforeAll, closed in the last afterAll): `proxy` to cut and restore,
 * `proxied` to give the server under test; both usable from the beforeAll on.
 */
export function describeWithProxiedDatabase(
  name: string,
  body: (database: {
    proxy: Pick<TcpProxy, 'port' | 'cut' | 'cutSilently' | 'restore'>;
    proxied: TestDatabase;
  }) => void,
): void {
  (testDialect() === 'mariadb' ? describe : describe.skip)(name, () => {
    let database: ProxiedDatabase | undefined;
    beforeAll(async () => {
      database = await startProxiedDatabase();
    });
    const current = () => {
      if (!database) throw new Error('the proxied database runs between beforeAll and afterAll only');
      return database;
    };
    body({
      proxy: {
        get port() {
          return current().proxy.port;
        },
        cut: () => current().proxy.cut(),
        cutSilently: () => current().proxy.cutSilently(),
        restore: () => current().proxy.restore(),
      },
      proxied: {
        get config() {
          return current().proxied.config;
        },
        get url() {
          return current().proxied.url;
        },
        drop: () => current().proxied.drop(),
      },
    });
    // after the body's own afterAll hooks: its servers close before their database goes
    afterAll(() => database?.close());
  });
}
