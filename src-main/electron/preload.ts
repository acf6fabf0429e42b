import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadBridge } from './preload-allowlist';

// The page gets `window.slotline` and nothing else: no ipcRenderer, no Node.
contextBridge.exposeInMainWorld('slotline', createPreloadBridge(ipcRenderer));
