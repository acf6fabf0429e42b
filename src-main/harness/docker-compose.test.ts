import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/** No Docker engine runs here, so the compose file is checked by reading it. */
interface Service {
  image?: string;
  command?: string[];
  ports?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, unknown>;
  entrypoint?: string[];
}

const compose = parse(fs.readFileSync('docker-compose.cluster.yml', 'utf8')) as { services: Record<string, Service> };
const nodes = Object.entries(compose.services).filter(([name]) => name.startsWith('redis-'));

function flag(cmd: string[], name: string): string | undefined {
  const i = cmd.indexOf(name);
  return i === -1 ? undefined : cmd[i + 1];
}

describe('docker-compose.cluster.yml', () => {
  it('has six cluster-enabled nodes on host ports 7000-7005', () => {
    expect(nodes).toHaveLength(6);
    const ports = nodes.map(([, s]) => Number(flag(s.command!, '--port'))).sort();
    expect(ports).toEqual([7000, 7001, 7002, 7003, 7004, 7005]);
    for (const [, s] of nodes) expect(flag(s.command!, '--cluster-enabled')).toBe('yes');
  });

  it('publishes each client port and bus port and announces them, so the host can follow redirects', () => {
    for (const [name, s] of nodes) {
      const port = Number(flag(s.command!, '--port'));
      expect(s.ports, name).toEqual([`${port}:${port}`, `${port + 10000}:${port + 10000}`]);
      expect(flag(s.command!, '--cluster-announce-port'), name).toBe(String(port));
      expect(flag(s.command!, '--cluster-announce-bus-port'), name).toBe(String(port + 10000));
      expect(flag(s.command!, '--cluster-announce-ip'), name).toMatch(/SLOTLINE_ANNOUNCE_IP/);
    }
  });

  it('checks health with cluster_state:ok', () => {
    for (const [name, s] of nodes)
      expect(s.healthcheck?.test.join(' '), name).toMatch(/cluster info \| grep -q cluster_state:ok/);
  });

  it('has an init service that creates 3 masters with 1 replica each from all six nodes', () => {
    const init = compose.services['cluster-init'];
    expect(init).toBeDefined();
    expect(Object.keys(init!.depends_on ?? {}).sort()).toEqual(nodes.map(([n]) => n).sort());
    const script = init!.entrypoint!.join(' ');
    expect(script).toMatch(/--cluster create/);
    expect(script).toMatch(/--cluster-replicas 1/);
    for (let p = 7000; p <= 7005; p++) expect(script).toContain(`:${p}`);
  });
});
