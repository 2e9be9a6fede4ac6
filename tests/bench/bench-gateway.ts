/**
 * The media gateway as the benchmark runs it: what the app runs (the
 * bundle, without tsx's loader hooks) when it has been built, through tsx
 * otherwise.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { bundledGatewayLauncher, MediaGatewayClient, nodeGatewayLauncher } from '../../main/core/media-gateway/media-gateway-client';

export interface BenchGateway {
  readonly gateway: MediaGatewayClient;
  /** Whether it runs from dist/main/media-gateway.js. */
  readonly isBundled: boolean;
}

export function startBenchGateway(): BenchGateway {
  const bundle = resolve('dist/main/media-gateway.js');
  const isBundled = existsSync(bundle);
  const gateway = new MediaGatewayClient({
    launcher: isBundled ? bundledGatewayLauncher(bundle) : nodeGatewayLauncher,
    process: { bindAddress: '127.0.0.1', keepAliveMs: 10_000, iceAdditionalHostAddresses: ['127.0.0.1'] },
  });
  return { gateway, isBundled };
}
