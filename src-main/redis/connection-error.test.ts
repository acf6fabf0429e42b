import { describe, expect, it } from 'vitest';
import { DurabilityError } from '../queue/errors';
import { isTransientClusterError, mayHaveRun } from './connection-error';

describe('isTransientClusterError', () => {
  it.each([
    'MOVED 3999 127.0.0.1:7001',
    'ASK 3999 127.0.0.1:7001',
    'CLUSTERDOWN The cluster is down',
    'TRYAGAIN Multiple keys request during rehashing of slot',
    'LOADING Redis is loading the dataset in memory',
    "READONLY You can't write against a read only replica.",
    'Connection is closed.',
    'Command aborted due to connection close',
    'connect ECONNREFUSED 127.0.0.1:7000',
    'Too many Cluster redirections. Last error: Error: Connection is closed.',
  ])('waits out %j', (m) => expect(isTransientClusterError(new Error(m))).toBe(true));

  it.each([
    'WRONGTYPE Operation against a key holding the wrong kind of value',
    'ERR unknown command',
    'NOSCRIPT No matching script',
    'a task failed: asking politely',
  ])('does not retry %j', (m) => expect(isTransientClusterError(new Error(m))).toBe(false));

  it('never retries Slotline’s own errors, whatever their text says', () => {
    expect(isTransientClusterError(new DurabilityError('enqueue of task x', 0, 1, 200))).toBe(false);
  });
});

describe('mayHaveRun', () => {
  it.each([
    ['Connection is closed.', true],
    ['Command aborted due to connection close', true],
    ['read ECONNRESET', true],
    ['Too many Cluster redirections. Last error: Error: Connection is closed.', true],
    ['MOVED 3999 127.0.0.1:7001', false],
    ['CLUSTERDOWN The cluster is down', false],
    ['TRYAGAIN Multiple keys request during rehashing of slot', false],
    ['connect ECONNREFUSED 127.0.0.1:7000', false],
  ])('%j → %s', (m, ran) => expect(mayHaveRun(new Error(m))).toBe(ran));
});
