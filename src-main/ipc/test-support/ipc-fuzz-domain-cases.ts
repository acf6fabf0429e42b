/** Malformed IPC requests, second part: values wrong for the lifecycle, cursor and schedule channels. */
import { uniqueName } from '../../testing/redis-target';
import { type Case, b64 } from './ipc-fuzz-cases';

/** Well-formed requests with wrong values for the lifecycle, cursor, value and schedule channels. */
export function domainCases(queue: string): Case[] {
  const profile = { name: 'p', mode: 'single', url: 'redis://127.0.0.1:1', tls: false };
  const lone = 'id-\ud800';
  return [
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
