import type { RedisHandle } from '../redis/handle';
import { MalformedDataError } from './errors';
import type { PartitionKeys } from './keys';

/**
 * Data in Redis that Slotline did not write (another program used its keys): find which key is of
 * the wrong type and say so, instead of surfacing a bare WRONGTYPE.
 */

/** Turns WRONGTYPE and similar replies into an error that names the queue, partition and key. */
export function malformed(e: unknown, queue: string, partition: number): Error {
  const msg = (e as Error).message ?? String(e);
  if (/SLOTLINE_WRONGTYPE|WRONGTYPE/.test(msg)) {
    return new MalformedDataError(
      `queue ${queue} partition ${partition}: ${msg.replace(/^.*SLOTLINE_WRONGTYPE /, '')}. Slotline did not write this key; inspect it with TYPE/DUMP and delete or rename it`,
    );
  }
  return e as Error;
}

/** One readable line per partition key whose type is not what Slotline writes. */
export async function wrongTypes(handle: RedisHandle, k: PartitionKeys): Promise<string[]> {
  const expected: Array<[string, string]> = [
    [k.wait, 'zset'],
    [k.delayed, 'zset'],
    [k.active, 'zset'],
    [k.completed, 'zset'],
    [k.failed, 'zset'],
    [k.data, 'hash'],
    [k.lease, 'hash'],
    [k.meta, 'hash'],
    [k.marker, 'list'],
  ];
  const types = await Promise.all(expected.map(([key]) => handle.call('TYPE', key) as Promise<string>));
  return expected.flatMap(([key, want], i) =>
    types[i] === 'none' || types[i] === want ? [] : [`${key} is a ${types[i]}, expected a ${want}`],
  );
}

/** A WRONGTYPE failure on a partition as a MalformedDataError naming the bad keys. */
export async function explainFailure(
  handle: RedisHandle,
  queue: string,
  p: { index: number; keys: PartitionKeys },
  e: unknown,
): Promise<Error> {
  const msg = (e as Error)?.message ?? String(e);
  if (!/WRONGTYPE/.test(msg)) return malformed(e, queue, p.index);
  const bad = await wrongTypes(handle, p.keys).catch(() => []);
  if (bad.length === 0) return malformed(e, queue, p.index);
  return new MalformedDataError(
    `queue ${queue} partition ${p.index}: ${bad.join('; ')}. Slotline did not write this; inspect it with TYPE/DUMP and delete or rename it`,
  );
}
