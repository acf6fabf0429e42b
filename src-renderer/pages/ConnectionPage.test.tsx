import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createFakeBridge } from '../testing/fake-bridge';
import { appInfo } from '../testing/fixtures';
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

describe('ConnectionPage and the automatic rebalance', () => {
  it('is off unless ticked; ticked, it goes with connect and save, with its minutes, and a loaded profile keeps it', async () => {
    const bridge = createFakeBridge({
      'connection:connect': () => ({ state: 'ready' }),
      'connection:save-profile': (p) => ({ ...p, id: 'p9', hasPassword: false }),
      'connection:profiles': () => [
        {
          id: 'p2',
          name: 'big',
          mode: 'cluster',
          nodes: 'a:1',
          hasPassword: false,
          tls: false,
          autoRebalance: true,
          autoRebalanceMinutes: 30,
        },
      ],
    });
    await renderWithApi(<ConnectionPage />, bridge);
    const minutes = screen.getByTestId('conn-auto-rebalance-minutes') as HTMLInputElement;
    expect((screen.getByTestId('conn-auto-rebalance') as HTMLInputElement).checked).toBe(false);
    expect(minutes.disabled).toBe(true);
    await userEvent.click(screen.getByTestId('conn-connect'));
    expect(bridge.callsTo('connection:connect').at(-1)).not.toHaveProperty('autoRebalance');
    await userEvent.click(screen.getByTestId('conn-auto-rebalance'));
    fireEvent.change(minutes, { target: { value: '5' } });
    await userEvent.click(screen.getByTestId('conn-connect'));
    expect(bridge.callsTo('connection:connect').at(-1)).toMatchObject({ autoRebalance: true, autoRebalanceMinutes: 5 });
    await userEvent.click(screen.getByTestId('conn-save'));
    expect(bridge.callsTo('connection:save-profile').at(-1)).toMatchObject({
      autoRebalance: true,
      autoRebalanceMinutes: 5,
    });
    expect(screen.getByTestId('conn-profile-p2').textContent).toContain('automatic rebalance (30 min)');
    await userEvent.click(screen.getByTestId('conn-profile-load-p2'));
    expect((screen.getByTestId('conn-auto-rebalance') as HTMLInputElement).checked).toBe(true);
    expect(minutes.value).toBe('30');
    await userEvent.click(screen.getByTestId('conn-profile-connect-p2'));
    expect(bridge.callsTo('connection:connect').at(-1)).toMatchObject({
      id: 'p2',
      autoRebalance: true,
      autoRebalanceMinutes: 30,
    });
  });
});

const prod = {
  id: 'p1',
  name: 'prod',
  mode: 'single' as const,
  url: 'redis://10.0.0.1:6379',
  hasPassword: true,
  tls: false,
};

describe('ConnectionPage and saved passwords', () => {
  it('says the saved password will not be sent once a loaded profile points elsewhere, and requires one', async () => {
    const bridge = createFakeBridge({
      'connection:profiles': () => [prod],
      'connection:test': () => ({ mode: 'single', description: 'single redis://10.0.0.2:6379', masters: 1 }),
    });
    await renderWithApi(<ConnectionPage />, bridge);
    await userEvent.click(screen.getByTestId('conn-profile-load-p1'));
    expect(screen.queryByTestId('conn-password-withheld')).toBeNull();
    expect((screen.getByTestId('conn-password') as HTMLInputElement).required).toBe(false);
    expect((screen.getByTestId('conn-test') as HTMLButtonElement).disabled).toBe(false);

    fireEvent.change(screen.getByTestId('conn-url'), { target: { value: 'redis://10.0.0.2:6379' } });
    expect(screen.getByTestId('conn-password-withheld').textContent).toContain(
      'its saved password will not be sent here',
    );
    expect((screen.getByTestId('conn-password') as HTMLInputElement).required).toBe(true);
    expect((screen.getByTestId('conn-test') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('conn-connect') as HTMLButtonElement).disabled).toBe(true);

    fireEvent.change(screen.getByTestId('conn-password'), { target: { value: 'typed' } });
    expect(screen.queryByTestId('conn-password-withheld')).toBeNull();
    await userEvent.click(screen.getByTestId('conn-test'));
    expect(bridge.callsTo('connection:test')).toEqual([
      { id: 'p1', name: 'prod', mode: 'single', url: 'redis://10.0.0.2:6379', password: 'typed', tls: false },
    ]);
  });

  it('treats a changed user or TLS as another target too', async () => {
    const bridge = createFakeBridge({ 'connection:profiles': () => [prod] });
    await renderWithApi(<ConnectionPage />, bridge);
    await userEvent.click(screen.getByTestId('conn-profile-load-p1'));
    await userEvent.click(screen.getByTestId('conn-tls'));
    expect(screen.getByTestId('conn-password-withheld')).toBeTruthy();
    await userEvent.click(screen.getByTestId('conn-tls'));
    expect(screen.queryByTestId('conn-password-withheld')).toBeNull();
    fireEvent.change(screen.getByTestId('conn-username'), { target: { value: 'admin' } });
    expect(screen.getByTestId('conn-password-withheld')).toBeTruthy();
  });

  it('disables every connection and profile control in read-only mode, and says why', async () => {
    const bridge = createFakeBridge({ 'connection:profiles': () => [prod] }, { readOnly: true });
    await renderWithApi(<ConnectionPage />, bridge);
    for (const id of [
      'conn-test',
      'conn-connect',
      'conn-save',
      'conn-disconnect',
      'conn-profile-connect-p1',
      'conn-profile-delete-p1',
    ])
      expect((screen.getByTestId(id) as HTMLButtonElement).disabled, id).toBe(true);
    expect(screen.getByTestId('conn-read-only').textContent).toContain('read-only');
    expect((screen.getByTestId('conn-profile-load-p1') as HTMLButtonElement).disabled).toBe(false);
  });

  it('says when saved passwords are not encrypted, and then does not remember one unless asked', async () => {
    const bridge = createFakeBridge({
      'app:info': () => appInfo(false, 'memory'),
      'connection:save-profile': (req) => ({ ...prod, ...req, id: 'p2', hasPassword: false }),
    });
    await renderWithApi(<ConnectionPage />, bridge);
    const note = screen.getByTestId('conn-secret-storage');
    expect(note.dataset.storage).toBe('memory');
    expect(note.textContent).toContain('not encrypted');
    expect((screen.getByTestId('conn-remember') as HTMLInputElement).checked).toBe(false);
    fireEvent.change(screen.getByTestId('conn-password'), { target: { value: 'pw' } });
    await userEvent.click(screen.getByTestId('conn-save'));
    expect(bridge.callsTo('connection:save-profile')[0]).toMatchObject({ password: '' });

    await userEvent.click(screen.getByTestId('conn-remember'));
    fireEvent.change(screen.getByTestId('conn-password'), { target: { value: 'pw' } });
    await userEvent.click(screen.getByTestId('conn-save'));
    expect(bridge.callsTo('connection:save-profile')[1]).toMatchObject({ password: 'pw' });
  });

  it('remembers by default when storage is encrypted, and says so', async () => {
    const bridge = createFakeBridge({
      'app:info': () => appInfo(false, 'encrypted'),
      'connection:save-profile': (req) => ({ ...prod, ...req, id: 'p3', hasPassword: true }),
    });
    await renderWithApi(<ConnectionPage />, bridge);
    expect(screen.getByTestId('conn-secret-storage').dataset.storage).toBe('encrypted');
    expect((screen.getByTestId('conn-remember') as HTMLInputElement).checked).toBe(true);
    fireEvent.change(screen.getByTestId('conn-password'), { target: { value: 'pw' } });
    await userEvent.click(screen.getByTestId('conn-save'));
    expect(bridge.callsTo('connection:save-profile')[0]).toMatchObject({ password: 'pw' });
  });

  it('warns that a plain-text file is not encrypted', async () => {
    const bridge = createFakeBridge({ 'app:info': () => appInfo(false, 'plaintext-file') });
    await renderWithApi(<ConnectionPage />, bridge);
    expect(screen.getByTestId('conn-secret-storage').textContent).toContain('NOT encrypted');
  });
});
