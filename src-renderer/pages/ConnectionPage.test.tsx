import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createFakeBridge } from '../testing/fake-bridge';
import { renderWithApi } from '../testing/render';
import { ConnectionPage } from './ConnectionPage';

describe('ConnectionPage', () => {
  it('tests a cluster seed list and shows the exact error', async () => {
    const bridge = createFakeBridge({
      'connection:test': () => ({
        ok: false,
        error: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 10.0.0.1:7000' },
      }),
    });
    await renderWithApi(<ConnectionPage />, bridge);
    expect(screen.getByTestId('page-connection').dataset.state).toBe('ready');
    await userEvent.click(screen.getByTestId('conn-mode-cluster'));
    fireEvent.change(screen.getByTestId('conn-nodes'), { target: { value: '10.0.0.1:7000' } });
    fireEvent.change(screen.getByTestId('conn-password'), { target: { value: 's3cret' } });
    await userEvent.click(screen.getByTestId('conn-test'));
    expect(bridge.callsTo('connection:test')).toEqual([
      { name: 'local', mode: 'cluster', nodes: '10.0.0.1:7000', password: 's3cret', tls: false },
    ]);
    expect(screen.getByTestId('conn-error').textContent).toBe(
      '{ code: "ECONNREFUSED", message: "connect ECONNREFUSED 10.0.0.1:7000" }',
    );
  });

  it('lists saved profiles and loads one without its password', async () => {
    const bridge = createFakeBridge({
      'connection:profiles': () => [
        { id: 'p1', name: 'prod', mode: 'cluster', nodes: 'a:1,b:2', hasPassword: true, tls: true },
      ],
    });
    await renderWithApi(<ConnectionPage />, bridge);
    expect(screen.getByTestId('conn-profile-p1').textContent).toContain('password saved');
    await userEvent.click(screen.getByTestId('conn-profile-load-p1'));
    expect((screen.getByTestId('conn-nodes') as HTMLInputElement).value).toBe('a:1,b:2');
    expect((screen.getByTestId('conn-tls') as HTMLInputElement).checked).toBe(true);
  });
});
