import { Notification } from 'electron';
import type { Notifier } from '../app/alert-service';

/**
 * The alert Notifier of the desktop app: Electron's `Notification`, where the OS supports it. Its
 * own module, so notifications.ts (pure text) stays testable without Electron's binary.
 */
export function electronNotifier(): Notifier {
  return {
    notify(n) {
      if (Notification.isSupported()) new Notification(n).show();
    },
  };
}
