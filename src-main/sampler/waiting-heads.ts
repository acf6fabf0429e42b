import type { PartitionKeys } from '../queue/keys';
import { parseRecord } from '../queue/task-record';
import type { RedisHandle } from '../redis/handle';

/** What a head read needs of a partition. */
export type HeadKeys = Pick<PartitionKeys, 'tag' | 'wait' | 'data'>;

interface Head {
  id: string;
  createdAt: number | undefined;
}

/**
 * The enqueue time of the oldest task at the head of a queue's partitions, for the console's
 * "oldest waiting" age and the oldest-waiting alert rule. Per partition: ZRANGE wait 0 0 (the next
 * task to run); its record is read (HGET) only when the head changed since the last read, so a
 * stuck queue, the case the age is for, costs one ZRANGE per partition. With priorities the head
 * is the next task to run, so an older low-priority task behind it is not seen.
 */
export class WaitingHeads {
  private readonly heads = new Map<string, Head>();

  constructor(private readonly handle: RedisHandle) {}

  /** The earliest `createdAt` of the partitions' heads; null when none waits (or no head has one). */
  async oldestAt(parts: readonly HeadKeys[]): Promise<number | null> {
    const times = await Promise.all(parts.map((p) => this.headOf(p)));
    const known = times.filter((t): t is number => t !== undefined);
    return known.length ? Math.min(...known) : null;
  }

  /** Drops what is known of partitions not in `tags` (queues removed, generations drained). */
  retain(tags: ReadonlySet<string>): void {
    for (const tag of [...this.heads.keys()]) if (!tags.has(tag)) this.heads.delete(tag);
  }

  private async headOf(p: HeadKeys): Promise<number | undefined> {
    const [id] = (await this.handle.call('ZRANGE', p.wait, 0, 0)) as string[];
    if (id === undefined) {
      this.heads.delete(p.tag);
      return undefined;
    }
    const known = this.heads.get(p.tag);
    if (known?.id === id) return known.createdAt;
    const raw = (await this.handle.call('HGET', p.data, id)) as string | null;
    const created = raw === null ? undefined : parseRecord(raw)?.createdAt;
    const head = { id, createdAt: typeof created === 'number' ? created : undefined };
    this.heads.set(p.tag, head);
    return head.createdAt;
  }
}
