import { contextBridge, ipcRenderer } from 'electron';

import { buildApi } from './build-api';

// Only the named functions built from the contract cross into the page: no ipcRenderer, no generic invoke.
contextBridge.exposeInMainWorld(
  'api',
  buildApi((channel, payload) => ipcRenderer.invoke(channel, payload)),
);
