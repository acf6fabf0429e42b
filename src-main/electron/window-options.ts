import type { BrowserWindowConstructorOptions } from 'electron';

export interface WindowOptionsInput {
  /** Absolute path of the built preload script. */
  preloadPath: string;
  /** `app.isPackaged`: DevTools only when false. */
  isPackaged: boolean;
  /** App name and version, e.g. `Slotline 0.1.0`. */
  title: string;
  /** Window icon (Linux and Windows; macOS takes the bundle's). */
  iconPath?: string;
  /** Where to open (see placeWindow); default 1360×860 wherever the OS puts it. */
  bounds?: { x?: number; y?: number; width: number; height: number };
}

/** The window's size when nothing was saved, and its minimum. */
export const DEFAULT_WINDOW_SIZE = { width: 1360, height: 860 };
export const MIN_WINDOW_SIZE = { width: 960, height: 600 };

/**
 * The main window's options, per Electron's security checklist: context isolation, the sandbox,
 * no Node in the page (or in workers, subframes or webviews), web security on, no middle-click
 * (auxclick) navigation.
 */
export function windowOptions(o: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    ...DEFAULT_WINDOW_SIZE,
    ...(o.bounds ?? {}),
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: o.title,
    ...(o.iconPath ? { icon: o.iconPath } : {}),
    show: false,
    backgroundColor: '#101318',
    webPreferences: {
      preload: o.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // A middle click would otherwise open links in new windows; the window-open handler denies
      // those already, and this stops the click from ever reaching it.
      disableBlinkFeatures: 'Auxclick',
      devTools: !o.isPackaged,
    },
  };
}

/** `Slotline 0.1.0` */
export function windowTitle(name: string, version: string): string {
  return `${name} ${version}`;
}
