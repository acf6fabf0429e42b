import fs from 'node:fs';
import { findFreePortRange } from './free-port';
import { startRedisServer, stopNode, type RedisNodeProcess } from './redis-process';

export interface LocalRedis extends RedisNodeProcess {
  url: string;
  /** Stops the server by PID and removes its folder. */
  stop(): Promise<void>;
}

/** Starts one plain redis-server on a free (or given) loopback port, with its own folder. */
export async function startLocalRedis(o: {
  dir: string;
  port?: number;
  password?: string;
  extraConfig?: string[];
}): Promise<LocalRedis> {
  const port = o.port ?? (await findFreePortRange(1));
  const node = await startRedisServer({ port, dir: o.dir, password: o.password, extraConfig: o.extraConfig });
  const redis: LocalRedis = {
    ...node,
    url: `redis://127.0.0.1:${port}`,
    // Reads `pid` at stop time: a test that restarts the server records the new PID here.
    async stop() {
      await stopNode(redis);
      fs.rmSync(o.dir, { recursive: true, force: true });
    },
  };
  return redis;
}
