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
}

/**
 * The main window's options, per Electron's security checklist: context isolation, the sandbox,
 * no Node in the page (or in workers, subframes or webviews), web security on, no middle-click
 * (auxclick) navigation.
 */
export function windowOptions(o: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
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
