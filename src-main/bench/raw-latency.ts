import { Redis } from 'ioredis';
import { latencySummary } from './stats';

/** Physical floor for the latency scenario: plain ioredis on the same server, same pacing. */
export interface RawLatency {
  /** PING round trip, ms. */
  ping: { p50: number; p99: number; max: number; n: number };
  /** RPUSH on one connection → BLPOP returns on another, ms (what a blocked worker's wake-up costs). */
  wake: { p50: number; p99: number; max: number; n: number };
}

/** PINGs and RPUSH→BLPOP wake-ups at `rate` per second for `seconds`. */
export async function measureRawLatency(port: number, rate: number, seconds: number): Promise<RawLatency> {
  const cmd = new Redis({ host: '127.0.0.1', port });
  const blocked = new Redis({ host: '127.0.0.1', port });
  const key = `bench:raw-latency:${process.pid}`;
  const ping: number[] = [];
  const wake: number[] = [];
  try {
    await Promise.all([cmd.ping(), blocked.ping()]);
    let waiting = true;
    const waiter = (async () => {
      while (waiting) {
        const r = await blocked.blpop(key, 0.2);
        if (r) wake.push(performance.now() - Number(r[1]));
      }
    })();
    const total = Math.round(rate * seconds);
    const t0 = performance.now();
    const deadline = t0 + seconds * 1000 + 10000;
    let sent = 0;
    while (sent < total && performance.now() < deadline) {
      const due = Math.min(total, Math.floor(((performance.now() - t0) * rate) / 1000) + 1);
      while (sent < due) {
        sent++;
        const s = performance.now();
        void cmd.ping().then(() => ping.push(performance.now() - s));
        void cmd.rpush(key, String(performance.now()));
      }
      await new Promise((r) => setTimeout(r, 1));
    }
    await new Promise((r) => setTimeout(r, 300));
    waiting = false;
    await waiter;
    await cmd.del(key);
  } finally {
    cmd.disconnect();
    blocked.disconnect();
  }
  return { ping: latencySummary(ping), wake: latencySummary(wake) };
}
