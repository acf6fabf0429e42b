import { describe, expect, it } from 'vitest';
import { singleAddressFromDescription } from './poll-single';

describe('singleAddressFromDescription', () => {
  it('finds host:port in a handle description, defaulting the port', () => {
    expect(singleAddressFromDescription('single redis://127.0.0.1:6390')).toBe('127.0.0.1:6390');
    expect(singleAddressFromDescription('single rediss://user:***@cache.example/2 as user (TLS)')).toBe(
      'cache.example:6379',
    );
    expect(singleAddressFromDescription('single redis://[::1]:7000')).toBe('[::1]:7000');
    expect(singleAddressFromDescription('cluster a:1')).toBeUndefined();
  });
});
