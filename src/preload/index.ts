import { contextBridge, ipcRenderer } from 'electron';

import { buildApi, loadContractOnceParsed } from './build-api';

// The page's document (the preload's types have no DOM).
declare const document: Parameters<typeof loadContractOnceParsed>[0];

// Only the named functions built from the contract cross into the page: no ipcRenderer, no generic
// invoke or on. Event listeners get the payload alone, never Electron's event object.
contextBridge.exposeInMainWorld(
  'api',
  buildApi(
    (channel, payload) => ipcRenderer.invoke(channel, payload),
    (channel, listener) => {
      const handler = (_event: unknown, payload: unknown) => listener(payload);
      ipcRenderer.on(channel, handler);
      return () => void ipcRenderer.removeListener(channel, handler);
    },
  ),
);
loadContractOnceParsed(document);
