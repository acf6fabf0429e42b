import { randomBytes } from 'node:crypto';

let idCounter = 0;
const idPrefix = randomBytes(4).toString('hex');

/** A time-ordered, process-unique id: base36 time, process prefix, counter. */
export function generateTaskId(): string {
  idCounter = (idCounter + 1) % 0x100000000;
  return `${Date.now().toString(36)}-${idPrefix}-${idCounter.toString(36)}`;
}

/**
 * The part of an id that picks its partition: the text between the first `{` and the next `}`
 * when that is not empty (the Redis Cluster hash-tag rule), else the whole id.
 */
export function routingPart(id: string): string {
  const open = id.indexOf('{');
  if (open < 0) return id;
  const close = id.indexOf('}', open + 1);
  return close > open + 1 ? id.slice(open + 1, close) : id;
}

/** FNV-1a over UTF-16 units: stable across processes and versions, so routing never moves. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
