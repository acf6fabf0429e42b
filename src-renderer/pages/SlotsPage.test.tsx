import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createFakeBridge } from '../testing/fake-bridge';
import { promotedSnapshot, promotionEvent, snapshot3x3 } from '../testing/fixtures';
import { push, renderWithApi } from '../testing/render';
import { SlotsPage } from './SlotsPage';

describe('SlotsPage', () => {
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
