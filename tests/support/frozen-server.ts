import assert from 'node:assert/strict';
import type { TestCore } from './core-fixture';
import type { KamailioServer } from './kamailio';

/**
 * Freezes `server` (SIGSTOP, a dead peer that closes nothing): the account
 * must turn Unreachable within one keep-alive interval plus its answer
 * deadline, and register again once the server thaws.
 */
export async function expectFrozenServerNoticed(
  phone: TestCore,
  accountId: string,
  server: KamailioServer,
  { keepAliveIntervalMs, pongTimeoutMs }: { keepAliveIntervalMs: number; pongTimeoutMs: number },
): Promise<void> {
  const frozenAt = Date.now();
  server.freeze();
  try {
    await phone.waitForStatus(accountId, 'unreachable', keepAliveIntervalMs + pongTimeoutMs + 3_000);
    const detectedIn = Date.now() - frozenAt;
    assert.ok(detectedIn <= keepAliveIntervalMs + pongTimeoutMs + 1_000, `dead peer noticed after ${detectedIn} ms`);
  } finally {
    server.thaw();
  }
  await phone.waitForStatus(accountId, 'registered', 20_000);
}
