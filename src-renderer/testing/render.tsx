import { act, render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import type { EventName, EventPayload } from '../../shared/ipc/contract';
import { ApiProvider } from '../api/ApiContext';
import type { FakeBridge } from './fake-bridge';

/** Renders inside an ApiProvider over the fake and lets the first invokes settle. */
export async function renderWithApi(ui: ReactElement, bridge: FakeBridge): Promise<RenderResult> {
  let result!: RenderResult;
  await act(async () => {
    result = render(<ApiProvider bridge={bridge}>{ui}</ApiProvider>);
  });
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
  return result;
}

/** Pushes an event through the fake, inside act. */
export async function push<E extends EventName>(bridge: FakeBridge, event: E, payload: EventPayload<E>): Promise<void> {
  await act(async () => {
    bridge.emit(event, payload);
    await new Promise((r) => setTimeout(r, 0));
  });
}
