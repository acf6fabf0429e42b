import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { createLogger } from '../log/create-logger';

const log = createLogger('window-state');

/** A rectangle in screen coordinates (DIP), as Electron's `Rectangle`. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const WindowStateSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  maximized: z.boolean().default(false),
});
/** The main window's last normal bounds and whether it was maximized. */
export type WindowState = z.infer<typeof WindowStateSchema>;

/** Bounds to open the window with; no x/y: let the OS place it. */
export type WindowPlacement = Omit<WindowState, 'x' | 'y'> & { x?: number; y?: number };

export interface PlaceOptions {
  /** Size when nothing is saved or the saved size does not fit. */
  defaultSize: { width: number; height: number };
  minSize: { width: number; height: number };
  /** Work areas of the displays now attached (Electron: `screen.getAllDisplays()[i].workArea`). */
  workAreas: readonly Rect[];
}

/** Pixels of the title bar that must stay on a display, so the window can still be dragged. */
const GRAB = 64;

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), Math.max(lo, hi));

/**
 * Where to open the window: the saved bounds when they still sit on an attached display, else
 * moved onto the display they overlap most (a monitor unplugged, a resolution lowered), shrunk to
 * that display's work area but not below the minimum size; no saved bounds (or no display
 * reported): the default size, centred on the first display. Returns undefined x/y to let the OS
 * place the window when there is no display to centre on.
 */
export function placeWindow(saved: WindowState | undefined, o: PlaceOptions): WindowPlacement {
  const primary = o.workAreas[0];
  if (!primary) return { ...o.defaultSize, maximized: saved?.maximized ?? false };
  const centred = (area: Rect, width: number, height: number) => ({
    x: Math.round(area.x + (area.width - width) / 2),
    y: Math.round(area.y + (area.height - height) / 2),
  });
  if (!saved) {
    const width = Math.min(o.defaultSize.width, primary.width);
    const height = Math.min(o.defaultSize.height, primary.height);
    return { ...centred(primary, width, height), width, height, maximized: false };
  }
  // The display the window overlaps most; none at all: the first one.
  let area = primary;
  let best = 0;
  for (const a of o.workAreas) {
    const v = overlap(saved, a);
    if (v > best) [area, best] = [a, v];
  }
  const width = clamp(saved.width, o.minSize.width, area.width);
  const height = clamp(saved.height, o.minSize.height, area.height);
  if (best === 0) return { ...centred(area, width, height), width, height, maximized: saved.maximized };
  // Keep the top edge, and a grab-able part of the title bar, on the display.
  const x = clamp(saved.x, area.x - width + GRAB, area.x + area.width - GRAB);
  const y = clamp(saved.y, area.y, area.y + area.height - GRAB);
  return { x, y, width, height, maximized: saved.maximized };
}

/** The saved window state in `<dataDir>/window-state.json`: missing or unreadable reads as none. */
export class WindowStateStore {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'window-state.json');
  }

  load(): WindowState | undefined {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return undefined;
    }
    try {
      const parsed = WindowStateSchema.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
      log.warn(`ignoring ${this.file}: ${parsed.error.issues[0]?.message ?? 'not a window state'}`);
    } catch (e) {
      log.warn(`ignoring ${this.file}: ${(e as Error).message}`);
    }
    return undefined;
  }

  /** Writes through a temporary file, so a crash mid-write leaves the old state, not half a file. */
  save(state: WindowState): void {
    const clean = WindowStateSchema.parse({
      ...state,
      x: Math.round(state.x),
      y: Math.round(state.y),
      width: Math.round(state.width),
      height: Math.round(state.height),
    });
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(clean));
    fs.renameSync(tmp, this.file);
  }
}
