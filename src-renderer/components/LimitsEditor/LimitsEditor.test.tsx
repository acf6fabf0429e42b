import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import type { LimitStatus } from '../../../shared/types/schedule';
import { createFakeBridge } from '../../testing/fake-bridge';
import { limitStatus } from '../../testing/fixtures';
import { renderWithApi } from '../../testing/render';
import { LimitsEditor } from './LimitsEditor';

function Host({ initial }: { initial: LimitStatus }) {
  const [status, setStatus] = useState(initial);
  return <LimitsEditor queue="emails" status={status} onChange={setStatus} />;
}

const button = (id: string) => screen.getByTestId(id) as HTMLButtonElement;

describe('LimitsEditor', () => {
  it('sets and removes the rate limit and the cap, each after a confirmation naming the queue', async () => {
    let stored = limitStatus('emails');
    const bridge = createFakeBridge({
      'limits:set-rate': ({ limit }) => (stored = { ...stored, rateLimit: limit }),
      'limits:set-concurrency': ({ concurrency }) => (stored = { ...stored, concurrency }),
    });
    await renderWithApi(<Host initial={stored} />, bridge);
    expect(screen.getByTestId('limits-rate').textContent).toBe('none');
    expect(button('limit-remove-rate').disabled).toBe(true);
    fireEvent.change(screen.getByTestId('limit-max'), { target: { value: '100' } });
    await userEvent.click(button('limit-set-rate'));
    expect(screen.getByTestId('confirm-dialog-message').textContent).toContain(
      'Queue emails starts at most 100 tasks per 1000 ms',
    );
    expect(bridge.callsTo('limits:set-rate')).toHaveLength(0);
    await userEvent.click(screen.getByTestId('confirm-ok'));
    expect(bridge.callsTo('limits:set-rate')).toEqual([{ queue: 'emails', limit: { max: 100, perMs: 1000 } }]);
    expect(screen.getByTestId('limits-rate').textContent).toBe('100/s');

    fireEvent.change(screen.getByTestId('concurrency-cap'), { target: { value: '5' } });
    await userEvent.click(button('concurrency-set'));
    expect(screen.getByTestId('confirm-dialog-message').textContent).toContain(
      'Queue emails runs at most 5 tasks at once',
    );
    await userEvent.click(screen.getByTestId('confirm-ok'));
    expect(screen.getByTestId('limits-concurrency').textContent).toBe('5');

    await userEvent.click(button('limit-remove-rate'));
    expect(screen.getByTestId('confirm-dialog-message').textContent).toContain('Remove the rate limit of queue emails');
    await userEvent.click(screen.getByTestId('confirm-ok'));
    await userEvent.click(button('concurrency-remove'));
    await userEvent.click(screen.getByTestId('confirm-ok'));
    expect(bridge.callsTo('limits:set-rate').at(-1)).toEqual({ queue: 'emails', limit: null });
    expect(bridge.callsTo('limits:set-concurrency').at(-1)).toEqual({ queue: 'emails', concurrency: null });
    expect(screen.getByTestId('limits-rate').textContent).toBe('none');
    expect(screen.getByTestId('limits-concurrency').textContent).toBe('none');
  });

  it('shows main’s error naming the value in the confirmation', async () => {
    const bridge = createFakeBridge({
      'limits:set-rate': () => ({
        ok: false,
        error: { code: 'invalid-argument', message: 'max=0 is not valid: expected a whole number ≥ 1' },
      }),
    });
    await renderWithApi(<Host initial={limitStatus('emails')} />, bridge);
    fireEvent.change(screen.getByTestId('limit-max'), { target: { value: '0' } });
    await userEvent.click(button('limit-set-rate'));
    await userEvent.click(screen.getByTestId('confirm-ok'));
    expect(screen.getByTestId('confirm-dialog-error').textContent).toBe(
      'invalid-argument: max=0 is not valid: expected a whole number ≥ 1',
    );
    expect(screen.getByTestId('limits-rate').textContent).toBe('none');
  });

  it('is disabled in read-only mode', async () => {
    const status = limitStatus('emails', { rateLimit: { max: 10, perMs: 1000 }, concurrency: 3 });
    await renderWithApi(<Host initial={status} />, createFakeBridge({}, { readOnly: true }));
    for (const id of ['limit-set-rate', 'limit-remove-rate', 'concurrency-set', 'concurrency-remove'])
      expect(button(id).disabled).toBe(true);
    expect((screen.getByTestId('limit-max') as HTMLInputElement).disabled).toBe(true);
  });
});
