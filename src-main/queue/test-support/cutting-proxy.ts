import net from 'node:net';

/**
 * A TCP proxy in front of one Redis server that can lose a reply the way a failing network does:
 * once armed with a marker, it forwards the client's command containing it, then closes the
 * client's socket as soon as the server's reply arrives, so the command ran but its reply is lost.
 */
export class CuttingProxy {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private armed: Buffer[] = [];
  /** How many replies were cut. */
  cuts = 0;

  private constructor(private readonly target: { host: string; port: number }) {
    this.server = net.createServer((client) => this.pipe(client));
  }

  static async start(target: { host: string; port: number }): Promise<CuttingProxy> {
    const p = new CuttingProxy(target);
    await new Promise<void>((r) => p.server.listen(0, '127.0.0.1', r));
    return p;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  /** Cuts the connection on the reply to the next command whose bytes contain one of `markers`. */
  arm(...markers: string[]): void {
    this.armed = markers.map((m) => Buffer.from(m));
  }

  private pipe(client: net.Socket): void {
    const upstream = net.connect(this.target.port, this.target.host);
    this.sockets.add(client).add(upstream);
    let cutOnReply = false;
    client.on('data', (chunk) => {
      if (this.armed.some((m) => chunk.includes(m))) {
        this.armed = [];
        cutOnReply = true;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (cutOnReply) {
        this.cuts++;
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
