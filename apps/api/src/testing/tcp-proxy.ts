import net from 'node:net';

type Mode = 'forward' | 'stall';

/**
 * A TCP proxy the test controls, to take a dependency away from one API
 * instance without touching the shared servers other suites use.
 *  - cut():   connections are reset and new ones refused (server down);
 *  - stall(): connections are accepted but nothing comes back (server hung, packets dropped);
 *  - restore(): back to normal, on the same port.
 */
export class TcpProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private mode: Mode = 'forward';
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<number> {
    const server = net.createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as net.AddressInfo).port;
    return this.port;
  }

  async cut(): Promise<void> {
    this.dropConnections();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Existing and new connections stay open but no byte goes through either way. */
  stall(): void {
    this.mode = 'stall';
    for (const socket of this.sockets) {
      socket.unpipe();
      socket.pause();
    }
  }

  async restore(): Promise<void> {
    this.dropConnections();
    this.mode = 'forward';
    if (!this.server) await this.start();
  }

  /** The same connection URL with host and port pointing at this proxy. */
  url(original: string): string {
    const parsed = new URL(original);
    parsed.hostname = '127.0.0.1';
    parsed.port = String(this.port);
    return parsed.toString();
  }

  async stop(): Promise<void> {
    await this.cut();
  }

  private accept(client: net.Socket): void {
    this.track(client);
    client.on('error', () => client.destroy());
    if (this.mode === 'stall') {
      client.pause();
      return;
    }
    const upstream = net.connect(this.targetPort, this.targetHost);
    this.track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    const destroyBoth = () => {
      client.destroy();
      upstream.destroy();
    };
    upstream.on('error', destroyBoth);
    client.on('close', destroyBoth);
    upstream.on('close', destroyBoth);
  }

  private dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }
}
