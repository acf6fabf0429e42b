import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { placeWindow, WindowStateStore } from './window-state';

const opts = (workAreas: { x: number; y: number; width: number; height: number }[]) => ({
  defaultSize: { width: 1360, height: 860 },
  minSize: { width: 960, height: 600 },
  workAreas,
});
const laptop = { x: 0, y: 0, width: 1920, height: 1050 };
const right = { x: 1920, y: 0, width: 2560, height: 1400 };

describe('placeWindow', () => {
  it('centres the default size on the first display when nothing is saved', () => {
    expect(placeWindow(undefined, opts([laptop]))).toEqual({
      x: 280,
      y: 95,
      width: 1360,
      height: 860,
      maximized: false,
    });
  });

  it('restores saved bounds that sit on an attached display, on the second display too', () => {
    const saved = { x: 2100, y: 120, width: 1600, height: 1000, maximized: true };
    expect(placeWindow(saved, opts([laptop, right]))).toEqual(saved);
  });

  it('brings a window from an unplugged display back, centred on the first one, shrunk to fit', () => {
    const saved = { x: 2100, y: 120, width: 2400, height: 1300, maximized: false };
    expect(placeWindow(saved, opts([laptop]))).toEqual({ x: 0, y: 0, width: 1920, height: 1050, maximized: false });
  });

  it('pulls a window hanging off an edge back so its title bar can be grabbed', () => {
    const saved = { x: -1300, y: -40, width: 1360, height: 860, maximized: false };
    expect(placeWindow(saved, opts([laptop]))).toEqual({ x: -1296, y: 0, width: 1360, height: 860, maximized: false });
  });

  it('keeps the minimum size even on a display smaller than it', () => {
    const tiny = { x: 0, y: 0, width: 800, height: 500 };
    expect(placeWindow({ x: 0, y: 0, width: 1360, height: 860, maximized: false }, opts([tiny]))).toMatchObject({
      width: 960,
      height: 600,
    });
  });

  it('lets the OS place the window when no display is reported', () => {
    expect(placeWindow(undefined, opts([]))).toEqual({ width: 1360, height: 860, maximized: false });
  });
});

describe('WindowStateStore', () => {
  const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'sl-win-'));

  it('saves and loads the state, rounding to whole pixels', () => {
    const d = dir();
    new WindowStateStore(d).save({ x: 10.4, y: 20.6, width: 1200, height: 800, maximized: true });
    expect(new WindowStateStore(d).load()).toEqual({ x: 10, y: 21, width: 1200, height: 800, maximized: true });
  });

  it('reads a missing, corrupt or wrongly shaped file as nothing saved', () => {
    const d = dir();
    const store = new WindowStateStore(d);
    expect(store.load()).toBeUndefined();
    fs.writeFileSync(path.join(d, 'window-state.json'), '{not json');
    expect(store.load()).toBeUndefined();
    fs.writeFileSync(path.join(d, 'window-state.json'), JSON.stringify({ x: 1, y: 2, width: -5, height: 3 }));
    expect(store.load()).toBeUndefined();
  });
});
