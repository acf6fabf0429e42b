import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createFakeBridge } from '../testing/fake-bridge';
import { disagreeingSnapshot, promotedSnapshot, promotionEvent, snapshot3x3 } from '../testing/fixtures';
import { push, renderWithApi } from '../testing/render';
import { TopologyPage } from './TopologyPage';

describe('TopologyPage', () => {
  it('warns that nodes disagree, naming the nodes on each side, above the shards', async () => {
    const bridge = createFakeBridge();
    await renderWithApi(<TopologyPage />, bridge);
    await push(bridge, 'topology:changed', disagreeingSnapshot());
    const text = screen.getByTestId('disagreement-text').textContent!;
    expect(text).toContain('127.0.0.1:7000 says 7000 → 127.0.0.1:7002');
    expect(text).toContain('127.0.0.1:7005 say 7000 → 127.0.0.1:7001');
    await push(bridge, 'topology:changed', snapshot3x3(1_015_000));
    expect(screen.queryByTestId('banner-disagreement')).toBeNull();
  });

  it('lists three masters with one replica each', async () => {
    await renderWithApi(<TopologyPage />, createFakeBridge());
    expect(screen.getByTestId('page-topology').dataset.state).toBe('ready');
    for (const m of ['m0', 'm1', 'm2'])
      expect(within(screen.getByTestId(`shard-${m}`)).getAllByRole('row')).toHaveLength(3);
    expect(screen.getByTestId('node-r0').dataset.role).toBe('replica');
  });

  it('shows the promoted replica as master, labelled, and the old master failed under it', async () => {
    const bridge = createFakeBridge();
    await renderWithApi(<TopologyPage />, bridge);
    await push(bridge, 'topology:event', promotionEvent());
    await push(bridge, 'topology:changed', promotedSnapshot());
    expect(screen.queryByTestId('shard-m0')).toBeNull();
    const shard = screen.getByTestId('shard-r0');
    expect(within(shard).getByTestId('node-r0').dataset.role).toBe('master');
    expect(within(shard).getByTestId('promoted-badge')).toBeTruthy();
    expect(within(shard).getByTestId('node-m0').dataset.health).toBe('fail');
    expect((within(shard).getByTestId('failover-m0') as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows an added master as it joins and drops a removed one, without a reload', async () => {
    const bridge = createFakeBridge();
    await renderWithApi(<TopologyPage />, bridge);
    const grown = snapshot3x3(1_010_000);
    const template = grown.shards[0]!;
    grown.shards.push({
      slots: [],
      master: { ...template.master, id: 'm3', address: '127.0.0.1:7006' },
      replicas: [{ ...template.replicas[0]!, id: 'r3', address: '127.0.0.1:7007', masterId: 'm3' }],
    });
    await push(bridge, 'topology:changed', grown);
    expect(within(screen.getByTestId('shard-m3')).getByTestId('node-r3').dataset.role).toBe('replica');
    await push(bridge, 'topology:changed', snapshot3x3(1_020_000));
    expect(screen.queryByTestId('shard-m3')).toBeNull();
    expect(screen.getByTestId('shard-m2')).toBeTruthy();
  });

  it('says what a failover will do before calling topology:failover', async () => {
    const bridge = createFakeBridge({
      'topology:failover': ({ replicaId }) => ({ replicaId, address: '127.0.0.1:7004' }),
    });
    await renderWithApi(<TopologyPage />, bridge);
    await userEvent.click(screen.getByTestId('failover-r1'));
    const text = screen.getByTestId('confirm-dialog-message').textContent!;
    expect(text).toContain('127.0.0.1:7004');
    expect(text).toContain('5461–10922');
    expect(text).toContain('127.0.0.1:7001');
    expect(bridge.callsTo('topology:failover')).toHaveLength(0);
    await userEvent.click(screen.getByTestId('confirm-ok'));
    expect(bridge.callsTo('topology:failover')).toEqual([{ replicaId: 'r1' }]);
    expect(screen.getByTestId('failover-status').textContent).toContain('127.0.0.1:7004');
  });

  it('disables failover in read-only mode', async () => {
    await renderWithApi(<TopologyPage />, createFakeBridge({}, { readOnly: true }));
    expect((screen.getByTestId('failover-r0') as HTMLButtonElement).disabled).toBe(true);
  });
});
