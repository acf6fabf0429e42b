import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createFakeBridge } from '../testing/fake-bridge';
import { promotedSnapshot, promotionEvent, queueSummary, snapshot3x3 } from '../testing/fixtures';
import { push, renderWithApi } from '../testing/render';
import { OverviewPage } from './OverviewPage';

const value = (id: string) => screen.getByTestId(`${id}-value`).textContent;

describe('OverviewPage', () => {
  it('summarises a healthy 3+3 cluster and its queues', async () => {
    const bridge = createFakeBridge({ 'queue:list': () => [queueSummary('a'), queueSummary('b')] });
    await renderWithApi(<OverviewPage />, bridge);
    expect(screen.getByTestId('page-overview').dataset.state).toBe('ready');
    expect(value('overview-cluster-state')).toBe('ok');
    expect(value('overview-masters')).toBe('3 / 0');
    expect(value('overview-replicas')).toBe('3 / 0');
    expect(value('overview-coverage')).toBe('16,384 / 16384');
    expect(value('overview-total-waiting')).toBe('24');
    expect(value('overview-workers')).toBe('4');
  });

  it('totals cancelled tasks in a tile of their own, not as failures', async () => {
    const c = queueSummary().counts;
    const bridge = createFakeBridge({
      'queue:list': () => [
        queueSummary('a', { counts: { ...c, cancelled: 4 } }),
        queueSummary('b', { counts: { ...c, cancelled: 1_500 } }),
      ],
    });
    await renderWithApi(<OverviewPage />, bridge);
    expect(screen.getByTestId('overview-total-cancelled').textContent).toContain('cancelled');
    expect(value('overview-total-cancelled')).toBe('1,504');
    expect(value('overview-total-failed')).toBe('14');
  });

  it('keeps a long seed list whole in the connection hint title', async () => {
    const seeds = Array.from({ length: 6 }, (_, i) => `127.0.0.1:${7000 + i}`).join(',');
    const description = `cluster ${seeds} (no TLS)`;
    const bridge = createFakeBridge({
      'connection:current': () => ({ state: 'ready', mode: 'cluster', description }),
    });
    await renderWithApi(<OverviewPage />, bridge);
    const hint = screen.getByTestId('overview-connection-hint');
    expect(hint.title).toBe(description);
    expect(hint.className).toContain('stat-hint');
  });

  it('shows the failed master, then the promotion and its duration', async () => {
    const bridge = createFakeBridge();
    await renderWithApi(<OverviewPage />, bridge);
    const failing = snapshot3x3();
    failing.shards[0]!.master.health = 'fail';
    failing.clusterState = 'fail';
    await push(bridge, 'topology:changed', failing);
    expect(value('overview-masters')).toBe('2 / 1');
    expect(value('overview-cluster-state')).toBe('fail');
    await push(bridge, 'topology:event', promotionEvent());
    await push(bridge, 'topology:changed', promotedSnapshot());
    expect(value('overview-masters')).toBe('3 / 0');
    expect(value('overview-replicas')).toBe('2 / 1');
    expect(value('overview-last-failover')).toBe('3.8 s');
  });
});
