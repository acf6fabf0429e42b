import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from './App';
import { createFakeBridge } from './testing/fake-bridge';
import { renderWithApi } from './testing/render';

describe('App', () => {
  it('switches views with 1–9 and 0, opens help with ? and jumps to search with /', async () => {
    await renderWithApi(<App />, createFakeBridge());
    expect(screen.getByTestId('page-overview').dataset.state).toBe('ready');
    await userEvent.keyboard('2');
    // The Slots view is loaded lazily: allow for a busy machine.
    expect(await screen.findByTestId('slot-map', {}, { timeout: 10_000 })).toBeTruthy();
    await userEvent.keyboard('3');
    expect(screen.getByTestId('page-topology')).toBeTruthy();
    await userEvent.keyboard('7');
    expect(await screen.findByTestId('page-schedules')).toBeTruthy();
    await userEvent.keyboard('8');
    expect(await screen.findByTestId('page-alerts')).toBeTruthy();
    await userEvent.keyboard('9');
    expect(await screen.findByTestId('page-audit')).toBeTruthy();
    await userEvent.keyboard('0');
    expect(screen.getByTestId('app').dataset.view).toBe('connection');
    await userEvent.keyboard('?');
    expect(screen.getByTestId('help-overlay')).toBeTruthy();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByTestId('help-overlay')).toBeNull();
    await userEvent.keyboard('/');
    expect(screen.getByTestId('app').dataset.view).toBe('tasks');
    // Above the 10 s allowed for the lazy Slots view: the default 5 s test timeout cut that short on a loaded machine.
  }, 20_000);

  it('shows the read-only badge', async () => {
    await renderWithApi(<App />, createFakeBridge({}, { readOnly: true }));
    expect(screen.getByTestId('read-only-badge')).toBeTruthy();
  });
});
