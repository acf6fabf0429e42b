import { describe, expect, it } from 'vitest';
import { layoutMarkerLabels, type PlacedMarker } from './markerLabels';

const at = (s: number, label = 'promoted 127.0.0.1:7003') => ({ at: s * 1000, label });
const domain = [0, 900_000] as const; // 15 min over 900 px: 1 px a second

/** Label boxes [x, x + width) per row, to check none overlap. */
function overlaps(placed: PlacedMarker[], charWidth = 6.2): number {
  let n = 0;
  for (const a of placed)
    for (const b of placed) {
      if (a === b || a.row === null || a.row !== b.row) continue;
      const [ax, bx] = [a.at / 1000, b.at / 1000];
      if (ax < bx && ax + a.label.length * charWidth > bx) n++;
    }
  return n;
}

describe('layoutMarkerLabels', () => {
  it('keeps labels far apart on the first line', () => {
    const placed = layoutMarkerLabels([at(100), at(600)], domain, 900);
    expect(placed.map((p) => p.row)).toEqual([0, 0]);
  });

  it('stacks the labels of a node-failed and a promotion 4 s apart on two lines, none overlapping', () => {
    const placed = layoutMarkerLabels(
      [at(304, 'promoted 127.0.0.1:7003'), at(300, 'failed 127.0.0.1:7000')],
      domain,
      900,
    );
    expect(placed.map((p) => [p.at, p.row])).toEqual([
      [300_000, 0],
      [304_000, 1],
    ]);
    expect(overlaps(placed)).toBe(0);
  });

  it('reuses a freed line, and leaves a label out when every line is taken', () => {
    const placed = layoutMarkerLabels([at(10), at(12), at(14), at(16), at(200)], domain, 900, { maxRows: 3 });
    expect(placed.map((p) => p.row)).toEqual([0, 1, 2, null, 0]);
    expect(overlaps(placed)).toBe(0);
  });

  it('never overlaps for many random markers', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 900;
    const markers = Array.from({ length: 40 }, () => at(Math.round(rnd())));
    const placed = layoutMarkerLabels(markers, domain, 900);
    expect(placed).toHaveLength(40);
    expect(overlaps(placed)).toBe(0);
  });
});
