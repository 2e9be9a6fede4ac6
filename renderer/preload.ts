/**
 * The only bridge between the page and main: one method per contract
 * message on `window.softphone`, nothing generic.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildSoftphoneApi } from '../app/softphone-api';

const api = buildSoftphoneApi(
  (channel, payload) => ipcRenderer.invoke(channel, payload),
  (channel, listener) => {
    const handler = (_event: Electron.IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, handler);
    return () => ipcRenderer.removeListener(channel, handler);
  },
);

contextBridge.exposeInMainWorld('softphone', api);
