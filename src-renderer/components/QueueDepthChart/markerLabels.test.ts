import { describe, expect, it } from 'vitest';
import { layoutMarkerLabels, type PlacedMarker } from './markerLabels';

const at = (s: number, label = 'promoted 127.0.0.1:7003') => ({ at: s * 1000, label });
const domain = [0, 900_000] as const; // 15 min over 900 px: 1 px a second

/** Label boxes [x, x + width), or [x - width, x) for a label left of its marker. */
const box = (p: PlacedMarker, charWidth = 6.2): [number, number] => {
  const x = p.at / 1000;
  const w = p.label.length * charWidth;
  return p.side === 'right' ? [x, x + w] : [x - w, x];
};

/** Pairs of labels on one row whose boxes overlap. */
function overlaps(placed: PlacedMarker[]): number {
  let n = 0;
  for (const a of placed)
    for (const b of placed) {
      if (a === b || a.row === null || a.row !== b.row) continue;
      const [[a0, a1], [b0, b1]] = [box(a), box(b)];
      if (a0 < b1 && b0 < a1) n++;
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

  it('puts a label left of a marker near the right edge, so it is not cut off, and still stacks', () => {
    const placed = layoutMarkerLabels(
      [at(880, 'failed 127.0.0.1:7000'), at(884, 'promoted 127.0.0.1:7003'), at(100)],
      domain,
      900,
    );
    expect(placed.map((p) => [p.at / 1000, p.side, p.row])).toEqual([
      [100, 'right', 0],
      [880, 'left', 0],
      [884, 'left', 1],
    ]);
    for (const p of placed) expect(box(p)[1]).toBeLessThanOrEqual(900);
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
