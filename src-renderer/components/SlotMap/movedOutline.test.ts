import { describe, expect, it } from 'vitest';
import { movedOutline } from './movedOutline';

describe('movedOutline', () => {
  it('outlines one run with its four sides', () => {
    expect(movedOutline([{ x: 2, y: 5, width: 3 }])).toBe('M2 5H5M2 6H5M2 5V6M5 5V6');
  });

  it('leaves out the edges two stacked rows share, so only the outer ring is drawn', () => {
    const d = movedOutline([
      { x: 10, y: 3, width: 4 },
      { x: 10, y: 4, width: 4 },
    ]);
    expect(d).toBe('M10 3H14M10 3V4M14 3V4M10 5H14M10 4V5M14 4V5');
    expect(d).not.toContain('M10 4H14');
  });

  it('draws only the uncovered part of a partly shared edge, and merges touching runs of one row', () => {
    const d = movedOutline([
      { x: 0, y: 0, width: 2 },
      { x: 2, y: 0, width: 2 },
      { x: 1, y: 1, width: 5 },
    ]);
    expect(d).toBe('M0 0H4M0 1H1M0 0V1M4 0V1M4 1H6M1 2H6M1 1V2M6 1V2');
  });

  it('gives an empty path for nothing moved', () => {
    expect(movedOutline([])).toBe('');
  });
});
