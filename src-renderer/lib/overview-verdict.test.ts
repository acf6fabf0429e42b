import { describe, expect, it } from 'vitest';
import type { Alert } from '../../shared/types/alerts';
import { promotedSnapshot, readyConnection, snapshot3x3 } from '../testing/fixtures';
import { overviewVerdict } from './overview-verdict';

const alert = (key: string, o: Partial<Alert> = {}): Alert => ({
  key,
  ruleId: key,
  ruleName: key,
  kind: 'backlog',
  subject: 'emails',
  state: 'firing',
  since: 1,
  message: 'emails: 1200 waiting',
  ...o,
});

describe('overviewVerdict', () => {
  it('is all clear for a ready, healthy cluster without alerts or queue trouble', () => {
    expect(
      overviewVerdict({ connection: readyConnection(), snapshot: snapshot3x3(), alerts: [], queueLevels: ['ok'] }),
    ).toEqual({ level: 'ok', findings: [] });
  });

  it('lists what is wrong, danger first', () => {
    const snap = snapshot3x3();
    snap.clusterState = 'fail';
    snap.shards[0]!.master.health = 'fail';
    snap.coverage = { ...snap.coverage, ok: 10923, fail: 5461 };
    const v = overviewVerdict({
      connection: readyConnection(),
      snapshot: snap,
      alerts: [alert('a'), alert('b', { ackedAt: 5 }), alert('c', { state: 'pending' })],
      queueLevels: ['danger', 'warn', 'ok', 'warn'],
    });
    expect(v.level).toBe('danger');
    expect(v.findings).toEqual([
      'cluster_state fail',
      '5,461 slots not served',
      '1 master down',
      '1 alert firing',
      '1 queue in trouble',
      '1 alert acknowledged',
      '1 alert pending',
      '2 queues to watch',
    ]);
  });

  it('only warns for a failed replica and says when the connection is lost', () => {
    expect(
      overviewVerdict({ connection: readyConnection(), snapshot: promotedSnapshot(), alerts: [], queueLevels: [] }),
    ).toEqual({ level: 'warn', findings: ['1 replica down'] });
    expect(
      overviewVerdict({ connection: { state: 'reconnecting' }, snapshot: null, alerts: null, queueLevels: [] }),
    ).toEqual({ level: 'danger', findings: ['connection reconnecting'] });
  });
});
