/**
 * Recovery of a UDP account after a server restart: the main core (no
 * renderer needed: registration lives in main) with one account over UDP,
 * its keep-alive interval at the lowest the account form allows (5 s), on a
 * Kamailio of its own that is SIGKILLed and started again on the same ports.
 *
 * Over UDP nothing tells the client that the server went away: only a
 * keep-alive (RFC 5626 STUN) that goes unanswered does. So each restart
 * keeps the server down until the account has left `registered` (that
 * delay is reported too), then 1–2 s longer, and times server back →
 * account registered again.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { startTestCore } from '../../support/core-fixture';
import { startKamailio } from '../../support/kamailio';
import { Cleanup } from '../cleanup';
import { passwordOf } from '../demo-users';
import { StatusWatch } from '../registration/status-watch';

export interface UdpRestartSample {
  /** Kill → the account left `registered` (the keep-alive noticed). */
  readonly noticedMs: number | null;
  /** Server back (start() resolved) → registered again; null when not within the limit. */
  readonly recoveredMs: number | null;
}

const KEEP_ALIVE_INTERVAL_SEC = 5;
const NOTICE_LIMIT_MS = 20_000;
const RECOVERY_LIMIT_MS = 30_000;
const SETTLE_MS = 1_000;

export async function measureUdpRecovery(user: string, restarts: number, log: (message: string) => void): Promise<UdpRestartSample[]> {
  const cleanup = new Cleanup();
  try {
    const server = await startKamailio();
    cleanup.add('udp recovery kamailio', () => server.stop());
    const phone = startTestCore();
    cleanup.add('udp recovery core', () => phone.stop());
    const sipAddress = `${user}@${server.domain}`;
    const watch = new StatusWatch(phone.core, sipAddress);
    cleanup.add('udp recovery watch', () => watch.dispose());
    const id = await phone.addAccount({ displayName: user, sipAddress, password: passwordOf(server, user), serverUrl: `127.0.0.1:${server.udpPort}`, transport: 'udp', keepAliveIntervalSec: KEEP_ALIVE_INTERVAL_SEC });
    await phone.waitForStatus(id, 'registered');
    const samples: UdpRestartSample[] = [];
    for (let index = 0; index < restarts; index += 1) {
      await delay(SETTLE_MS);
      const killedAt = Date.now();
      await server.kill();
      const leftAt = await watch.until(() => (watch.current !== 'registered' ? Date.now() : undefined), NOTICE_LIMIT_MS);
      await delay(1_000 + ((index * 618) % 1_000));
      await server.start();
      const backAt = Date.now();
      const registeredAt = await watch.until(() => watch.recoveredAt(killedAt), RECOVERY_LIMIT_MS);
      const sample = { noticedMs: leftAt === null ? null : leftAt - killedAt, recoveredMs: registeredAt === null ? null : Math.max(0, registeredAt - backAt) };
      samples.push(sample);
      log(`udp restart ${index + 1}/${restarts}: noticed after ${sample.noticedMs ?? 'never'} ms, registered again ${sample.recoveredMs ?? 'never'} ms after the server was back`);
      if (registeredAt === null) await phone.waitForStatus(id, 'registered', RECOVERY_LIMIT_MS);
    }
    return samples;
  } finally {
    await cleanup.run();
  }
}
