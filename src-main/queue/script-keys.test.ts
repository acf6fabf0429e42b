import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TASK_STATES } from '../../shared/types/queue';
import { limiterKeys, partitionKeys, stateKey } from './keys';
import { LIMITER_SCRIPT_KEYS, SCRIPT_KEYS, keysFor, limiterKeysFor, type ScriptName } from './script-keys';
import { loadQueueScripts } from './scripts';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'commands');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.lua'));

/** The `KEYS[i] name` entries of a script's header, in order. */
function headerKeys(lua: string): string[] {
  const header = /--\[\[([\s\S]*?)\]\]/.exec(lua)?.[1] ?? '';
  const out: string[] = [];
  for (const m of header.matchAll(/KEYS\[(\d+)\]\s+(\w+)/g)) {
    expect(Number(m[1]), `KEYS numbering in ${header.slice(0, 60)}`).toBe(out.length + 1);
    out.push(m[2]!);
  }
  return out;
}

describe('script KEYS: header, file name and wrapper agree', () => {
  it('has one KEYS list per Lua file and one file per list', () => {
    const bases = files.map((f) => /^([a-z-]+)-\d+\.lua$/.exec(f)![1]);
    expect(bases.sort()).toEqual([...Object.keys(SCRIPT_KEYS), ...Object.keys(LIMITER_SCRIPT_KEYS)].sort());
  });

  it.each(files)('%s: the header names the KEYS in the wrapper order, as many as the file name says', (file) => {
    const [, base, n] = /^([a-z-]+)-(\d+)\.lua$/.exec(file)!;
    const lua = fs.readFileSync(path.join(dir, file), 'utf8');
    const listed: readonly string[] =
      base! in SCRIPT_KEYS
        ? SCRIPT_KEYS[base as ScriptName]
        : LIMITER_SCRIPT_KEYS[base as keyof typeof LIMITER_SCRIPT_KEYS];
    expect(headerKeys(lua)).toEqual([...listed]);
    expect(listed).toHaveLength(Number(n));
    // Every key is passed in KEYS: no key is built inside the script.
    expect(lua).not.toMatch(/redis\.call\([^)]*'\{/);
  });

  it('builds KEYS from the key builder, all in the partition’s slot', () => {
    const k = partitionKeys('q:emails:0');
    expect(keysFor('ack', k)).toEqual([
      k.active,
      k.lease,
      k.data,
      k.completed,
      k.meta,
      k.cancelled,
      k.cancel,
      k.logPrefix,
      k.dedupe,
      k.dedupeOwner,
      k.histPrefix,
    ]);
    expect(keysFor('purge', k, 'failed')).toEqual([k.failed, k.data, k.lease, k.expiry, k.cancel, k.logPrefix]);
    expect(() => keysFor('list', k)).toThrow(/needs a state/);
  });

  it('builds limiter KEYS in the queue’s own limiter slot', () => {
    const k = limiterKeys('emails');
    const keys = limiterKeysFor('limit-acquire', k);
    expect(keys).toEqual([k.rate, k.hold, k.held, k.holders, k.lmeta]);
    for (const key of keys) expect(key.startsWith('{ql:emails}:')).toBe(true);
    expect(limiterKeysFor('def-set', k, '{slotline}:queues')).toEqual(['{slotline}:queues']);
  });

  it('get answers states by KEYS index in TASK_STATES order', () => {
    const k = partitionKeys('q:x:0');
    expect(keysFor('get', k).slice(0, 6)).toEqual(TASK_STATES.map((s) => stateKey(k, s)));
  });

  it('loads every script with its include expanded, from the folder it is given', () => {
    const set = loadQueueScripts(dir);
    expect([...set.keys()].sort()).toEqual([...Object.keys(SCRIPT_KEYS), ...Object.keys(LIMITER_SCRIPT_KEYS)].sort());
    expect(set.get('reserve')!.lua).toContain('local function serverNow()');
    expect(set.get('reserve')!.lua).not.toContain('-- @include');
    expect(() => loadQueueScripts(path.join(dir, 'no-such-folder'))).toThrow(/no-such-folder/);
  });
});
