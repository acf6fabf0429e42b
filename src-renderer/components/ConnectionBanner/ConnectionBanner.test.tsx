import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createFakeBridge } from '../../testing/fake-bridge';
import { snapshot3x3 } from '../../testing/fixtures';
import { push, renderWithApi } from '../../testing/render';
import { ConnectionBanner } from './ConnectionBanner';

describe('ConnectionBanner', () => {
  it('shows a countdown while reconnecting and disappears when ready', async () => {
    const bridge = createFakeBridge();
    await renderWithApi(<ConnectionBanner />, bridge);
    expect(screen.queryByTestId('banner-connection-lost')).toBeNull();
    await push(bridge, 'connection:state', {
      state: 'reconnecting',
      retryAt: Date.now() + 4200,
      error: { code: 'ECONNREFUSED', message: 'refused' },
    });
    expect(screen.getByTestId('banner-connection-lost').textContent).toContain('refused');
    expect(Number(screen.getByTestId('retry-countdown').dataset.seconds)).toBeGreaterThanOrEqual(4);
    await push(bridge, 'connection:state', { state: 'ready' });
    expect(screen.queryByTestId('banner-connection-lost')).toBeNull();
  });
  it('warns while the cluster is fail', async () => {
    const bridge = createFakeBridge();
    await renderWithApi(<ConnectionBanner />, bridge);
    await push(bridge, 'topology:changed', {
      ...snapshot3x3(),
      clusterState: 'fail',
      coverage: { assigned: 16384, ok: 10923, pfail: 0, fail: 5461, unassigned: 0 },
    });
    expect(screen.getByTestId('banner-cluster-fail').textContent).toContain('5461 slots');
  });
});
