/** Malformed IPC requests for ipc-fuzz.redis.test.ts, and what each refusal must say. */

export const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** Nested `depth` levels deep: `{a:{a:…}}`. */
export function nested(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

export interface Case {
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
export const LEAKS =
  /\n\s+at |TypeError|RangeError|ReferenceError|SyntaxError|Cannot read prop|is not a function|is not iterable|undefined is not|Maximum call stack|\.ts:\d+/;

/** Requests malformed in shape: channels, types, missing and extra fields, sizes, nesting, numbers. */
export function shapeCases(queue: string): Case[] {
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
  ];
}
