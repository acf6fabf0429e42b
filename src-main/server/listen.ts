import type { Server } from 'node:http';
import { ServeError } from './serve-error';
import { isLoopbackHost } from './request-guard';

/** Refuses a non-loopback host unless remote access was asked for explicitly. */
export function checkBindHost(
  host: string,
  allowRemote: boolean,
  command: string,
  exposure = 'anyone who can reach it and has the token can use it',
): void {
  if (!allowRemote && !isLoopbackHost(host)) {
    throw new ServeError(
      'remote-refused',
      `--host ${host} is not a loopback address: ${command} listens on 127.0.0.1 unless you add --allow-remote (${exposure})`,
    );
  }
}

/** Listens, turning EADDRINUSE and friends into clear errors. Resolves with the bound port. */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (e.code === 'EADDRINUSE') {
        reject(
          new ServeError(
            'port-in-use',
            `port ${port} on ${host} is already in use: choose another with --port, or --port 0 for a free one`,
          ),
        );
      } else if (e.code === 'EACCES') {
        reject(new ServeError('port-denied', `port ${port} on ${host} needs more privileges: use a port above 1024`));
      } else if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND') {
        reject(new ServeError('bad-host', `cannot listen on ${host}: no such local address`));
      } else reject(e);
    };
    const onListening = () => {
      server.off('error', onError);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/** `http://host:port` with IPv6 hosts bracketed. */
export function baseUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
