import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queue } from '../queue/queue';
import type { RedisHandle } from '../redis/handle';
import { queueFixture } from '../testing/queue-fixture';
import { changedKeys, digestAll } from '../testing/redis-digest';
import { redisTarget } from '../testing/redis-target';
import { tempDir } from './serve-test-support';
import { commonCases, exporterCases, runBarrage, serveCases } from './malformed-http-cases';

/**
 * Acceptance (issue 11): a barrage of malformed HTTP requests — bad targets, headers, bodies,
 * methods, huge and truncated bodies, bad WebSocket upgrades — sent as raw bytes over node:net to
 * a real `slotline serve` and a real `slotline exporter` (CLI processes, sharing one data dir),
 * against the suite's real Redis. Each must get a 4xx with a short text or JSON body and no
 * stack; both processes must still answer a good request afterwards; Redis must be unchanged.
 * The first cases (`http://[` targets) are defect 2: they killed both processes before.
 */
const target = redisTarget();
const root = path.resolve(import.meta.dirname, '../..');

interface Cli {
  child: ChildProcess;
  output: () => string;
  port: number;
}

function cliEnv(): NodeJS.ProcessEnv {
  const s = target.settings;
  const env: NodeJS.ProcessEnv = { ...process.env, SLOTLINE_DEBUG: '' };
  delete env.REDIS_URL;
  delete env.REDIS_CLUSTER_NODES;
  if (s.mode === 'single') Object.assign(env, { REDIS_CLUSTER_ENABLED: 'false', REDIS_URL: s.url });
  else
    Object.assign(env, {
      REDIS_CLUSTER_ENABLED: 'true',
      REDIS_CLUSTER_NODES: s.nodes.map((n) => `${n.host}:${n.port}`).join(','),
    });
  return env;
}

async function startCli(args: string[], ready: RegExp, env: NodeJS.ProcessEnv): Promise<Cli & { match: string }> {
  const child = spawn(process.execPath, ['bin/slotline.mjs', ...args], { cwd: root, env, stdio: 'pipe' });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const m = ready.exec(text);
    if (m) return { child, output: () => text, port: Number(m[1]), match: m[0] };
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`slotline ${args[0]} did not start:\n${text}`);
    await delay(100);
  }
}

describe(`malformed HTTP against real serve and exporter processes on ${target.mode} Redis (needs Redis)`, () => {
  const fx = queueFixture();
  const dataDir = tempDir('sl-malformed-data');
  const web = tempDir('sl-malformed-web');
  let handle: RedisHandle;
  let q: Queue;
  let serve: Cli & { token: string };
  let exporter: Cli;

  beforeAll(async () => {
    handle = await fx.handle();
    q = await fx.queue();
    await q.enqueueBulk(Array.from({ length: 20 }, (_, i) => ({ payload: { i } })));
    fs.writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>Slotline console</title>');
    const env = { ...cliEnv(), SLOTLINE_WEB_ROOT: web };
    const [s, e] = await Promise.all([
      startCli(['serve', '--port', '0', '--data-dir', dataDir], /open http:\/\/127\.0\.0\.1:(\d+)\/#token=(\S+)/, env),
      startCli(['exporter', '--port', '0', '--data-dir', dataDir], /: http:\/\/127\.0\.0\.1:(\d+)\/metrics/, env),
    ]);
    serve = { ...s, token: /#token=(\S+)/.exec(s.match)![1]! };
    exporter = e;
  });

  afterAll(async () => {
    for (const p of [serve?.child, exporter?.child]) {
      if (p && p.exitCode === null) {
        p.kill('SIGTERM');
        await Promise.race([new Promise((r) => p.once('exit', r)), delay(5000)]);
      }
    }
    await fx.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(web, { recursive: true, force: true });
  });

  it('each gets a short 4xx, both keep serving, and Redis is unchanged', async () => {
    const before = await digestAll(handle);
    const serveHost = `127.0.0.1:${serve.port}`;
    const exporterHost = `127.0.0.1:${exporter.port}`;
    const toServe = [...commonCases(serveHost), ...serveCases(serveHost, serve.token, q.name)];
    const toExporter = [...commonCases(exporterHost), ...exporterCases(exporterHost)];
    expect(toServe.length).toBeGreaterThanOrEqual(50);
    expect(toExporter.length).toBeGreaterThanOrEqual(50);

    const problems = [
      ...(await runBarrage(serve.port, toServe)).map((p) => `serve: ${p}`),
      ...(await runBarrage(exporter.port, toExporter)).map((p) => `exporter: ${p}`),
    ];
    expect(problems).toEqual([]);
    process.stdout.write(`malformed HTTP: ${toServe.length} to serve, ${toExporter.length} to the exporter\n`);

    // Both processes are alive and answer a good request.
    expect(serve.child.exitCode).toBeNull();
    expect(exporter.child.exitCode).toBeNull();
    const session = await fetch(`http://${serveHost}/api/session`, {
      headers: { Authorization: `Bearer ${serve.token}` },
    });
    expect(session.status).toBe(200);
    const metrics = await fetch(`http://${exporterHost}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/^slotline_/m);
    // No stack in either process's log either.
    expect(serve.output()).not.toMatch(/\n\s+at /);
    expect(exporter.output()).not.toMatch(/\n\s+at /);

    expect(changedKeys(before, await digestAll(handle)), 'keys the requests changed').toEqual([]);
    expect((await q.counts()).waiting).toBe(20);
  });
});
