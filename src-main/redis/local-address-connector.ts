import net from 'node:net';
import tls from 'node:tls';
import { AbstractConnector, type RedisOptions } from 'ioredis';
import { requireLoopback } from '../harness/loopback-address';

type Stream = Awaited<ReturnType<AbstractConnector['connect']>>;

/**
 * ioredis's StandaloneConnector passes only host, port and family to `net.connect`, so a
 * `localAddress` in the options never reaches the socket. This connector is the same TCP (or
 * TLS) connect with the source address set, so a client can be placed on one side of a
 * partition drill's split.
 */
class LocalAddressConnector extends AbstractConnector {
  private readonly options: RedisOptions & { localAddress: string };

  constructor(options: unknown) {
    const o = options as RedisOptions & { localAddress: string };
    super(o.disconnectTimeout ?? 2000);
    this.options = o;
  }

  connect(): Promise<Stream> {
    this.connecting = true;
    const o = this.options;
    const target = { host: o.host ?? '127.0.0.1', port: o.port ?? 6379, localAddress: o.localAddress };
    return new Promise((resolve, reject) => {
      // Same as ioredis: connect on the next tick, after a disconnect() in between is seen.
      process.nextTick(() => {
        if (!this.connecting) return reject(new Error('Connection is closed.'));
        try {
          this.stream = o.tls ? tls.connect({ ...o.tls, ...target }) : net.createConnection(target);
        } catch (e) {
          return reject(e as Error);
        }
        this.stream.once('error', (err: Error) => {
          this.firstError = err;
        });
        resolve(this.stream);
      });
    });
  }
}

/**
 * ioredis options that make every socket of a client (and, in `redisOptions`, of every cluster
 * node) connect from `localAddress`, a loopback address (127.0.0.0/8) only.
 */
export function localAddressOptions(localAddress: string): Pick<RedisOptions, 'Connector'> & { localAddress: string } {
  return { Connector: LocalAddressConnector, localAddress: requireLoopback(localAddress, 'localAddress') };
}
