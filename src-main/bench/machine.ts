import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Facts about the machine and versions, recorded with every run. */
export interface MachineFacts {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  node: string;
  redisServer: string;
  ioredis: string;
  bullmq: string;
  /** Bee-Queue's installed version (absent in results written before the Bee-Queue row). */
  beeQueue?: string;
  platform: string;
  /** 1-minute load average at start and end: other work on the machine shows here. */
  loadavgStart: number;
  loadavgEnd?: number;
  /** 1-minute load sampled every 10 s during the run (a run is quiet only if these stay low too). */
  loadavgSamples?: number[];
}

/** Samples the 1-minute load every `everyMs` into `into` until the returned stop is called. */
export function sampleLoad(into: number[], everyMs = 10_000): () => void {
  const timer = setInterval(() => into.push(Number(os.loadavg()[0]!.toFixed(2))), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

function pkgVersion(name: string): string {
  try {
    const file = path.join(process.cwd(), 'node_modules', name, 'package.json');
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export function machineFacts(): MachineFacts {
  let redisServer = 'unknown';
  try {
    redisServer = /v=(\S+)/.exec(execFileSync('redis-server', ['--version'], { encoding: 'utf8' }))?.[1] ?? 'unknown';
  } catch {
    /* reported as unknown */
  }
  return {
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    redisServer,
    ioredis: pkgVersion('ioredis'),
    bullmq: pkgVersion('bullmq'),
    beeQueue: pkgVersion('bee-queue'),
    platform: `${os.platform()} ${os.release()}`,
    loadavgStart: os.loadavg()[0]!,
  };
}
