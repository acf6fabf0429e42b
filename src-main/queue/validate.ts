import { QueueArgumentError } from './errors';

// ES2024 (Node >= 20); the project's lib setting is ES2023.
declare global {
  interface String {
    isWellFormed(): boolean;
  }
}

/** Where `s` has an unpaired UTF-16 surrogate, or -1 when it is well-formed Unicode. */
export function loneSurrogateAt(s: string): number {
  if (s.isWellFormed()) return -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return i;
    } else if (c >= 0xdc00 && c <= 0xdfff) return i;
  }
  return -1;
}

/**
 * Task ids are 1-256 characters of well-formed Unicode. Redis stores strings as UTF-8, in which a
 * lone surrogate has no encoding: ioredis writes U+FFFD instead, so two ids that differ only
 * there would be one task, and Lua's cjson cannot read such a record back.
 */
export function assertTaskId(id: unknown, context = ''): asserts id is string {
  const where = context ? ` ${context}` : '';
  if (typeof id !== 'string') throw new QueueArgumentError(`task id ${String(id)}${where}: expected a string`);
  const bad = loneSurrogateAt(id);
  if (id.length === 0 || id.length > 256 || bad >= 0) {
    throw new QueueArgumentError(
      `task id ${JSON.stringify(id.length > 300 ? id.slice(0, 300) + '…' : id)}${where}: expected 1-256 characters of well-formed Unicode` +
        (bad >= 0 ? ` (an unpaired UTF-16 surrogate at index ${bad})` : ` (it has ${id.length})`),
    );
  }
}
