import { describe, expect, it } from 'vitest';
import type { Alert } from '../../shared/types/alerts';
import type { TopologySnapshot } from '../../shared/types/topology';
import { trayBitmap, trayState } from './tray-state';

const ok: TopologySnapshot = {
  takenAt: 0,
  mode: 'cluster',
  clusterState: 'ok',
  shards: [],
  coverage: { assigned: 16384, ok: 16384, pfail: 0, fail: 0, unassigned: 0 },
  migrations: [],
  reachable: true,
};
const firing = { key: 'r|q', state: 'firing' } as Alert;

describe('trayState', () => {
  it('maps the cluster state and firing alerts to a colour and tooltip', () => {
    expect(trayState(undefined, [])).toEqual({ colour: 'grey', tooltip: 'Slotline: not connected' });
    expect(trayState(ok, []).colour).toBe('green');
    expect(trayState(ok, [firing])).toEqual({ colour: 'amber', tooltip: 'Slotline: cluster ok; 1 alert firing' });
    expect(trayState(ok, [{ ...firing, state: 'pending' }]).colour).toBe('green');
    expect(trayState({ ...ok, coverage: { ...ok.coverage, pfail: 100, ok: 16284 } }, []).colour).toBe('amber');
    expect(trayState({ ...ok, clusterState: 'fail', coverage: { ...ok.coverage, fail: 5461 } }, [])).toEqual({
      colour: 'red',
      tooltip: 'Slotline: cluster_state fail, 5461 slots failed, 0 unassigned',
    });
    expect(trayState({ ...ok, reachable: false }, []).colour).toBe('red');
  });

  it('draws an opaque circle of the colour on a transparent square', () => {
    const px = trayBitmap('red', 16);
    expect(px.length).toBe(16 * 16 * 4);
    const at = (x: number, y: number) => [...px.subarray((y * 16 + x) * 4, (y * 16 + x) * 4 + 4)];
    expect(at(8, 8)).toEqual([0x30, 0x30, 0xd8, 0xff]);
    expect(at(0, 0)).toEqual([0, 0, 0, 0]);
    expect(trayBitmap('green')).not.toEqual(px);
  });
});
