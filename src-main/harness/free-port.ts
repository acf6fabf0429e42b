import net from 'node:net';

function canListen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/** True when nothing listens on host:port (default 127.0.0.1). */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return canListen(port, host);
}

/**
 * Finds `count` consecutive free ports whose cluster-bus twins (port + 10000) are free too.
 * Ports are drawn at random in 20000–54999 so parallel test files rarely race for the same range.
 */
export async function findFreePortRange(count: number, attempts = 50): Promise<number> {
  for (let a = 0; a < attempts; a++) {
    const base = 20000 + Math.floor(Math.random() * (55000 - 20000 - count));
    let ok = true;
    for (let i = 0; i < count && ok; i++) {
      ok = (await canListen(base + i)) && (await canListen(base + i + 10000));
    }
    if (ok) return base;
  }
  throw new Error(
    `no ${count} consecutive free ports (with +10000 bus ports) found on 127.0.0.1 after ${attempts} tries`,
  );
}
