import type { MenuItemConstructorOptions } from 'electron';

/**
 * The application menu: the platform's standard edit/view/window menus, and an About entry that
 * shows the app's name, version and icon (set with app.setAboutPanelOptions).
 */
export function applicationMenu(
  appName: string,
  platform: NodeJS.Platform = process.platform,
): MenuItemConstructorOptions[] {
  const about: MenuItemConstructorOptions = { role: 'about', label: `About ${appName}` };
  const menu: MenuItemConstructorOptions[] = [];
  if (platform === 'darwin') menu.push({ label: appName, submenu: [about, { type: 'separator' }, { role: 'quit' }] });
  else menu.push({ label: 'File', submenu: [{ role: 'quit' }] });
  menu.push(
    { role: 'editMenu' },
    { label: 'View', submenu: [{ role: 'reload' }, { role: 'togglefullscreen' }] },
    { role: 'windowMenu' },
  );
  if (platform !== 'darwin') menu.push({ label: 'Help', submenu: [about] });
  return menu;
}
