import { describe, expect, it, vi } from 'vitest';
import { checkSession, takeToken } from './web-session';

describe('takeToken', () => {
  it('moves the token from the hash to sessionStorage and clears the address bar', () => {
    const replaceState = vi.fn();
    const location = { hash: '#token=abc%2F1', pathname: '/', search: '' } as Location;
    const token = takeToken(location, window.sessionStorage, { replaceState } as unknown as History);
    expect(token).toBe('abc/1');
    expect(window.sessionStorage.getItem('slotline.token')).toBe('abc/1');
    expect(replaceState).toHaveBeenCalledWith(null, '', '/');
  });
  it('falls back to the stored token on reload', () => {
    window.sessionStorage.setItem('slotline.token', 'kept');
    expect(takeToken({ hash: '', pathname: '/', search: '' } as Location, window.sessionStorage, {} as History)).toBe(
      'kept',
    );
  });
});

describe('checkSession', () => {
  it('sends the bearer token and maps 401 to unauthorized', async () => {
    const fetchImpl = vi.fn(async () => new Response('', { status: 401 }));
    expect(await checkSession('t', fetchImpl)).toBe('unauthorized');
    expect(fetchImpl).toHaveBeenCalledWith('/api/session', { headers: { Authorization: 'Bearer t' } });
  });
  it('is ok on 200 and unreachable on a network error', async () => {
    expect(await checkSession('t', async () => new Response('{}', { status: 200 }))).toBe('ok');
    expect(await checkSession('t', async () => Promise.reject(new Error('down')))).toBe('unreachable');
  });
});
