import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Alert } from '../../shared/types/alerts';
import type { DepthSample } from '../../shared/types/queue';
import { createFakeBridge } from '../testing/fake-bridge';
import {
  depthSample,
  failoverEvents,
  promotedSnapshot,
  promotionEvent,
  queueSummary,
  snapshot3x3,
} from '../testing/fixtures';
import { push, renderWithApi } from '../testing/render';
import { OverviewPage } from './OverviewPage';

const value = (id: string) => screen.getByTestId(`${id}-value`).textContent;
const rowOrder = () =>
  screen
    .getAllByTestId(/^overview-queue-row-/)
    .map((r) => r.dataset.queue)
    .join(',');

const alert = (key: string, o: Partial<Alert> = {}): Alert => ({
  key,
  ruleId: key,
  ruleName: `rule ${key}`,
  kind: 'backlog',
  subject: 'emails',
  state: 'firing',
  since: Date.now() - 120_000,
  message: `${key}: over the limit`,
  ...o,
});

/** A sample of `queue` taken now, healthy unless `o` says otherwise. */
const sample = (queue: string, o: Partial<DepthSample> = {}): DepthSample => ({
  ...depthSample(Date.now(), queue),
  completedPerSec: 10,
  failedPerSec: 0,
  liveWorkers: 2,
  oldestWaitingAt: Date.now() - 1000,
  ...o,
});

describe('OverviewPage', () => {
  it('summarises a healthy 3+3 cluster: all clear, the ownership strip in words, totals', async () => {
    const bridge = createFakeBridge({ 'queue:list': () => [queueSummary('a'), queueSummary('b')] });
    await renderWithApi(<OverviewPage alerts={[]} />, bridge);
    expect(screen.getByTestId('page-overview').dataset.state).toBe('ready');
    expect(screen.getByTestId('overview-verdict').dataset.level).toBe('ok');
    expect(screen.getByTestId('overview-verdict').textContent).toBe('✓ All clear');
    expect(screen.getByTestId('overview-alerts-none')).toBeTruthy();
    expect(value('overview-cluster-state')).toBe('ok');
    expect(value('overview-masters')).toBe('3 / 0');
    expect(value('overview-replicas')).toBe('3 / 0');
    const strip = screen.getByTestId('overview-ownership-strip');
    expect(strip.dataset).toMatchObject({ covered: '16384', owners: '3', failing: '0' });
    expect(screen.getByTestId('overview-strip-summary').textContent).toBe(
      '✓ cluster_state ok · 16,384 of 16,384 slots covered',
    );
    expect(screen.getAllByTestId('overview-strip-owner').map((o) => o.textContent)).toEqual([
      '127.0.0.1:7000 · 5,461 slots',
      '127.0.0.1:7001 · 5,462 slots',
      '127.0.0.1:7002 · 5,461 slots',
    ]);
    expect(value('overview-total-waiting')).toBe('24');
    expect(value('overview-workers')).toBe('4');
    // The recorded last 15 minutes of every queue are asked for once.
    const asked = bridge.callsTo('metrics:depth');
    expect(asked.map((r) => r.queue).sort()).toEqual(['a', 'b']);
    expect(Date.now() - asked[0]!.sinceMs!).toBeGreaterThanOrEqual(15 * 60_000);
    expect(Date.now() - asked[0]!.sinceMs!).toBeLessThan(16 * 60_000);
  });

  it('totals cancelled tasks in a tile of their own, not as failures', async () => {
    const c = queueSummary().counts;
    const bridge = createFakeBridge({
      'queue:list': () => [
        queueSummary('a', { counts: { ...c, cancelled: 4 } }),
        queueSummary('b', { counts: { ...c, cancelled: 1_500 } }),
      ],
    });
    await renderWithApi(<OverviewPage alerts={[]} />, bridge);
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
    await renderWithApi(<OverviewPage alerts={[]} />, bridge);
    const hint = screen.getByTestId('overview-connection-hint');
    expect(hint.title).toBe(description);
    expect(hint.className).toContain('stat-hint');
  });

  it('shows the failed master on the strip and in the verdict, then the promotion and its duration', async () => {
    const bridge = createFakeBridge();
    await renderWithApi(<OverviewPage alerts={[]} />, bridge);
    const failing = snapshot3x3();
    failing.shards[0]!.master.health = 'fail';
    failing.clusterState = 'fail';
    await push(bridge, 'topology:changed', failing);
    expect(value('overview-masters')).toBe('2 / 1');
    expect(value('overview-cluster-state')).toBe('fail');
    expect(screen.getByTestId('overview-strip-summary').textContent).toBe(
      '✗ cluster_state fail · 16,384 of 16,384 slots covered · 5,461 on a failing master',
    );
    expect(screen.getAllByTestId('overview-strip-owner')[0]!.textContent).toBe('127.0.0.1:7000 · 5,461 slots · fail');
    expect(screen.getByTestId('overview-verdict').textContent).toBe(
      '✗ Needs attention: cluster_state fail · 1 master down',
    );
    await push(bridge, 'topology:event', promotionEvent());
    await push(bridge, 'topology:changed', promotedSnapshot());
    expect(value('overview-masters')).toBe('3 / 0');
    expect(value('overview-replicas')).toBe('2 / 1');
    expect(value('overview-last-failover')).toBe('3.8 s');
    expect(screen.getByTestId('overview-verdict').dataset.level).toBe('warn');
  });

  it('ranks queues by trouble, says why, and re-ranks as samples arrive', async () => {
    const names = ['calm', 'old', 'stranded', 'failing'];
    const bridge = createFakeBridge({ 'queue:list': () => names.map((n) => queueSummary(n)) });
    await renderWithApi(<OverviewPage alerts={[]} />, bridge);
    await push(bridge, 'queue:depth', [
      sample('calm'),
      sample('old', { oldestWaitingAt: Date.now() - 5 * 60_000 }),
      sample('stranded', { liveWorkers: 0 }),
      sample('failing', { completedPerSec: 6, failedPerSec: 4 }),
    ]);
    expect(rowOrder()).toBe('stranded,failing,old,calm');
    const reason = (q: string) =>
      within(screen.getByTestId(`overview-queue-row-${q}`)).getByTestId('overview-queue-reason').textContent;
    // The sample's 10 waiting replaced the list's 12.
    expect(reason('stranded')).toBe('no live worker for 10 waiting');
    expect(reason('failing')).toBe('40% failing');
    expect(reason('old')).toBe('oldest waiting 5 min');
    expect(reason('calm')).toBe('ok');
    const stranded = screen.getByTestId('overview-queue-row-stranded');
    expect(stranded.dataset).toMatchObject({ trouble: '4', level: 'danger' });
    expect(within(stranded).getByTestId('overview-queue-workers').textContent).toBe('0');
    expect(within(screen.getByTestId('overview-queue-row-old')).getByTestId('overview-queue-oldest').textContent).toBe(
      '5 min',
    );
    expect(screen.getByTestId('overview-verdict').textContent).toBe(
      '✗ Needs attention: 2 queues in trouble · 1 queue to watch',
    );

    // A worker comes back to "stranded" and the failures stop: both are fine now, ordered by name.
    await push(bridge, 'queue:depth', [
      sample('stranded', { liveWorkers: 3 }),
      sample('failing', { completedPerSec: 1000, failedPerSec: 0 }),
    ]);
    expect(rowOrder()).toBe('old,calm,failing,stranded');
  });

  it('puts active alerts first, firing before pending, and opens the Alerts view', async () => {
    const onOpen = vi.fn();
    const alerts = [
      alert('p', { state: 'pending' }),
      alert('acked', { ackedAt: Date.now() }),
      alert('f', { firedAt: Date.now() - 65_000 }),
    ];
    await renderWithApi(<OverviewPage alerts={alerts} onOpenAlerts={onOpen} />, createFakeBridge());
    const card = screen.getByTestId('overview-alerts');
    expect(card.dataset.count).toBe('2');
    const items = within(card).getAllByTestId('overview-alert');
    expect(items.map((i) => `${i.dataset.key}:${i.dataset.state}`)).toEqual([
      'f:firing',
      'acked:acknowledged',
      'p:pending',
    ]);
    expect(items[0]!.textContent).toBe('firing rule f · emails — f: over the limit for 1 min');
    expect(screen.getByTestId('overview-verdict').textContent).toBe(
      '✗ Needs attention: 1 alert firing · 1 alert acknowledged · 1 alert pending',
    );
    fireEvent.click(screen.getByTestId('overview-alerts-open'));
    expect(onOpen).toHaveBeenCalledOnce();
  });

  it('marks a failover on the throughput chart with a labelled marker, and lists the newest events', async () => {
    const t = Date.now();
    const bridge = createFakeBridge({ 'queue:list': () => [queueSummary('a')] });
    await renderWithApi(<OverviewPage alerts={[]} />, bridge);
    expect(screen.queryAllByTestId('overview-failover-marker')).toHaveLength(0);
    await push(bridge, 'queue:depth', [sample('a')]);
    const events = failoverEvents().map((e, i) => ({ ...e, at: t - 20_000 + i * 1000 }));
    for (const e of [...events, { ...promotionEvent(t - 1000), id: 'e9' }]) await push(bridge, 'topology:event', e);
    const chart = screen.getByTestId('overview-throughput-chart');
    expect(chart.dataset.markers).toBe('3');
    const markers = screen.getAllByTestId('overview-failover-marker');
    expect(markers.map((m) => m.getAttribute('aria-label'))).toEqual([
      expect.stringMatching(/^Failover at .+: failed 127\.0\.0\.1:7000$/),
      expect.stringMatching(/^Failover at .+: promoted 127\.0\.0\.1:7003$/),
      expect.stringMatching(/^Failover at .+: promoted 127\.0\.0\.1:7003$/),
    ]);
    expect(markers[1]!.getAttribute('role')).toBe('img');
    // Five events, newest first: the second promotion, the rejoin, the first promotion, …
    const listed = screen.getAllByTestId('overview-event').map((e) => e.dataset.type);
    expect(listed).toEqual([
      'replica-promoted',
      'node-rejoined-as-replica',
      'replica-promoted',
      'node-failed',
      'node-suspected',
    ]);
  });
});
