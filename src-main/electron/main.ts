import {
  app,
  BrowserWindow,
  ipcMain,
  Menu,
  nativeImage,
  Notification,
  protocol,
  screen,
  session,
  shell,
  Tray,
} from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHANNELS } from '../../shared/ipc/contract';
import { toWireError } from '../../shared/errors';
import { parseSettings } from '../../shared/settings/connection-settings';
import { parseAutoRebalance } from '../../shared/settings/auto-rebalance';
import { AppContext } from '../app/app-context';
import { desktopActor } from '../app/audit-log';
import { placeWindow, WindowStateStore } from '../app/window-state';
import { contextDispatch } from '../ipc/context-dispatch';
import { createLogger } from '../log/create-logger';
import { APP_INDEX_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './app-protocol';
import { mayNavigate, mayOpenExternally } from './navigation';
import { electronNotifier } from './electron-notifier';
import { notificationFor } from './notifications';
import { trayBitmap, trayState } from '../app/tray-state';
import type { Alert } from '../../shared/types/alerts';
import { safeStorageSecretBox } from './safe-storage-secret-box';
import { isTrustedSender } from './sender-validation';
import { applicationMenu } from './app-menu';
import { DEFAULT_WINDOW_SIZE, MIN_WINDOW_SIZE, windowOptions, windowTitle } from './window-options';

const log = createLogger('electron');
const here = path.dirname(fileURLToPath(import.meta.url));
/** Set by electron-vite in development. */
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const rendererDir = path.join(here, '../renderer');

// Before `ready`: the packaged page is served from app://slotline/ (app-protocol.ts), not file://.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

// The queue engine loads its Lua scripts from the commands/ folder next to its module, which the
// build copies next to this bundle (out/main/commands; Electron's fs reads it inside the asar too).

let context: AppContext | undefined;
let tray: Tray | undefined;

/** The tray icon: its colour and tooltip follow the cluster's state and firing alerts (tray-state.ts). */
function startTray(ctx: AppContext): void {
  let alerts: Alert[] = [];
  const paint = () => {
    const s = trayState(ctx.topologySnapshot(), alerts);
    tray ??= new Tray(nativeImage.createFromBitmap(trayBitmap(s.colour), { width: 16, height: 16 }));
    tray.setImage(nativeImage.createFromBitmap(trayBitmap(s.colour), { width: 16, height: 16 }));
    tray.setToolTip(s.tooltip);
  };
  paint();
  ctx.bus.subscribe((event, payload) => {
    if (event === 'alert:changed') alerts = payload.alerts;
    if (event === 'alert:changed' || event === 'topology:changed' || event === 'connection:state') paint();
  });
}

function connectFromEnv(ctx: AppContext): void {
  if (!process.env.REDIS_URL && !process.env.REDIS_CLUSTER_ENABLED) return;
  try {
    const { settings } = parseSettings(process.env);
    ctx
      .connect(settings, undefined, { autoRebalance: parseAutoRebalance(process.env) })
      .catch((e: unknown) => log.warn(`could not connect from the environment: ${ctx.redact(toWireError(e).message)}`));
  } catch (e) {
    log.warn(`ignoring the Redis environment variables: ${toWireError(e).message}`);
  }
}

async function start(): Promise<void> {
  const dataDir = app.getPath('userData');
  const ctx = await AppContext.create({
    transport: 'electron',
    appName: 'Slotline',
    appVersion: app.getVersion(),
    dataDir,
    secretBox: safeStorageSecretBox(dataDir),
    readOnly: process.env.SLOTLINE_READ_ONLY === 'true',
  });
  context = ctx;
  // Alerts are evaluated in this process, so they notify while the window is hidden or closed.
  ctx.notifiers.add(electronNotifier());
  startTray(ctx);
  const dispatch = contextDispatch(ctx, desktopActor());
  const trusted = { appIndexUrl: APP_INDEX_URL, devServerUrl };

  // Every file of the packaged renderer, with the app's one Content-Security-Policy as a header.
  protocol.handle(
    APP_SCHEME,
    createAppProtocolHandler({
      rootDir: rendererDir,
      onRefused: (url, status, reason) => log.warn(`app protocol refused ${url} (${status}): ${reason}`),
    }),
  );
  // The console needs no camera, notifications from the page, geolocation or anything else: deny
  // requests, and answer "not granted" to every permission check as well.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, request: unknown) => {
      if (!isTrustedSender(event.senderFrame?.url, trusted)) {
        log.warn(`refused ${channel} from ${event.senderFrame?.url ?? 'an unknown frame'}`);
        return { ok: false, error: { code: 'forbidden-sender', message: 'this frame may not call the console' } };
      }
      return dispatch(channel, request);
    });
  }

  const iconPath = path.join(here, 'icon.png');
  app.setAboutPanelOptions({
    applicationName: ctx.info.name,
    applicationVersion: ctx.info.version,
    version: ctx.info.version,
    copyright: 'Copyright © 2026 The Slotline authors',
    ...(fs.existsSync(iconPath) ? { iconPath } : {}),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(applicationMenu(ctx.info.name)));
  const windowState = new WindowStateStore(dataDir);
  const placement = placeWindow(windowState.load(), {
    defaultSize: DEFAULT_WINDOW_SIZE,
    minSize: MIN_WINDOW_SIZE,
    workAreas: screen.getAllDisplays().map((d) => d.workArea),
  });
  const win = new BrowserWindow(
    windowOptions({
      preloadPath: path.join(here, '../preload/preload.cjs'),
      isPackaged: app.isPackaged,
      title: windowTitle(ctx.info.name, ctx.info.version),
      iconPath: fs.existsSync(iconPath) ? iconPath : undefined,
      bounds: placement,
    }),
  );
  if (placement.maximized) win.maximize();
  // The normal (unmaximized) bounds, so a maximized window restores to its last normal size too.
  win.on('close', () => {
    try {
      windowState.save({ ...win.getNormalBounds(), maximized: win.isMaximized() });
    } catch (e) {
      log.warn(`could not save the window's bounds: ${toWireError(e).message}`);
    }
  });
  win.on('page-title-updated', (e) => e.preventDefault());
  win.once('ready-to-show', () => win.show());
  win.webContents.on('will-navigate', (e, url) => {
    if (!mayNavigate(url)) e.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (mayOpenExternally(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-attach-webview', (e) => e.preventDefault());

  const off = ctx.bus.subscribe((event, payload) => {
    if (!win.isDestroyed()) win.webContents.send(event, payload);
    if (event === 'topology:event' && Notification.isSupported()) {
      const n = notificationFor(payload as Parameters<typeof notificationFor>[0]);
      if (n) new Notification(n).show();
    }
  });
  win.on('closed', off);

  await win.loadURL(devServerUrl ?? APP_INDEX_URL);
  connectFromEnv(ctx);
}

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-navigate', (e, url) => {
    if (!mayNavigate(url)) e.preventDefault();
  });
  // Subframes too: will-navigate covers only the main frame (and the CSP forbids frames anyway).
  contents.on('will-frame-navigate', (e) => {
    if (!mayNavigate(e.url)) e.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

app
  .whenReady()
  .then(start)
  .catch((e: unknown) => {
    log.error(`startup failed: ${toWireError(e).message}`);
    app.quit();
  });

app.on('window-all-closed', () => app.quit());

let quitting = false;
app.on('before-quit', (e) => {
  if (quitting || !context) return;
  // Close Redis, the monitor and the history file before the process goes.
  e.preventDefault();
  quitting = true;
  void context.close().finally(() => app.quit());
});
