import calculateSlot from 'cluster-key-slot';
import { Command, type Cluster } from 'ioredis';
import { TickBatcher } from '../lib/tick-batcher';
import type { RedisArg } from './handle';

/**
 * An EVALSHA whose arguments are given flat. ioredis's Command copies its arguments with
 * Array.prototype.flat, which costs about 80 ns an element on Node 20 (a micro-benchmark: 75–87 ns
 * for strings, numbers or both), and its cluster auto-pipelining flattens them once more to find
 * the first key. An ack carries four arguments per task and a bulk enqueue several, so on a
 * cluster those copies were a visible share of a worker's and a producer's CPU (issue 18).
 */
class FlatCommand extends Command {
  constructor(args: RedisArg[]) {
    super('evalsha', [], { replyEncoding: 'utf8' });
    this.args = args;
    // What the constructor did for its (empty) arguments: numbers to strings, Buffers noted.
    (this as unknown as { stringifyArguments(): void }).stringifyArguments();
  }
}

interface Pending {
  cmd: FlatCommand;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

type IoPipeline = {
  sendCommand(c: Command): unknown;
  exec(): Promise<Array<[Error | null, unknown]> | null>;
};

/**
 * Sends a cluster client's script calls (EVALSHA) as ioredis's auto-pipelining does (the calls of
 * one turn of the event loop that go to the same master share one pipeline, so one write, flushed
 * on setImmediate), but builds each command from an argument array that is already flat and
 * groups it by its first key's slot, which the caller knows.
 * Redirections, reconnects and the offline queue are ioredis's Pipeline's, as with
 * auto-pipelining. Without auto-pipelining each call is sent on its own.
 */
export class ScriptPipeliner {
  /** The calls of this turn per master, flushed on setImmediate like ioredis's auto-pipelines. */
  private readonly batcher = new TickBatcher<string, Pending>((_group, list) => void this.send(list), 'immediate');

  constructor(
    private readonly client: Cluster,
    private readonly batch: boolean,
  ) {}

  /** EVALSHA sha with these keys and arguments; resolves with the reply, rejects with its error. */
  evalsha(sha: string, keys: readonly string[], args: readonly RedisArg[]): Promise<unknown> {
    const flat: RedisArg[] = new Array<RedisArg>(2 + keys.length + args.length);
    flat[0] = sha;
    flat[1] = keys.length;
    let at = 2;
    for (const k of keys) flat[at++] = k;
    for (const a of args) flat[at++] = a;
    const cmd = new FlatCommand(flat);
    const group = this.batch ? this.groupOf(keys[0]) : undefined;
    // No batching, or no slot map yet: ioredis routes (and waits for the map) itself.
    if (group === undefined) return this.client.sendCommand(cmd) as Promise<unknown>;
    return new Promise((resolve, reject) => this.batcher.add(group, { cmd, resolve, reject }));
  }

  /** The pipeline a call joins: the master (and replicas) serving its first key's slot. */
  private groupOf(key: string | undefined): string | undefined {
    const nodes = this.client.slots[calculateSlot(key ?? '')];
    return nodes && nodes.length > 0 ? nodes.join(',') : undefined;
  }

  private async send(list: Pending[]): Promise<void> {
    let results: Array<[Error | null, unknown]> | null;
    try {
      const p = (this.client as unknown as { pipeline(): IoPipeline }).pipeline();
      for (const x of list) p.sendCommand(x.cmd);
      results = await p.exec();
    } catch (e) {
      for (const x of list) x.reject(e);
      return;
    }
    list.forEach((x, i) => {
      const r = results?.[i];
      if (!r) x.reject(new Error('the script pipeline returned no reply for this call'));
      else if (r[0]) x.reject(r[0]);
      else x.resolve(r[1]);
    });
  }
}
