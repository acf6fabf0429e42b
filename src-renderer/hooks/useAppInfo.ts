import type { AppInfo } from '../../shared/ipc/contract';
import { useLive } from './useLive';

/** App name/version/transport; `readOnly` is true until `app:info` says otherwise, so actions never flash enabled. */
export function useAppInfo(): { info: AppInfo | null; readOnly: boolean } {
  const info = useLive((s) => s.appInfo);
  return { info, readOnly: info?.readOnly ?? true };
}
