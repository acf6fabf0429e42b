import { connectedContext } from '../testing/app-context-fixture';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppContext } from '../app/app-context';
import type { RedisHandle } from '../redis/handle';
import { startServe, type ServeHandle } from '../server/serve';
import { queueFixture } from '../testing/queue-fixture';
import { uniqueName } from '../testing/redis-target';
import { AUDIT_KEY } from '../queue/keys';
import { contextDispatch } from './context-dispatch';
import type { Dispatch } from './dispatch';

/**
 * A hash of every key on every master: type, value (DUMP) and whether it expires. The audit log
 * is left out: recording a refused mutating call (with its error) is its purpose, not a change
 * the call made.
 */
async function digestAll(handle: RedisHandle): Promise<{ keys: number; digest: string; rows: string[] }> {
  const rows: string[] = [];
  for (const node of handle.masters()) {
    let cursor = '0';
    do {
      const [next, keys] = (await node.call('SCAN', cursor, 'COUNT', 1000)) as [string, string[]];
      cursor = next;
      for (const k of keys) {
        if (k === AUDIT_KEY) continue;
        const [type, dump, ttl] = await Promise.all([node.call('TYPE', k), node.call('DUMP', k), node.call('PTTL', k)]);
        rows.push(`${k}\0${String(type)}\0${String(dump)}\0${Number(ttl) >= 0 ? 'expires' : 'kept'}`);
      }
    } while (cursor !== '0');
  }
  rows.sort();
  return { keys: rows.length, digest: createHash('sha256').update(rows.join('\n')).digest('hex'), rows };
}

/** The keys whose type, value or expiry differ between two digests (for a failure message). */
function changedKeys(a: { rows: string[] }, b: { rows: string[] }): string[] {
  const sa = new Set(a.rows);
  const sb = new Set(b.rows);
  const name = (r: string) => r.split('\0')[0]!;
  return [...new Set([...a.rows.filter((r) => !sb.has(r)), ...b.rows.filter((r) => !sa.has(r))].map(name))];
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** Nested `depth` levels deep: `{a:{a:…}}`. */
function nested(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

interface Case {
  name: string;
  channel: unknown;
  request: unknown;
  /** What the error message must say: the field or value at fault and what was expected. */
  says: RegExp;
  code?: string;
  /** False when JSON cannot carry the value (NaN and Infinity become null over HTTP). */
  json?: boolean;
}

/** Texts that mean an internal error or a stack leaked instead of a message for the caller. */
const LEAKS =
  /\n\s+at |TypeError|RangeError|ReferenceError|SyntaxError|Cannot read prop|is not a function|is not iterable|undefined is not|Maximum call stack|\.ts:\d+/;

function cases(queue: string): Case[] {
  const profile = { name: 'p', mode: 'single', url: 'redis://127.0.0.1:1', tls: false };
  const lone = 'id-\ud800';
  return [
    // Unknown channels
    { name: 'an unknown channel', channel: 'queue:drop-all', request: {}, says: /unknown channel "queue:drop-all"/ },
    { name: 'a channel that is a number', channel: 42, request: {}, says: /unknown channel a number/ },
    { name: 'a channel that is null', channel: null, request: {}, says: /unknown channel a null/ },
    {
      name: 'a channel that is an object',
      channel: { c: 'app:info' },
      request: {},
      says: /unknown channel an? object/,
    },
    { name: 'the channel __proto__', channel: '__proto__', request: {}, says: /unknown channel "__proto__"/ },
    { name: 'the channel constructor', channel: 'constructor', request: {}, says: /unknown channel "constructor"/ },
    { name: 'the channel toString', channel: 'toString', request: {}, says: /unknown channel "toString"/ },
    { name: 'a huge channel name', channel: 'q'.repeat(1_000_000), request: {}, says: /unknown channel "q{60}…"/ },
    { name: 'a channel with a lone surrogate', channel: 'queue:list\udc00', request: {}, says: /unknown channel/ },
    { name: 'a channel with an RTL override', channel: 'queue:\u202Elist', request: {}, says: /unknown channel/ },
    { name: 'a channel in upper case', channel: 'QUEUE:LIST', request: {}, says: /unknown channel "QUEUE:LIST"/ },
    // Requests of the wrong type
    { name: 'a string request', channel: 'queue:counts', request: 'junk', says: /queue:counts: \(request\): .*object/ },
    { name: 'a null request', channel: 'queue:counts', request: null, says: /queue:counts: \(request\): .*object/ },
    {
      name: 'an array request',
      channel: 'queue:counts',
      request: [queue],
      says: /queue:counts: \(request\): .*object/,
    },
    { name: 'a number request', channel: 'app:info', request: 7, says: /app:info: \(request\): .*object/ },
    { name: 'a queue name that is a number', channel: 'queue:counts', request: { queue: 5 }, says: /queue: .*string/ },
    {
      name: 'a queue name that is an object',
      channel: 'queue:get',
      request: { queue: { $gt: '' }, id: 'x' },
      says: /queue: .*string/,
    },
    {
      name: 'a limit that is a string',
      channel: 'queue:tasks',
      request: { queue, state: 'waiting', limit: '5' },
      says: /limit: .*number/,
    },
    {
      name: 'a state that is not one',
      channel: 'queue:tasks',
      request: { queue, state: 'zombie' },
      says: /state: .*(waiting|expected one of)/,
    },
    {
      name: 'tls as a string',
      channel: 'connection:test',
      request: { ...profile, tls: 'yes' },
      says: /tls: .*boolean/,
    },
    {
      name: 'a mode that is not one',
      channel: 'connection:connect',
      request: { ...profile, mode: 'sentinel' },
      says: /mode: /,
    },
    {
      name: 'ids that are not an array',
      channel: 'queue:requeue',
      request: { queue, ids: 'a,b' },
      says: /queue:requeue: /,
    },
    {
      name: 'force as a string',
      channel: 'topology:failover',
      request: { replicaId: 'abc', force: 'true' },
      says: /force: .*boolean/,
    },
    {
      name: 'an export format that is not one',
      channel: 'topology:export',
      request: { format: 'xml' },
      says: /format: /,
    },
    // Missing fields
    { name: 'a missing queue', channel: 'queue:counts', request: {}, says: /queue: / },
    { name: 'a missing id', channel: 'queue:get', request: { queue }, says: /id: / },
    {
      name: 'a missing payload-less enqueue queue',
      channel: 'queue:enqueue',
      request: { payload: 1 },
      says: /queue: /,
    },
    {
      name: 'a profile without a mode',
      channel: 'connection:save-profile',
      request: { name: 'x', tls: false },
      says: /mode: /,
    },
    {
      name: 'a profile without a name',
      channel: 'connection:test',
      request: { mode: 'single', url: 'redis://h:1', tls: false },
      says: /name: /,
    },
    { name: 'a delete-profile without an id', channel: 'connection:delete-profile', request: {}, says: /id: / },
    { name: 'a failover without a replica', channel: 'topology:failover', request: {}, says: /replicaId: / },
    // Extra fields
    { name: 'an extra field', channel: 'queue:counts', request: { queue, evil: true }, says: /evil/ },
    {
      name: 'an extra field on a profile',
      channel: 'connection:save-profile',
      request: { ...profile, hasPassword: true },
      says: /hasPassword/,
    },
    { name: 'an extra field on app:info', channel: 'app:info', request: { verbose: 1 }, says: /verbose/ },
    { name: 'an extra field on an empty request', channel: 'queue:list', request: { all: true }, says: /all/ },
    // Prototype-pollution keys (as JSON.parse makes them: own properties)
    {
      name: 'a __proto__ key',
      channel: 'queue:counts',
      request: JSON.parse(`{"queue":"${queue}","__proto__":{"polluted":1}}`),
      says: /__proto__/,
    },
    {
      name: 'a constructor.prototype key',
      channel: 'queue:list',
      request: { constructor: { prototype: { polluted: 1 } } },
      says: /constructor/,
    },
    {
      name: 'a __proto__ key on a profile',
      channel: 'connection:save-profile',
      request: JSON.parse(`{"name":"p","mode":"single","url":"redis://h:1","tls":false,"__proto__":{"polluted":1}}`),
      says: /__proto__/,
    },
    {
      name: 'a __proto__ profile id',
      channel: 'connection:delete-profile',
      request: { id: '__proto__', extra: 1 },
      says: /extra/,
    },
    // Huge strings
    {
      name: 'a huge queue name',
      channel: 'queue:counts',
      request: { queue: 'q'.repeat(1_000_000) },
      says: /queue: .*200/,
    },
    { name: 'a huge task id', channel: 'queue:get', request: { queue, id: 'i'.repeat(100_000) }, says: /id: .*256/ },
    {
      name: 'a huge search query',
      channel: 'queue:search',
      request: { queue, query: 'x'.repeat(1_000_000) },
      says: /query: .*500/,
    },
    {
      name: 'a huge URL',
      channel: 'connection:test',
      request: { ...profile, url: `redis://${'h'.repeat(100_000)}:1` },
      says: /url: .*2048/,
    },
    {
      name: 'a huge password',
      channel: 'connection:connect',
      request: { ...profile, password: 'p'.repeat(100_000) },
      says: /password: .*1000/,
    },
    {
      name: 'a huge profile name',
      channel: 'connection:save-profile',
      request: { ...profile, name: 'n'.repeat(10_000) },
      says: /name: .*100/,
    },
    {
      name: 'a huge replica id',
      channel: 'topology:failover',
      request: { replicaId: 'r'.repeat(100_000) },
      says: /replicaId: .*100/,
    },
    {
      name: 'a huge operation id',
      channel: 'queue:cancel-bulk',
      request: { operationId: 'o'.repeat(100_000) },
      says: /operationId: .*100/,
    },
    {
      name: 'a huge cursor',
      channel: 'queue:tasks',
      request: { queue, state: 'waiting', cursor: 'c'.repeat(100_000) },
      says: /cursor: .*1000/,
    },
    // Deep nesting
    {
      name: 'a deeply nested payload',
      channel: 'queue:enqueue',
      request: { queue, payload: nested(5000) },
      says: /payload nests deeper than 64 levels/,
    },
    {
      name: 'a payload one level too deep',
      channel: 'queue:enqueue',
      request: { queue, payload: nested(64) },
      says: /payload nests deeper than 64/,
    },
    {
      name: 'a deeply nested queue field',
      channel: 'queue:counts',
      request: { queue: nested(10_000) },
      says: /queue: .*string/,
    },
    {
      name: 'a deeply nested request array',
      channel: 'queue:list',
      request: [[[[[[[[[[[]]]]]]]]]]],
      says: /queue:list: \(request\)/,
    },
    // Lone surrogates
    {
      name: 'a task id with a lone surrogate',
      channel: 'queue:get',
      request: { queue, id: lone },
      says: /id: must be well-formed Unicode/,
    },
    {
      name: 'an enqueue id with a lone surrogate',
      channel: 'queue:enqueue',
      request: { queue, payload: 1, id: 'job-\udbff' },
      says: /id: must be well-formed Unicode/,
    },
    {
      name: 'a payload string with a lone surrogate',
      channel: 'queue:enqueue',
      request: { queue, payload: { s: '\udc00' } },
      says: /payload holds a string with a lone UTF-16 surrogate/,
    },
    {
      name: 'a requeue id with a lone surrogate',
      channel: 'queue:requeue',
      request: { queue, ids: ['ok', lone] },
      says: /ids\.1: must be well-formed/,
    },
    {
      name: 'a queue name with a lone surrogate',
      channel: 'queue:counts',
      request: { queue: `q\ud800` },
      says: /queue: queue names use/,
    },
    {
      name: 'a profile name with a lone surrogate',
      channel: 'connection:save-profile',
      request: { ...profile, name: 'p\udfff' },
      says: /name: must be well-formed/,
    },
    {
      name: 'a search query with a lone surrogate',
      channel: 'queue:search',
      request: { queue, query: '\ud83d' },
      says: /query: must be well-formed/,
    },
    // Negative, huge and non-integer numbers
    {
      name: 'a negative limit',
      channel: 'queue:tasks',
      request: { queue, state: 'waiting', limit: -5 },
      says: /limit: .*>=1/,
    },
    {
      name: 'a huge limit',
      channel: 'queue:tasks',
      request: { queue, state: 'waiting', limit: 1e308 },
      says: /limit: /,
    },
    {
      name: 'a fractional limit',
      channel: 'queue:search',
      request: { queue, query: 'x', limit: 2.5 },
      says: /limit: .*int/,
    },
    {
      name: 'a negative delay',
      channel: 'queue:enqueue',
      request: { queue, payload: 1, delayMs: -1 },
      says: /delayMs: .*>=0/,
    },
    {
      name: 'a delay over a year',
      channel: 'queue:enqueue',
      request: { queue, payload: 1, delayMs: 1e15 },
      says: /delayMs: .*<=31536000000/,
    },
    {
      name: 'a priority of NaN',
      channel: 'queue:enqueue',
      request: { queue, payload: 1, priority: NaN },
      json: false,
      says: /priority: /,
    },
    {
      name: 'an infinite payload number',
      channel: 'queue:enqueue',
      request: { queue, payload: { n: Infinity } },
      says: /payload holds the number Infinity/,
      json: false,
    },
    {
      name: 'zero attempts',
      channel: 'queue:enqueue',
      request: { queue, payload: 1, maxAttempts: 0 },
      says: /maxAttempts: .*>=1/,
    },
    {
      name: 'a negative olderThanMs',
      channel: 'queue:purge',
      request: { queue, state: 'completed', olderThanMs: -1 },
      says: /olderThanMs: /,
    },
    { name: 'a history limit of 0', channel: 'topology:history', request: { limit: 0 }, says: /limit: .*>=1/ },
    { name: 'a huge history limit', channel: 'topology:history', request: { limit: 2 ** 53 }, says: /limit: .*10000/ },
    { name: 'an empty id list', channel: 'queue:requeue', request: { queue, ids: [] }, says: /ids: .*>=1/ },
    {
      name: 'a bigint payload',
      channel: 'queue:enqueue',
      request: { queue, payload: { n: 1n } },
      says: /payload holds a bigint/,
    },
    // Task lifecycle channels (issue 13)
    { name: 'a cancel without an id', channel: 'queue:cancel', request: { queue }, says: /id: / },
    {
      name: 'a cancel with an id that is a number',
      channel: 'queue:cancel',
      request: { queue, id: 7 },
      says: /id: .*string/,
    },
    {
      name: 'a cancel with a huge id',
      channel: 'queue:cancel',
      request: { queue, id: 'i'.repeat(100_000) },
      says: /id: .*256/,
    },
    {
      name: 'a cancel with an extra field',
      channel: 'queue:cancel',
      request: { queue, id: 'seed-0', force: true },
      says: /force/,
    },
    {
      name: 'a cancel with a lone surrogate id',
      channel: 'queue:cancel',
      request: { queue, id: lone },
      says: /id: must be well-formed Unicode/,
    },
    {
      name: 'a cancel-many of a final state',
      channel: 'queue:cancel-many',
      request: { queue, state: 'completed' },
      says: /state: .*(waiting|expected one of)/,
    },
    {
      name: 'a cancel-many without a state',
      channel: 'queue:cancel-many',
      request: { queue },
      says: /state: /,
    },
    {
      name: 'a cancel-many with a negative olderThanMs',
      channel: 'queue:cancel-many',
      request: { queue, state: 'waiting', olderThanMs: -1 },
      says: /olderThanMs: .*>=0/,
    },
    {
      name: 'a cancel-many with a fractional olderThanMs',
      channel: 'queue:cancel-many',
      request: { queue, state: 'delayed', olderThanMs: 1.5 },
      says: /olderThanMs: .*int/,
    },
    {
      name: 'a cancel-many with an olderThanMs of NaN',
      channel: 'queue:cancel-many',
      request: { queue, state: 'waiting', olderThanMs: NaN },
      json: false,
      says: /olderThanMs: /,
    },
    {
      name: 'a cancel-many with ids',
      channel: 'queue:cancel-many',
      request: { queue, state: 'waiting', ids: ['seed-0'] },
      says: /ids/,
    },
    {
      name: 'a cancel-many of a queue that does not exist',
      channel: 'queue:cancel-many',
      request: { queue: uniqueName('nope'), state: 'waiting' },
      says: /nope-.*(does not exist|no such queue|not found)/i,
    },
    { name: 'a logs request without an id', channel: 'queue:logs', request: { queue }, says: /id: / },
    {
      name: 'a logs start that is a string',
      channel: 'queue:logs',
      request: { queue, id: 'seed-0', start: '0' },
      says: /start: .*number/,
    },
    {
      name: 'a fractional logs end',
      channel: 'queue:logs',
      request: { queue, id: 'seed-0', end: 2.5 },
      says: /end: .*int/,
    },
    {
      name: 'a huge logs start',
      channel: 'queue:logs',
      request: { queue, id: 'seed-0', start: 2 ** 53 },
      says: /start: .*1000000/,
    },
    {
      name: 'a huge negative logs end',
      channel: 'queue:logs',
      request: { queue, id: 'seed-0', end: -1e12 },
      says: /end: .*-1000000/,
    },
    {
      name: 'a logs request with an extra field',
      channel: 'queue:logs',
      request: { queue, id: 'seed-0', follow: true },
      says: /follow/,
    },
    // Forged cursors
    {
      name: 'a cursor that is not base64url',
      channel: 'queue:tasks',
      request: { queue, state: 'waiting', cursor: 'not a cursor!' },
      says: /cursor: cursors are the opaque text/,
    },
    {
      name: 'a cursor of base64 garbage',
      channel: 'queue:tasks',
      request: { queue, state: 'waiting', cursor: 'AAAA' },
      says: /task list cursor "AAAA" is not one this server issued/,
      code: 'invalid-argument',
    },
    {
      name: 'a cursor holding [null]',
      channel: 'queue:tasks',
      request: { queue, state: 'waiting', cursor: b64([null]) },
      says: /task list cursor .* is not one this server issued/,
      code: 'invalid-argument',
    },
    {
      name: 'a cursor holding a number',
      channel: 'queue:tasks',
      request: { queue, state: 'failed', cursor: b64(5) },
      says: /task list cursor .* is not one this server issued/,
    },
    {
      name: 'a cursor with a negative skip',
      channel: 'queue:tasks',
      request: { queue, state: 'waiting', cursor: b64([{ max: '+inf', skip: -3 }]) },
      says: /is not one this server issued/,
    },
    {
      name: 'a cursor with a Lua-looking max',
      channel: 'queue:tasks',
      request: { queue, state: 'waiting', cursor: b64([{ max: "1) redis.call('FLUSHALL') --", skip: 0 }]) },
      says: /is not one this server issued/,
    },
    {
      name: 'a cursor for too many partitions',
      channel: 'queue:tasks',
      request: { queue, state: 'waiting', cursor: b64(Array.from({ length: 9 }, () => ({ max: '+inf', skip: 0 }))) },
      says: /task list cursor is for 9 partitions/,
    },
    {
      name: 'a search cursor with a negative partition',
      channel: 'queue:search',
      request: { queue, query: 'x', cursor: b64({ p: -1, c: '0' }) },
      says: /search cursor .* is not one this server issued/,
    },
    {
      name: 'a search cursor with a word for a scan cursor',
      channel: 'queue:search',
      request: { queue, query: 'x', cursor: b64({ p: 0, c: 'abc' }) },
      says: /search cursor .* is not one this server issued/,
    },
    {
      name: 'a search cursor that is an array',
      channel: 'queue:search',
      request: { queue, query: 'x', cursor: b64([0, '0']) },
      says: /search cursor/,
    },
    // Well-formed requests whose values are wrong
    {
      name: 'a queue that does not exist',
      channel: 'queue:counts',
      request: { queue: uniqueName('nope') },
      says: /nope-.*(does not exist|no such queue|not found)/i,
    },
    {
      name: 'a replica id that is not in the cluster',
      channel: 'topology:failover',
      request: { replicaId: 'f'.repeat(40) },
      says: /(no node f{40}|single server|not known yet)/,
    },
    {
      name: 'a URL with a / in its password',
      channel: 'connection:connect',
      request: { ...profile, url: 'redis://u:pa/ss@127.0.0.1:1' },
      says: /is not a URL: expected redis:\/\//,
      code: 'invalid-setting',
    },
    {
      name: 'a URL of another scheme',
      channel: 'connection:test',
      request: { ...profile, url: 'http://127.0.0.1:1' },
      says: /expected redis:\/\/ or rediss:\/\//,
    },
    {
      name: 'cluster seeds without ports',
      channel: 'connection:test',
      request: { name: 'c', mode: 'cluster', nodes: '127.0.0.1', tls: false },
      says: /has no port: expected host:port/,
    },
    {
      name: 'a NAT map that is not one',
      channel: 'connection:save-profile',
      request: { name: 'c', mode: 'cluster', nodes: '127.0.0.1:1', natMap: 'a-b', tls: false },
      says: /is not a mapping/,
    },
    {
      name: 'cluster seeds with a space inside an entry',
      channel: 'connection:connect',
      request: { name: 'c', mode: 'cluster', nodes: '127.0.0.1:1,127.0.0.1 :2', tls: false },
      says: /"127.0.0.1 :2" contains a space/,
    },
    // Schedules (issue 14): refused by the contract or by main's validation, nothing stored.
    {
      name: 'a schedule with an invalid cron expression',
      channel: 'schedules:upsert',
      request: { queue, id: 's', spec: { cron: '99 * * * *' }, template: { payload: 1 } },
      says: /cron expression "99 \* \* \* \*" is not valid/,
      code: 'invalid-schedule',
    },
    {
      name: 'a schedule in an unknown time zone',
      channel: 'schedules:upsert',
      request: { queue, id: 's', spec: { cron: '0 3 * * *', tz: 'Atlantis/Capital' }, template: { payload: 1 } },
      says: /time zone "Atlantis\/Capital" is not known/,
    },
    {
      name: 'a schedule every 0 ms',
      channel: 'schedules:upsert',
      request: { queue, id: 's', spec: { every: 0 }, template: { payload: 1 } },
      says: /every=0 is not valid/,
    },
    {
      name: 'a schedule with a lone surrogate id',
      channel: 'schedules:upsert',
      request: { queue, id: lone, spec: { every: 1000 }, template: { payload: 1 } },
      says: /id: .*well-formed Unicode/,
      json: false,
    },
    {
      name: 'a schedule on a queue that does not exist',
      channel: 'schedules:upsert',
      request: { queue: 'no-such-queue-fuzz', id: 's', spec: { every: 1000 }, template: { payload: 1 } },
      says: /queue no-such-queue-fuzz does not exist/,
    },
    {
      name: 'a pause of an unknown schedule',
      channel: 'schedules:pause',
      request: { queue, id: 'ghost' },
      says: /schedule "ghost" does not exist/,
      code: 'schedule-not-found',
    },
    {
      name: 'a preview with an extra spec field',
      channel: 'schedules:preview',
      request: { spec: { every: 10, cron: '* * * * *' } },
      says: /spec/,
    },
  ];
}

describe('malformed IPC payloads against the real handler table', () => {
  const fx = queueFixture();
  let ctx: AppContext;
  let dispatch: Dispatch;
  let serve: ServeHandle;
  let handle: RedisHandle;
  let queue: string;

  beforeAll(async () => {
    handle = await fx.handle();
    const q = await fx.queue();
    queue = q.name;
    for (let i = 0; i < 5; i++) await q.enqueue({ n: i }, { id: `seed-${i}` });
    ctx = await connectedContext('fuzz', {
      monitor: { intervalMs: 250, nodeTimeoutMs: 500 },
      sampler: { intervalMs: 250, discoveryIntervalMs: 500 },
    });
    dispatch = contextDispatch(ctx, 'test:ipc-fuzz');
    const webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-fuzz-web-'));
    fs.writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>Slotline console</title>');
    serve = await startServe({ port: 0, webRoot, context: ctx });
  });

  afterAll(async () => {
    await serve?.stop();
    await ctx?.close();
    await fx.close();
  });

  /**
   * The error must be an envelope with a code and a message that says what was wrong, and nothing
   * internal. Soft checks, so one run lists every case that fails, not only the first.
   */
  function checkRefusal(c: Case, r: unknown) {
    expect
      .soft(r, c.name)
      .toMatchObject({ ok: false, error: { code: expect.any(String), message: expect.any(String) } });
    const error = (r as { error?: { code: string; message: string } }).error;
    if (!error) return;
    const { code, message } = error;
    expect.soft(code, c.name).toMatch(/^[a-z][a-z-]+$/);
    if (c.code) expect.soft(code, c.name).toBe(c.code);
    expect.soft(code, `${c.name}: internal error ${message}`).not.toBe('internal');
    expect.soft(message.length, c.name).toBeLessThanOrEqual(501);
    expect.soft(message, c.name).not.toMatch(LEAKS);
    expect.soft(message, c.name).toMatch(c.says);
    expect.soft(message, c.name).not.toContain('pa/ss');
  }

  it('refuses 50 or more malformed requests with a clear { code, message }, and Redis is unchanged', async () => {
    const all = cases(queue);
    expect(all.length).toBeGreaterThanOrEqual(50);
    const before = await digestAll(handle);
    expect(before.keys).toBeGreaterThan(0);
    const statusBefore = ctx.connection.status();
    for (const c of all) checkRefusal(c, await dispatch(c.channel, c.request));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
    // The console is still alive and still on the connection it had.
    expect(await dispatch('app:info', {})).toMatchObject({ ok: true });
    expect(ctx.connection.status()).toEqual(statusBefore);
    expect(await dispatch('queue:counts', { queue })).toMatchObject({ ok: true, data: { waiting: 5 } });
    const after = await digestAll(handle);
    expect(changedKeys(before, after), 'keys changed by the fuzz').toEqual([]);
    expect(after.digest).toBe(before.digest);
    console.log(`[ipc-fuzz] ${all.length} malformed requests refused; ${before.keys} keys, digest unchanged`);
  });

  it('refuses the same payloads sent as JSON to serve’s /api/invoke, which dispatches into the same table', async () => {
    const all = cases(queue).filter((c) => {
      if (typeof c.channel !== 'string' || c.channel.length > 1000) return false;
      try {
        encodeURIComponent(c.channel);
        JSON.stringify(c.request);
        return c.json !== false;
      } catch {
        return false; // a lone surrogate in the URL path, or a BigInt: not expressible over HTTP+JSON
      }
    });
    expect(all.length).toBeGreaterThanOrEqual(50);
    const before = await digestAll(handle);
    let sent = 0;
    for (const c of all) {
      const body = JSON.stringify(c.request);
      const res = await fetch(`${serve.baseUrl}/api/invoke/${encodeURIComponent(c.channel as string)}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${serve.token}`, 'Content-Type': 'application/json' },
        body,
      });
      sent++;
      checkRefusal(c, await res.json());
    }
    expect(sent).toBeGreaterThanOrEqual(50);
    expect(await digestAll(handle)).toEqual(before);
  });
});
