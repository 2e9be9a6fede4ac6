/**
 * Electron IPC for the contract. Refuses, before parsing anything, requests
 * from sub-frames and from pages that are not our own renderer; gives each
 * loaded page its own {@link RendererConnection}, closed when the page goes
 * (reload, crash, window closed) so main knows no renderer runs its calls.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { invokeChannelNames } from '../../app/ipc-contract';
import { fail } from '../../app/result';
import type { RendererConnection, SoftphoneCore } from '../core/softphone-core';

export function installIpcBridge(core: SoftphoneCore, isTrustedUrl: (url: string) => boolean): void {
  const connections = new Map<number, RendererConnection>();

  const hooked = new WeakSet<WebContents>();
  const close = (contents: WebContents) => {
    connections.get(contents.id)?.close();
    connections.delete(contents.id);
  };

  const connectionFor = (contents: WebContents): RendererConnection => {
    const existing = connections.get(contents.id);
    if (existing) return existing;
    const connection = core.connectRenderer((channel, payload) => {
      if (!contents.isDestroyed()) contents.send(channel, payload);
    });
    connections.set(contents.id, connection);
    if (!hooked.has(contents)) {
      hooked.add(contents);
      contents.on('destroyed', () => close(contents));
      contents.on('render-process-gone', () => close(contents));
      contents.on('did-start-navigation', (details) => {
        if (details.isMainFrame && !details.isSameDocument) close(contents);
      });
    }
    return connection;
  };

  for (const channel of invokeChannelNames) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, payload: unknown) => {
      const frame = event.senderFrame;
      if (!frame || frame !== event.sender.mainFrame || !isTrustedUrl(frame.url)) {
        return fail('forbidden', 'Request from an untrusted page.');
      }
      return connectionFor(event.sender).invoke(channel, payload);
    });
  }
}
