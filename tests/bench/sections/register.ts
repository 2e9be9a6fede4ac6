/**
 * Time to registered.
 *
 * - softphone: the main core under Node (no browser: registration is main's
 *   job), from invoking `accounts:add` to the first snapshot that shows the
 *   account `registered`. Each sample is a different demo user, added alone
 *   and removed again before the next one, so every sample includes opening
 *   the account's WebSocket, the 401 challenge and the authenticated REGISTER.
 * - baseline: a bare sip.js UserAgent in Chromium with its own WebSocket,
 *   from creating it to its Registerer reporting Registered (the same
 *   connect + 401 + REGISTER), then unregistered and stopped.
 *
 * Softphone and baseline samples alternate (ABBA) to cancel drift.
 */
import { performance } from 'node:perf_hooks';
import type { TestCore } from '../../support/core-fixture';
import { startTestCore } from '../../support/core-fixture';
import type { BenchContext, BenchSection, SectionResult } from '../bench-section';
import { Cleanup } from '../cleanup';
import { demoUser, passwordOf } from '../demo-users';
import { startPeerBrowser } from '../peer-browser';
import { comparisonLine, median, ratio, roundMs, spread } from '../stats';

const REGISTER_TIMEOUT_MS = 10_000;
/** Demo users user001… for the softphone, user051… for the baseline. */
const SOFTPHONE_FIRST_USER = 1;
const BASELINE_FIRST_USER = 51;
const TONE_HZ = 600;

export const registerSection: BenchSection = {
  name: 'register',
  title: 'time to registered',
  async run(context: BenchContext): Promise<SectionResult> {
    const { kamailio } = context;
    const rounds = context.warmups + context.samples;
    if (rounds > BASELINE_FIRST_USER - SOFTPHONE_FIRST_USER) throw new Error(`at most ${BASELINE_FIRST_USER - SOFTPHONE_FIRST_USER} registrations per side`);
    const cleanup = new Cleanup();
    try {
      const core = startTestCore();
      cleanup.add('register core', () => core.stop());
      const peer = await startPeerBrowser(context.pages, { label: 'register baseline', toneHz: TONE_HZ, withProbe: false });
      cleanup.add('register baseline browser', () => peer.close());

      const softphone: number[] = [];
      const baseline: number[] = [];
      const timeSoftphone = (round: number) => timeCoreRegistration(core, demoUser(SOFTPHONE_FIRST_USER + round), context);
      const timeBaseline = (round: number) => {
        const user = demoUser(BASELINE_FIRST_USER + round);
        const account = { wsUrl: kamailio.wsUrl, user, domain: kamailio.domain, password: passwordOf(context.kamailio, user) };
        return peer.page.evaluate((input) => window.benchPeer!.timeRegistration(input), account);
      };
      for (let round = 0; round < rounds; round += 1) {
        const isWarmup = round < context.warmups;
        // ABBA: even rounds softphone first, odd rounds baseline first.
        const order = round % 2 === 0 ? (['softphone', 'baseline'] as const) : (['baseline', 'softphone'] as const);
        const elapsed = { softphone: 0, baseline: 0 };
        for (const side of order) {
          elapsed[side] = side === 'softphone' ? await timeSoftphone(round) : await timeBaseline(round);
          if (!isWarmup) (side === 'softphone' ? softphone : baseline).push(elapsed[side]);
        }
        context.log(
          `register ${round + 1}/${rounds}${isWarmup ? ' (warm-up)' : ''}: softphone ${Math.round(elapsed.softphone)} ms, baseline ${Math.round(elapsed.baseline)} ms`,
        );
      }

      const registerMs = median(softphone);
      const baselineRegisterMs = median(baseline);
      return {
        figures: {
          register_ms: roundMs(registerMs),
          baseline_register_ms: roundMs(baselineRegisterMs),
          register_ratio: ratio(registerMs, baselineRegisterMs),
          register_samples: softphone.length,
        },
        summary: [
          comparisonLine('register', registerMs, baselineRegisterMs),
          `  softphone ${spread(softphone)}; baseline ${spread(baseline)}`,
        ],
        samples: { softphone, baseline },
      };
    } finally {
      await cleanup.run();
    }
  },
};

/** Adds the account, waits for the snapshot that shows it registered, removes it again. */
async function timeCoreRegistration(core: TestCore, user: string, context: BenchContext): Promise<number> {
  const sipAddress = `${user}@${context.kamailio.domain}`;
  let stopListening = (): void => undefined;
  // Subscribed before the add: snapshots are pushed in a microtask after each
  // status change, so the listener sees `registered` the moment main knows it.
  const registered = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${sipAddress} not registered within ${REGISTER_TIMEOUT_MS} ms`)), REGISTER_TIMEOUT_MS);
    const unsubscribe = core.core.onSnapshot((snapshot) => {
      const status = snapshot.accounts.find((account) => account.sipAddress === sipAddress)?.status;
      if (status?.kind === 'registered') resolve(performance.now());
      else if (status?.kind === 'failed') reject(new Error(`${sipAddress} failed to register: ${JSON.stringify(status)}`));
      else return;
      clearTimeout(timer);
    });
    stopListening = () => {
      clearTimeout(timer);
      unsubscribe();
    };
  });
  registered.catch(() => undefined); // awaited below; may settle while the add is in flight
  const startedAt = performance.now();
  try {
    const id = await core.addAccount({ sipAddress, password: passwordOf(context.kamailio, user), serverUrl: context.kamailio.wsUrl, displayName: user });
    const registeredAt = await registered;
    const removed = await core.invoke('accounts:remove', { id });
    if (!removed.ok) throw new Error(`could not remove ${sipAddress}: ${removed.error.message}`);
    return registeredAt - startedAt;
  } finally {
    stopListening();
  }
}
