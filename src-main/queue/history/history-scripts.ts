import type { RedisHandle } from '../../redis/handle';
import type { ScriptPartition } from '../queue-scripts';
import { keysFor } from '../script-keys';
import type { ScriptSet } from '../scripts';
import type { RangePlan } from './history-layout';

/** One partition's history over a range: the server's now, the first point's index, a row per point. */
export interface PartitionHistory {
  now: number;
  first: number;
  rows: Array<Map<string, number>>;
}

/**
 * The typed wrappers of history-sample-3.lua and history-read-1.lua (the ack and fail scripts'
 * history arguments are in QueueScripts). Kept beside the history so queue-scripts.ts stays short.
 */
export class HistoryScripts {
  private readonly sampleName: string;
  private readonly readName: string;

  constructor(
    private readonly handle: RedisHandle,
    set: ScriptSet,
  ) {
    const sample = set.get('history-sample')!;
    const read = set.get('history-read')!;
    handle.defineScripts([sample, read]);
    this.sampleName = sample.name;
    this.readName = read.name;
  }

  /** Writes the current minute's depth sample unless it has one; true when this call wrote it. */
  async sample(p: ScriptPartition): Promise<boolean> {
    return (await this.handle.runScript<number>(this.sampleName, keysFor('history-sample', p.keys), [])) === 1;
  }

  /** The partition's points of a range, summed server-side (depth and age: their largest). */
  async read(p: ScriptPartition, plan: RangePlan): Promise<PartitionHistory> {
    const r = await this.handle.runScript<[number, number, ...string[][]]>(
      this.readName,
      keysFor('history-read', p.keys),
      [plan.tier, plan.step, plan.points],
    );
    const rows = (r.slice(2) as string[][]).map((flat) => {
      const m = new Map<string, number>();
      for (let i = 0; i + 1 < flat.length; i += 2) m.set(flat[i]!, Number(flat[i + 1]));
      return m;
    });
    return { now: Number(r[0]), first: Number(r[1]), rows };
  }
}
