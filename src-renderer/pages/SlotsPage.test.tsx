import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createFakeBridge } from '../testing/fake-bridge';
import { disagreeingSnapshot, promotedSnapshot, promotionEvent, snapshot3x3 } from '../testing/fixtures';
import { push, renderWithApi } from '../testing/render';
import { SlotsPage } from './SlotsPage';

describe('SlotsPage', () => {
  it('says which nodes say what while they disagree, and drops the notice once they agree', async () => {
    const bridge = createFakeBridge();
    await renderWithApi(<SlotsPage />, bridge);
    expect(screen.queryByTestId('banner-disagreement')).toBeNull();
    await push(bridge, 'topology:changed', disagreeingSnapshot());
    expect(screen.getByTestId('disagreement-text').textContent).toBe(
      'nodes disagree: 127.0.0.1:7001, 127.0.0.1:7002, 127.0.0.1:7003, 127.0.0.1:7004, 127.0.0.1:7005 say 7000 → 127.0.0.1:7001 | 127.0.0.1:7000 says 7000 → 127.0.0.1:7002',
    );
    expect(screen.getByTestId('banner-disagreement').textContent).toContain('not an agreed one');
    await push(bridge, 'topology:changed', snapshot3x3(1_015_000));
    expect(screen.queryByTestId('banner-disagreement')).toBeNull();
    expect(screen.getByTestId('slot-map').dataset.covered).toBe('16384');
  });

  it('draws a 3+3 cluster with three owner colours and all slots covered', async () => {
    await renderWithApi(<SlotsPage />, createFakeBridge());
    expect(screen.getByTestId('page-slots').dataset.state).toBe('ready');
    const map = screen.getByTestId('slot-map');
    expect(map.dataset.colors).toBe('3');
    expect(map.dataset.covered).toBe('16384');
    expect(screen.getAllByTestId('slot-share-row')).toHaveLength(3);
  });

  it('shows range, owner and replicas on hover', async () => {
    await renderWithApi(<SlotsPage />, createFakeBridge());
    fireEvent.mouseEnter(screen.getByTestId('slot-map').querySelector('rect[data-range="1"]')!);
    const tip = screen.getByTestId('slot-tooltip').textContent!;
    expect(tip).toContain('5461–10922');
    expect(tip).toContain('127.0.0.1:7001');
    expect(tip).toContain('127.0.0.1:7004');
  });

  it('marks failing owners, then highlights the promoted range with the new owner', async () => {
    const bridge = createFakeBridge();
    await renderWithApi(<SlotsPage />, bridge);
    const failing = snapshot3x3(1_005_000);
    failing.shards[0]!.master.health = 'fail';
    await push(bridge, 'topology:changed', failing);
    expect(screen.getAllByTestId('slot-failing').length).toBeGreaterThan(0);

    await push(bridge, 'topology:event', promotionEvent());
    await push(bridge, 'topology:changed', promotedSnapshot());
    const map = screen.getByTestId('slot-map');
    expect(map.dataset.colors).toBe('3');
    expect(map.dataset.covered).toBe('16384');
    expect(screen.getAllByTestId('slot-moved').length).toBeGreaterThan(0);
    expect(screen.queryByTestId('slot-failing')).toBeNull();
    fireEvent.mouseEnter(map.querySelector('rect[data-range="0"]')!);
    expect(screen.getByTestId('slot-tooltip').textContent).toContain('Owner: 127.0.0.1:7003');
  });

  it('draws a range while it migrates (source → target), then the new owner once it lands', async () => {
    const bridge = createFakeBridge();
    await renderWithApi(<SlotsPage />, bridge);
    expect(screen.queryByTestId('slot-migrating')).toBeNull();
    const moving = snapshot3x3(1_005_000);
    moving.migrations = [100, 101, 102].map((slot) => ({ slot, fromId: 'm0', toId: 'm1' }));
    await push(bridge, 'topology:changed', moving);
    const map = screen.getByTestId('slot-map');
    expect(map.dataset.migrating).toBe('1');
    const rect = screen.getByTestId('slot-migrating');
    expect([rect.dataset.from, rect.dataset.to]).toEqual(['m0', 'm1']);
    expect(screen.getByTestId('slot-migration').textContent).toBe(
      'Migrating slots 100–102: 127.0.0.1:7000 → 127.0.0.1:7001',
    );

    const landed = snapshot3x3(1_006_000);
    landed.shards[0]!.slots = [
      [0, 99],
      [103, 5460],
    ];
    landed.shards[1]!.slots = [
      [100, 102],
      [5461, 10922],
    ];
    await push(bridge, 'topology:changed', landed);
    expect(screen.queryByTestId('slot-migrating')).toBeNull();
    expect(screen.queryByTestId('slot-migrations')).toBeNull();
    const owner = map.querySelector('rect[data-slots="100-102"]') as SVGElement;
    expect(owner.dataset.owner).toBe('m1');
  });

  it('answers which slot and node hold a key', async () => {
    await renderWithApi(<SlotsPage />, createFakeBridge());
    await userEvent.type(screen.getByTestId('key-lookup-input'), 'foo');
    const result = screen.getByTestId('key-lookup-result');
    expect(result.dataset.slot).toBe('12182');
    expect(result.textContent).toContain('127.0.0.1:7002');
    expect(screen.getByTestId('slot-marked')).toBeTruthy();
  });

  it('explains that single mode has no slots', async () => {
    const bridge = createFakeBridge({ 'topology:snapshot': () => ({ ...snapshot3x3(), mode: 'single', shards: [] }) });
    await renderWithApi(<SlotsPage />, bridge);
    expect(screen.getByTestId('single-mode-note')).toBeTruthy();
    expect(screen.queryByTestId('slot-map')).toBeNull();
  });
});
