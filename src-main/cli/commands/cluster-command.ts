import os from 'node:os';
import path from 'node:path';
import { addMaster, rebalance, removeMaster } from '../../harness/cluster-ops';
import { startLocalCluster, LocalCluster } from '../../harness/local-cluster';
import { parseHostList, parseHostRange } from '../../harness/loopback-address';
import { intFlag, parseCommand } from '../args';
import { UsageError } from '../cli-error';
import type { CliIo } from '../io';

export const DEFAULT_CLUSTER_DIR = path.join(os.tmpdir(), 'slotline-cluster');

const HELP = `slotline cluster — a real Redis Cluster on this machine (redis-server processes, no Docker)

  slotline cluster up [--masters 3] [--replicas 1] [--port BASE] [--dir DIR] [--node-timeout MS] [--json]
                     [--hosts 127.0.0.11,127.0.0.12,… | --host-range 127.0.0.11-16]
                     [--min-replicas-to-write N] [--min-replicas-max-lag S]
  slotline cluster status [--dir DIR] [--json]
  slotline cluster kill <port> [--dir DIR]        SIGKILL one node (a failover drill)
  slotline cluster restart <port> [--dir DIR]     start a killed node again; it rejoins
  slotline cluster down [--dir DIR]               stop exactly this cluster's processes
  slotline cluster add-master [--replicas 1] [--port BASE] [--dir DIR]
                                                  start a new master (and replicas) and join it
  slotline cluster rebalance [--dir DIR]          spread the slots evenly, empty masters included
  slotline cluster remove-master <port> [--dir DIR]
                                                  move its slots away, remove it and its replicas

DIR defaults to ${DEFAULT_CLUSTER_DIR}.
--hosts / --host-range put each node on its own loopback address (127.0.0.0/8 only; one per
node, masters first), bound and announced (cluster-announce-ip), so a partition drill can cut
between them. --min-replicas-to-write N makes a master refuse writes while fewer than N replicas
acknowledged it within --min-replicas-max-lag seconds (Redis default 10).`;

export async function clusterCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseCommand(`cluster ${sub ?? ''}`.trim(), rest, {
    masters: { type: 'string' },
    replicas: { type: 'string' },
    port: { type: 'string' },
    dir: { type: 'string' },
    'node-timeout': { type: 'string' },
    hosts: { type: 'string' },
    'host-range': { type: 'string' },
    'min-replicas-to-write': { type: 'string' },
    'min-replicas-max-lag': { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help || sub === undefined || sub === 'help') {
    io.out(HELP);
    return sub === undefined ? 2 : 0;
  }
  const dir = path.resolve(String(values.dir ?? DEFAULT_CLUSTER_DIR));
  switch (sub) {
    case 'up': {
      if (values.hosts !== undefined && values['host-range'] !== undefined)
        throw new UsageError('--hosts and --host-range: give one of them, not both');
      const hosts =
        typeof values.hosts === 'string'
          ? parseHostList(values.hosts, '--hosts')
          : typeof values['host-range'] === 'string'
            ? parseHostRange(values['host-range'], '--host-range')
            : undefined;
      const cluster = await startLocalCluster({
        hosts,
        minReplicasToWrite:
          values['min-replicas-to-write'] === undefined
            ? undefined
            : intFlag('min-replicas-to-write', values['min-replicas-to-write'], 0, 0, 5),
        minReplicasMaxLagS:
          values['min-replicas-max-lag'] === undefined
            ? undefined
            : intFlag('min-replicas-max-lag', values['min-replicas-max-lag'], 10, 1, 3600),
        dir,
        masters: intFlag('masters', values.masters, 3, 1, 50),
        replicasPerMaster: intFlag('replicas', values.replicas, 1, 0, 5),
        basePort: values.port === undefined ? undefined : intFlag('port', values.port, 0, 1, 55535),
        nodeTimeoutMs: intFlag('node-timeout', values['node-timeout'], 2000, 100, 600000),
      });
      if (values.json) io.out(JSON.stringify({ dir, seeds: cluster.seedList, nodes: await cluster.status() }, null, 2));
      else {
        io.out(`cluster ready in ${dir}`);
        io.out(`seeds: ${cluster.seedList}`);
        io.out(`use:   REDIS_CLUSTER_ENABLED=true REDIS_CLUSTER_NODES=${cluster.seedList}`);
      }
      return 0;
    }
    case 'status': {
      const cluster = LocalCluster.open(dir);
      const status = await cluster.status();
      if (values.json) {
        io.out(JSON.stringify({ dir, seeds: cluster.seedList, nodes: status }, null, 2));
      } else {
        io.out('port   pid      alive  role     master  slots  link');
        for (const s of status) {
          io.out(
            `${String(s.port).padEnd(6)} ${String(s.pid).padEnd(8)} ${(s.alive ? 'yes' : 'no').padEnd(6)} ${s.role.padEnd(8)} ${String(s.masterPort ?? '-').padEnd(7)} ${String(s.slots).padEnd(6)} ${s.linkStatus ?? '-'}`,
          );
        }
      }
      return 0;
    }
    case 'kill':
    case 'restart': {
      const port = positionals[0];
      if (port === undefined)
        throw new UsageError(`slotline cluster ${sub} needs a port: slotline cluster ${sub} <port> [--dir DIR]`);
      const cluster = LocalCluster.open(dir);
      const p = intFlag('port', port, 0, 1, 65535);
      if (sub === 'kill') {
        await cluster.kill(p);
        io.out(`killed node ${p} (SIGKILL)`);
      } else {
        const n = await cluster.restart(p);
        io.out(`restarted node ${p} (pid ${n.pid}); it rejoins the cluster`);
      }
      return 0;
    }
    case 'down': {
      const cluster = LocalCluster.open(dir);
      await cluster.stop();
      io.out(`stopped ${cluster.state.nodes.length} nodes (${cluster.ports.join(', ')}) and removed ${dir}`);
      return 0;
    }
    case 'add-master': {
      const cluster = LocalCluster.open(dir);
      const added = await addMaster(cluster, {
        replicas: intFlag('replicas', values.replicas, 1, 0, 5),
        basePort: values.port === undefined ? undefined : intFlag('port', values.port, 0, 1, 55535),
      });
      const [master, ...replicas] = added;
      io.out(
        `added master ${master!.port} (pid ${master!.pid})` +
          (replicas.length ? ` with replicas ${replicas.map((r) => `${r.port} (pid ${r.pid})`).join(', ')}` : '') +
          `; it holds no slots until: slotline cluster rebalance --dir ${dir}`,
      );
      return 0;
    }
    case 'rebalance': {
      const cluster = LocalCluster.open(dir);
      const started = Date.now();
      const r = await rebalance(cluster, { log: (line) => io.err(`cluster: ${line}`) });
      if (r.attempts > 1) io.err(`cluster: rebalance took ${r.attempts} attempts (${r.fixes} fix(es) of open slots)`);
      const masters = (await cluster.status()).filter((s) => s.role === 'master');
      io.out(`rebalanced in ${Date.now() - started} ms: ${masters.map((m) => `${m.port}=${m.slots}`).join(' ')} slots`);
      return 0;
    }
    case 'remove-master': {
      const port = positionals[0];
      if (port === undefined)
        throw new UsageError('slotline cluster remove-master needs a port: slotline cluster remove-master <port>');
      const cluster = LocalCluster.open(dir);
      const removed = await removeMaster(cluster, intFlag('port', port, 0, 1, 65535), {
        log: (line) => io.err(`cluster: ${line}`),
      });
      io.out(`removed ${removed.map((n) => `${n.port} (pid ${n.pid})`).join(', ')}; its slots moved to the others`);
      return 0;
    }
    default:
      throw new UsageError(
        `slotline cluster ${sub}: unknown subcommand: expected up, status, kill, restart, down, add-master, rebalance or remove-master`,
      );
  }
}
