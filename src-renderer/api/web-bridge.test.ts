import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWebBridge } from './web-bridge';
import { appInfo } from '../testing/fixtures';

class FakeSocket {
  static OPEN = 1;
  static instances: FakeSocket[] = [];
  readyState = 0;
  sent: { id: number; channel: string }[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: string }) => void) | null = null;
  onclose: ((e: { code: number }) => void) | null = null;
  constructor(public url: string) {
    FakeSocket.instances.push(this);
  }
  send(text: string) {
    this.sent.push(JSON.parse(text));
  }
  close() {}
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  receive(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}
const latest = () => FakeSocket.instances[FakeSocket.instances.length - 1]!;
const make = (onUnauthorized = vi.fn()) =>
  createWebBridge({
    url: 'ws://x/api/ws?token=t',
    WebSocketImpl: FakeSocket as unknown as typeof WebSocket,
    onUnauthorized,
    now: () => 1000,
  });

describe('createWebBridge', () => {
  beforeEach(() => {
    FakeSocket.instances = [];
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('queues invokes until open and matches results by id, validated against the contract', async () => {
    const bridge = make();
    const result = bridge.invoke('app:info', {});
    latest().open();
    expect(latest().sent[0]).toMatchObject({ type: 'invoke', channel: 'app:info' });
    latest().receive({ type: 'result', id: latest().sent[0]!.id, result: { ok: true, data: appInfo(true) } });
    expect(await result).toEqual({ ok: true, data: appInfo(true) });
  });

  it('refuses a response that does not match the schema', async () => {
    const bridge = make();
    latest().open();
    const result = bridge.invoke('app:info', {});
    latest().receive({ type: 'result', id: latest().sent[0]!.id, result: { ok: true, data: { nope: 1 } } });
    expect(await result).toMatchObject({ ok: false, error: { code: 'invalid-response' } });
  });

  it('delivers valid events and drops invalid ones', () => {
    const bridge = make();
    latest().open();
    const seen = vi.fn();
    bridge.on('connection:state', seen);
    latest().receive({ type: 'event', event: 'connection:state', payload: { state: 'ready' } });
    latest().receive({ type: 'event', event: 'connection:state', payload: { state: 'bogus' } });
    expect(seen).toHaveBeenCalledTimes(1);
  });

  it('reports a lost socket with a retry time and reconnects with growing delays', () => {
    const bridge = make();
    latest().open();
    const seen = vi.fn();
    bridge.on('connection:state', seen);
    latest().onclose?.({ code: 1006 });
    expect(seen).toHaveBeenCalledWith(expect.objectContaining({ state: 'reconnecting', retryAt: 1500 }));
    vi.advanceTimersByTime(500);
    expect(FakeSocket.instances).toHaveLength(2);
    latest().onclose?.({ code: 1006 });
    expect(seen).toHaveBeenLastCalledWith(expect.objectContaining({ retryAt: 2000 }));
  });

  it('stops and reports when the server refuses the token', () => {
    const onUnauthorized = vi.fn();
    make(onUnauthorized);
    latest().onclose?.({ code: 4401 });
    vi.advanceTimersByTime(60_000);
    expect(onUnauthorized).toHaveBeenCalledOnce();
    expect(FakeSocket.instances).toHaveLength(1);
  });

  it('checks the session over HTTP after a plain close, and stops when the token is no longer valid', async () => {
    const onUnauthorized = vi.fn();
    const checkSession = vi.fn(async () => 'unauthorized' as const);
    createWebBridge({
      url: 'ws://x/api/ws?token=t',
      WebSocketImpl: FakeSocket as unknown as typeof WebSocket,
      onUnauthorized,
      checkSession,
      now: () => 1000,
    });
    latest().open();
    latest().onclose?.({ code: 1006 });
    await Promise.resolve();
    await Promise.resolve();
    expect(onUnauthorized).toHaveBeenCalledOnce();
    vi.advanceTimersByTime(60_000);
    expect(checkSession).toHaveBeenCalledOnce();
    expect(FakeSocket.instances).toHaveLength(1);
  });
});
