import fs from 'node:fs';
import path from 'node:path';
import { stopNode } from '../harness/redis-process';

/** A redis-server the demo started: where it listens and its PID. */
export interface DemoRedisProcess {
  port: number;
  pid: number;
}

/**
 * Every redis-server recorded under the demo's folder: each node folder holds the `redis.conf`
 * the harness wrote (`port N`, `pidfile …`) and the pidfile redis-server wrote itself, and a
 * cluster folder holds `cluster.json`. Reading the folder rather than the objects the demo got
 * back also finds nodes of a start that was interrupted halfway.
 */
export function findDemoRedis(dir: string): DemoRedisProcess[] {
  const found = new Map<string, DemoRedisProcess>();
  const add = (port: number, pid: number) => {
    if (Number.isInteger(port) && Number.isInteger(pid) && pid > 0) found.set(`${port}/${pid}`, { port, pid });
  };
  const walk = (d: string, depth: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory() && depth < 3) walk(p, depth + 1);
      else if (e.name === 'redis.conf') {
        const conf = fs.readFileSync(p, 'utf8');
        const port = Number(/^port (\d+)$/m.exec(conf)?.[1]);
        const pidFile = /^pidfile (.+)$/m.exec(conf)?.[1];
        const pid = pidFile ? Number(readOr(pidFile, '').trim()) : NaN;
        add(port, pid);
      } else if (e.name === 'cluster.json') {
        try {
          const state = JSON.parse(fs.readFileSync(p, 'utf8')) as { nodes?: Array<{ port: number; pid: number }> };
          for (const n of state.nodes ?? []) add(n.port, n.pid);
        } catch {
          // half-written: the pidfiles still name the nodes
        }
      }
    }
  };
  walk(dir, 0);
  return [...found.values()];
}

function readOr(file: string, fallback: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}

/**
 * Stops every redis-server the demo started under `dir`, all at once: SIGTERM, then SIGKILL after
 * `graceMs`. stopNode checks that the PID is still a redis-server on that port first, so a
 * recycled PID is never signalled.
 */
export async function stopDemoRedis(dir: string, graceMs = 1500): Promise<DemoRedisProcess[]> {
  const nodes = findDemoRedis(dir);
  await Promise.all(nodes.map((n) => stopNode(n, graceMs)));
  return nodes;
}
