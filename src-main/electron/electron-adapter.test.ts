import { describe, expect, it, vi } from 'vitest';
import { CHANNELS, EVENT_NAMES } from '../../shared/ipc/contract';
import { APP_INDEX_URL } from './app-protocol';
import { mayNavigate, mayOpenExternally } from './navigation';
import { notificationFor } from './notifications';
import { createPreloadBridge, isAllowedEvent, isAllowedInvoke, type RendererIpc } from './preload-allowlist';
import { isTrustedSender } from './sender-validation';
import { windowOptions, windowTitle } from './window-options';

describe('windowOptions', () => {
  it('isolates and sandboxes the page, with DevTools only when not packaged', () => {
    const o = windowOptions({
      preloadPath: '/app/out/preload/preload.cjs',
      isPackaged: true,
      title: windowTitle('Slotline', '0.1.0'),
    });
    expect(o.title).toBe('Slotline 0.1.0');
    expect(o.webPreferences).toMatchObject({
      preload: '/app/out/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
      devTools: false,
    });
    expect(windowOptions({ preloadPath: 'p', isPackaged: false, title: 't' }).webPreferences?.devTools).toBe(true);
  });

  it('opens at the placed bounds, with the minimum size kept', () => {
    const o = windowOptions({
      preloadPath: 'p',
      isPackaged: true,
      title: 't',
      bounds: { x: 5, y: 6, width: 1000, height: 700 },
    });
    expect(o).toMatchObject({ x: 5, y: 6, width: 1000, height: 700, minWidth: 960, minHeight: 600 });
    expect(windowOptions({ preloadPath: 'p', isPackaged: true, title: 't' })).toMatchObject({
      width: 1360,
      height: 860,
    });
  });
});

describe('isTrustedSender', () => {
  const trusted = { appIndexUrl: APP_INDEX_URL };

  it("accepts the app's own index page on app://slotline, with any hash or query", () => {
    expect(APP_INDEX_URL).toBe('app://slotline/index.html');
    expect(isTrustedSender('app://slotline/index.html', trusted)).toBe(true);
    expect(isTrustedSender('app://slotline/index.html#/topology', trusted)).toBe(true);
    expect(isTrustedSender('app://slotline/index.html?x=1#/queues', trusted)).toBe(true);
  });

  it('refuses other pages of the app origin, other hosts and schemes, file:// pages, blank and junk', () => {
    for (const url of [
      'app://slotline/other.html',
      'app://slotline/',
      'app://slotline/assets/index.js',
      'app://slotline/index.html/x',
      'app://evil/index.html',
      'app://slotline.evil/index.html',
      'app://user:pw@slotline/index.html',
      'appx://slotline/index.html',
      // Where the page lived before it moved to app://: no longer trusted.
      'file:///opt/Slotline/resources/app.asar/out/renderer/index.html',
      'file:///tmp/index.html',
      'https://evil.example/index.html',
      'http://localhost:5173/',
      'about:blank',
      'data:text/html,hi',
      '',
      undefined,
      null,
      'not a url',
    ]) {
      expect(isTrustedSender(url, trusted), String(url)).toBe(false);
    }
  });

  it('accepts the dev server origin only when one is set', () => {
    const dev = { ...trusted, devServerUrl: 'http://localhost:5173' };
    expect(isTrustedSender('http://localhost:5173/#/queues', dev)).toBe(true);
    expect(isTrustedSender('http://localhost:5174/', dev)).toBe(false);
    expect(isTrustedSender('http://127.0.0.1:5173/', dev)).toBe(false);
    expect(isTrustedSender('file:///tmp/index.html', dev)).toBe(false);
  });
});

describe('navigation', () => {
  it('never lets the window navigate', () => {
    expect(mayNavigate('https://redis.io/')).toBe(false);
    expect(mayNavigate('file:///etc/passwd')).toBe(false);
  });

  it('opens only allow-listed https links externally', () => {
    expect(mayOpenExternally('https://redis.io/docs/latest/operate/oss_and_stack/management/scaling/')).toBe(true);
    expect(mayOpenExternally('https://github.com/slotline/slotline/issues')).toBe(true);
    for (const url of [
      'http://redis.io/',
      'https://redis.io.evil.com/',
      'https://evil.com/?https://redis.io/',
      'https://user:pw@redis.io/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'not a url',
    ]) {
      expect(mayOpenExternally(url), url).toBe(false);
    }
  });
});

describe('preload bridge', () => {
  function fakeIpc() {
    const listeners = new Map<string, Set<(e: unknown, p: unknown) => void>>();
    const ipc: RendererIpc & { emit(ch: string, payload: unknown): void } = {
      invoke: vi.fn(async (channel: string, request: unknown) => ({ ok: true, data: { channel, request } })),
      on: vi.fn((ch, l) => {
        listeners.set(ch, (listeners.get(ch) ?? new Set()).add(l));
      }),
      removeListener: vi.fn((ch, l) => {
        listeners.get(ch)?.delete(l);
      }),
      emit(ch, payload) {
        const fakeEvent = { sender: { send: 'ipcRenderer would leak here' } };
        listeners.get(ch)?.forEach((l) => l(fakeEvent, payload));
      },
    };
    return ipc;
  }

  it("allows exactly the contract's channels and events", () => {
    for (const c of CHANNELS) expect(isAllowedInvoke(c)).toBe(true);
    for (const e of EVENT_NAMES) expect(isAllowedEvent(e)).toBe(true);
    for (const bad of ['queue:nope', 'topology:changed', 'constructor', '__proto__', '', 1, null])
      expect(isAllowedInvoke(bad)).toBe(false);
    expect(isAllowedEvent('queue:list')).toBe(false);
  });

  it('forwards allowed invokes and refuses the rest without touching ipc', async () => {
    const ipc = fakeIpc();
    const bridge = createPreloadBridge(ipc);
    await expect(bridge.invoke('queue:list', {})).resolves.toEqual({
      ok: true,
      data: { channel: 'queue:list', request: {} },
    });
    await expect(bridge.invoke('evil:channel' as never, {} as never)).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
    expect(ipc.invoke).toHaveBeenCalledTimes(1);
  });

  it('passes listeners the payload only, and unsubscribes', () => {
    const ipc = fakeIpc();
    const bridge = createPreloadBridge(ipc);
    const got: unknown[][] = [];
    const off = bridge.on('queue:depth', (...args: unknown[]) => got.push(args));
    ipc.emit('queue:depth', [{ queue: 'q' }]);
    expect(got).toEqual([[[{ queue: 'q' }]]]);
    off();
    ipc.emit('queue:depth', []);
    expect(got).toHaveLength(1);
    expect(bridge.on('not:an-event' as never, () => undefined)).toBeTypeOf('function');
    expect(ipc.on).toHaveBeenCalledTimes(1);
  });
});

describe('notificationFor', () => {
  it('notifies promotions and failures only', () => {
    expect(
      notificationFor({
        id: '1',
        at: 1,
        type: 'replica-promoted',
        oldMasterId: 'a',
        oldMasterAddress: '127.0.0.1:7000',
        newMasterId: 'b',
        newMasterAddress: '127.0.0.1:7003',
        slots: [[0, 5460]],
        durationMs: 4200,
      }),
    ).toEqual({
      title: 'Slotline: replica promoted',
      body: '127.0.0.1:7003 took over slots 0-5460 from 127.0.0.1:7000 after 4.2 s',
    });
    expect(
      notificationFor({ id: '2', at: 1, type: 'node-failed', nodeId: 'a', address: '127.0.0.1:7000', role: 'master' }),
    ).toEqual({
      title: 'Slotline: master failed',
      body: '127.0.0.1:7000 is marked failed by the cluster',
    });
    expect(
      notificationFor({ id: '3', at: 1, type: 'node-recovered', nodeId: 'a', address: '127.0.0.1:7000' }),
    ).toBeNull();
  });
});

describe('applicationMenu', () => {
  it('has an About entry on every platform', async () => {
    const { applicationMenu } = await import('./app-menu');
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const items = JSON.stringify(applicationMenu('Slotline', platform));
      expect(items).toContain('"role":"about"');
      expect(items).toContain('About Slotline');
    }
  });
});
