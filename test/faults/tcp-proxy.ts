/**
 * A TCP proxy on 127.0.0.1 between the app and PostgreSQL, so a test can make "the database" go
 * away and come back without touching the shared PostgreSQL server:
 *
 * - down():      every proxied connection is closed and new ones are closed as soon as they are
 *                accepted (the server stopped, or a firewall rejects);
 * - blackhole(): connections stay open but nothing gets through either way, and new connections
 *                are accepted and never answered (a network partition, a frozen host);
 * - up():        traffic flows again. Connections opened during or before a blackhole are reset,
 *                as the peer would when the path returns and it no longer knows them.
 */
import net from 'node:net';

type Mode = 'up' | 'down' | 'blackhole';

interface Pair {
  readonly client: net.Socket;
  upstream: net.Socket | undefined;
  blackholed: boolean;
}

export class TcpProxy {
  #mode: Mode = 'up';
  readonly #pairs = new Set<Pair>();
  /** Connections accepted (a count, for assertions that the app really reconnected). */
  accepted = 0;

  private readonly server: net.Server;
  readonly port: number;
  private readonly target: { host: string; port: number };

  private constructor(server: net.Server, port: number, target: { host: string; port: number }) {
    this.server = server;
    this.port = port;
    this.target = target;
  }

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const proxy = new TcpProxy(server, (server.address() as net.AddressInfo).port, target);
    server.on('connection', (socket) => proxy.#accept(socket));
    return proxy;
  }

  get mode(): Mode {
    return this.#mode;
  }

  /** Connections currently open through the proxy. */
  get open(): number {
    return this.#pairs.size;
  }

  #accept(client: net.Socket): void {
    this.accepted++;
    client.on('error', () => {});
    if (this.#mode === 'down') {
      client.destroy();
      return;
    }
    const pair: Pair = { client, upstream: undefined, blackholed: false };
    this.#pairs.add(pair);
    client.once('close', () => {
      pair.upstream?.destroy();
      this.#pairs.delete(pair);
    });
    if (this.#mode === 'blackhole') {
      this.#swallow(pair);
      return;
    }
    const upstream = net.connect(this.target.port, this.target.host);
    pair.upstream = upstream;
    upstream.on('error', () => client.destroy());
    upstream.once('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  }

  /** Reads and drops everything from both sides, answering nothing. */
  #swallow(pair: Pair): void {
    pair.blackholed = true;
    if (pair.upstream) {
      pair.client.unpipe(pair.upstream);
      pair.upstream.unpipe(pair.client);
      pair.upstream.on('data', () => {});
      pair.upstream.resume();
    }
    pair.client.on('data', () => {});
    pair.client.resume();
  }

  down(): void {
    this.#mode = 'down';
    for (const pair of this.#pairs) {
      pair.upstream?.destroy();
      pair.client.destroy();
    }
  }

  blackhole(): void {
    this.#mode = 'blackhole';
    for (const pair of this.#pairs) if (!pair.blackholed) this.#swallow(pair);
  }

  up(): void {
    this.#mode = 'up';
    for (const pair of this.#pairs) {
      if (!pair.blackholed) continue;
      pair.upstream?.destroy();
      pair.client.resetAndDestroy();
    }
  }

  async close(): Promise<void> {
    this.down();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
