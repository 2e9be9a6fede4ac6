/**
 * Dead-peer detection with the product's default keep-alive settings (a
 * ping every 15 s of silence, 5 s to answer): a Kamailio of this section's
 * own is frozen (SIGSTOP: connections stay open, nothing is answered) and we
 * time how long the account takes to show `unreachable`. Then it is thawed
 * and the account must be registered again before the next sample.
 *
 * The time depends on where in the keep-alive interval the freeze lands
 * (from `deadline` right before a ping to `interval + deadline` right after
 * one). So the freezes are placed at stratified phases of the interval,
 * counted from the moment the account registered (its connection's
 * keep-alive timer starts a few ms earlier, when the WebSocket opens): the
 * median is then the typical case, the largest sample near the worst.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { DEFAULT_KEEP_ALIVE_INTERVAL_MS, DEFAULT_PONG_TIMEOUT_MS } from '../../../main/core/sip-connection';
import { startKamailio } from '../../support/kamailio';
import type { BenchContext, BenchSection, SectionResult } from '../bench-section';
import { Cleanup } from '../cleanup';
import { startWatchedAccount, type WatchedAccount } from '../registration/softphone-account';
import { median, ms, roundMs } from '../stats';

const USER = 'user003';
const SAMPLES = 3;
const TARGET_MS = 20_000;
/** Well past the worst case; the reachability probe (every 60 s, 8 s to return) would catch it by then too. */
const DETECT_LIMIT_MS = 75_000;
const REREGISTER_LIMIT_MS = 45_000;

export const deadPeerSection: BenchSection = {
  name: 'dead-peer',
  title: 'dead-peer detection (frozen server, default keep-alive)',
  async run(context: BenchContext): Promise<SectionResult> {
    const cleanup = new Cleanup();
    try {
      const server = await startKamailio();
      cleanup.add('dead-peer kamailio', () => server.stop()); // stop() also continues a frozen group
      const softphone = await startWatchedAccount(server, USER);
      cleanup.add('dead-peer softphone', () => softphone.stop());
      context.log(`dead-peer: ${SAMPLES} freezes, keep-alive every ${DEFAULT_KEEP_ALIVE_INTERVAL_MS / 1000} s, ${DEFAULT_PONG_TIMEOUT_MS / 1000} s deadline (~1 min)`);

      const detections: number[] = [];
      for (let index = 0; index < SAMPLES; index += 1) {
        const phaseMs = ((index + 0.5) / SAMPLES) * DEFAULT_KEEP_ALIVE_INTERVAL_MS;
        const detectedMs = await freezeOnce(softphone, phaseMs, () => server.freeze());
        server.thaw();
        detections.push(detectedMs);
        context.log(`freeze ${index + 1}/${SAMPLES} (${(phaseMs / 1000).toFixed(1)} s into the interval): unreachable after ${Math.round(detectedMs)} ms`);
        const thawedAt = Date.now();
        const { watch } = softphone;
        if ((await watch.until(() => watch.firstAt('registered', thawedAt), REREGISTER_LIMIT_MS)) === null) {
          throw new Error(`not registered again within ${REREGISTER_LIMIT_MS / 1000} s of the thaw (status ${watch.current})`);
        }
      }
      return summarise(detections);
    } finally {
      await cleanup.run();
    }
  },
};

/** Freezes the server `phaseMs` after the account's latest registration; ms until it shows unreachable. */
async function freezeOnce(softphone: WatchedAccount, phaseMs: number, freeze: () => void): Promise<number> {
  const { watch } = softphone;
  const registeredAt = watch.lastRegisteredAt;
  if (watch.current !== 'registered' || registeredAt === undefined) throw new Error(`expected the account registered, it is ${watch.current}`);
  await delay(Math.max(0, registeredAt + phaseMs - Date.now()));
  const frozenAt = Date.now();
  freeze();
  const detectedAt = await watch.until(() => watch.firstAt('unreachable', frozenAt), DETECT_LIMIT_MS);
  if (detectedAt === null) throw new Error(`a frozen server went unnoticed for ${DETECT_LIMIT_MS / 1000} s`);
  return detectedAt - frozenAt;
}

function summarise(detections: readonly number[]): SectionResult {
  const value = median(detections);
  const worst = Math.max(...detections);
  const met = value <= TARGET_MS ? '' : ', NOT MET';
  return {
    figures: {
      dead_peer_detect_ms: roundMs(value),
      dead_peer_detect_max_ms: roundMs(worst),
    },
    summary: [
      `dead peer         softphone ${ms(value, 5)}   (target ≤ ${TARGET_MS / 1000} s${met}; freeze → unreachable, median of ${detections.length})`,
      `  samples ${detections.map((detection) => Math.round(detection)).join(', ')} ms at stratified phases of the ${DEFAULT_KEEP_ALIVE_INTERVAL_MS / 1000} s interval; ` +
        `by design ${DEFAULT_PONG_TIMEOUT_MS / 1000}–${(DEFAULT_KEEP_ALIVE_INTERVAL_MS + DEFAULT_PONG_TIMEOUT_MS) / 1000} s`,
      '  (no baseline: sip.js with its defaults sends no keep-alives, Transport keepAliveInterval 0 and SimpleUser',
      '   optionsPingInterval -1, so a frozen server goes unnoticed until a REGISTER refresh, minutes away, times out)',
    ],
    samples: detections,
  };
}
