import { useEffect, useState } from 'react';
import type { Alert } from '../../shared/types/alerts';
import { useApi } from '../api/ApiContext';
import { showBrowserNotification } from '../lib/browser-notifications';

/**
 * The active alerts (firing, shared by every console, and this console's pending ones): read once,
 * then replaced by each `alert:changed` event main pushes; no polling. A fire or resolve this
 * console recorded also becomes a browser notification, where the operator allowed them.
 */
export function useAlerts(): { alerts: Alert[] | null; reload: () => Promise<void> } {
  const bridge = useApi();
  const [alerts, setAlerts] = useState<Alert[] | null>(null);
  const reload = async () => {
    const r = await bridge.invoke('alerts:active', {});
    setAlerts(r.ok ? r.data : []);
  };
  useEffect(() => {
    let live = true;
    void bridge.invoke('alerts:active', {}).then((r) => live && setAlerts(r.ok ? r.data : []));
    const off = bridge.on('alert:changed', (p) => {
      setAlerts(p.alerts);
      if (p.change)
        showBrowserNotification(`Slotline alert ${p.change.event}: ${p.change.alert.ruleName}`, p.change.alert.message);
    });
    return () => {
      live = false;
      off();
    };
  }, [bridge]);
  return { alerts, reload };
}
