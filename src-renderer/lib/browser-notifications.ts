/**
 * Browser notifications for `slotline serve` (the desktop app notifies from main instead, and its
 * window is denied the permission). Permission is only ever asked from a user's click.
 */
export function browserNotificationState(): 'unsupported' | NotificationPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** Asks for permission; call it from a click handler only. */
export async function askBrowserNotifications(): Promise<NotificationPermission | 'unsupported'> {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.requestPermission();
}

/** Shows one notification if the operator granted them; otherwise does nothing. */
export function showBrowserNotification(title: string, body: string): void {
  if (browserNotificationState() !== 'granted') return;
  try {
    new Notification(title, { body });
  } catch {
    // Some browsers only allow notifications from a service worker: the banner still shows it.
  }
}
