import { describe, expect, it } from 'vitest';
import { toggleSelection } from './selection';

const ids = ['a', 'b', 'c', 'd', 'e'];

describe('toggleSelection', () => {
  it('toggles one box', () => {
    expect([...toggleSelection(ids, new Set(), null, 'b', false)]).toEqual(['b']);
    expect([...toggleSelection(ids, new Set(['b']), 'b', 'b', false)]).toEqual([]);
  });
  it('selects the range from the anchor on shift-click, in either direction', () => {
    expect([...toggleSelection(ids, new Set(['b']), 'b', 'd', true)].sort()).toEqual(['b', 'c', 'd']);
    expect([...toggleSelection(ids, new Set(['d']), 'd', 'a', true)].sort()).toEqual(['a', 'b', 'c', 'd']);
  });
  it('clears a range when the shift-clicked box was on', () => {
    expect([...toggleSelection(ids, new Set(ids), 'a', 'c', true)].sort()).toEqual(['d', 'e']);
  });
});
