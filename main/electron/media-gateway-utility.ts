/**
 * The media gateway as an Electron utility process (`utilityProcess.fork`):
 * outside main's event loop and outside the renderer, restarted by
 * {@link MediaGatewayClient} when it dies. The build writes its entry to
 * dist/main/media-gateway.js next to main.js.
 */
import { utilityProcess } from 'electron';
import { join } from 'node:path';
import type { GatewayLauncher } from '../core/media-gateway/media-gateway-client';

export function utilityGatewayLauncher(mainDirectory: string): GatewayLauncher {
  return (options) => {
    const child = utilityProcess.fork(join(mainDirectory, 'media-gateway.js'), [JSON.stringify(options)], { serviceName: 'Softphone media gateway', stdio: 'inherit' });
    return {
      send: (message) => child.postMessage(message),
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.on('exit', (code) => listener(code)),
      kill: () => void child.kill(),
      close: () => void child.kill(),
      get pid() {
        return child.pid;
      },
    };
  };
}
