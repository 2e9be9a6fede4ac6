/**
 * Busy lamps against Kamailio as presence server (a Kamailio of the
 * section's own with the presence modules: the run's shared one has none,
 * and this section restarts its server):
 *
 * - `blf_update_ms`: a watched line's call starts ringing (the callee's 180
 *   leaves the test's WebSocket) → the watcher core's snapshot shows the
 *   lamp ringing (Kamailio's dialog module → pua_dialoginfo PUBLISH →
 *   presence NOTIFY → main);
 * - `resubscribe_ms`: Kamailio restarted with 50 watched lamps → every lamp
 *   has a state again (reconnect, register, the SUBSCRIBEs spread over
 *   LAMP_DEFAULTS.spreadMs on purpose, NOTIFYs), with the app's default timings;
 * - `idle_rss_mb_50_lamps`: VmRSS of a core alone in its own Node process
 *   (as the idle section's, idle/idle-child.ts) with one account watching 50
 *   lines, after `--idle-seconds` idle; the same core watching none is
 *   reported beside it for the difference.
 *
 * No baseline: a bare sip.js UserAgent watches nothing.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import type { AppSnapshot, LampSnapshot } from '../../../app/ipc-contract';
import { startTestCore, type TestCore } from '../../support/core-fixture';
import { startKamailio, type KamailioServer } from '../../support/kamailio';
import { RawSipClient, buildResponse, registerSpec, sendWithAuth, token, type RequestSpec } from '../../support/raw-sip-client';
import { waitFor } from '../../support/wait-for';
import type { BenchContext, BenchSection, SectionResult } from '../bench-section';
import { Cleanup } from '../cleanup';
import { demoUser, passwordOf } from '../demo-users';
import { bundleIdleChild } from '../idle/child-bundle';
import { startCoreChild } from '../idle/core-child';
import { rssMb } from '../idle/proc-stats';
import { median, quantile, roundMs, spread } from '../stats';

const WATCHED = 50;
const TIMEOUT_MS = 60_000;
const RESTARTS = 3;

export const lampsSection: BenchSection = {
  name: 'lamps',
  title: 'busy lamps: ringing shown, all back after a server restart, idle memory',
  async run(context: BenchContext): Promise<SectionResult> {
    const cleanup = new Cleanup();
    try {
      const kamailio = await startKamailio({ presence: true });
      cleanup.add('lamps kamailio', () => kamailio.stop());
      const lines = Array.from({ length: WATCHED }, (_, index) => demoUser(index + 1));
      const watcher = startTestCore();
      cleanup.add('lamps watcher', () => watcher.stop());
      const accountId = await watcher.addAccount({ sipAddress: `carol@${kamailio.domain}`, password: kamailio.users.carol!, serverUrl: kamailio.wsUrl });
      await watcher.waitForStatus(accountId, 'registered');
      for (const line of lines) {
        const watched = await watcher.invoke('lamps:watch', { accountId, target: line });
        if (!watched.ok) throw new Error(`lamps:watch ${line}: ${watched.error.message}`);
      }
      await waitFor(`${WATCHED} lamps idle`, () => lampsIn(watcher).filter((lamp) => lamp.state === 'idle').length === WATCHED, TIMEOUT_MS);

      const blf: number[] = [];
      for (let round = 0; round < context.warmups + context.samples; round += 1) {
        const ms = await timeRinging(watcher, kamailio, `sip:${lines[0]}@${kamailio.domain}`);
        if (round >= context.warmups) blf.push(ms);
      }
      context.log(`lamps: ringing shown after ${Math.round(median(blf))} ms`);

      const resubscribe: number[] = [];
      for (let restart = 0; restart < RESTARTS; restart += 1) {
        await kamailio.stop();
        await waitFor('every lamp unknown', () => lampsIn(watcher).every((lamp) => lamp.state === 'unknown'), TIMEOUT_MS);
        const startedAt = performance.now();
        await kamailio.start();
        await waitFor(`${WATCHED} lamps back`, () => lampsIn(watcher).filter((lamp) => lamp.state === 'idle').length === WATCHED, TIMEOUT_MS);
        resubscribe.push(performance.now() - startedAt);
      }
      context.log(`lamps: all ${WATCHED} back ${Math.round(median(resubscribe))} ms after the server restarted`);

      const bundle = await bundleIdleChild();
      cleanup.add('lamps idle bundle', () => bundle.remove());
      const withLamps = await idleRss(context, kamailio, bundle.script, lines);
      const without = await idleRss(context, kamailio, bundle.script, []);
      context.log(`lamps: idle RSS ${withLamps.toFixed(1)} MB with ${WATCHED} lamps, ${without.toFixed(1)} MB without`);
      const mb = (value: number) => Math.round(value * 10) / 10;
      return {
        figures: {
          blf_update_ms: roundMs(median(blf)),
          blf_update_p95_ms: roundMs(quantile(blf, 0.95)),
          resubscribe_ms: roundMs(median(resubscribe)),
          idle_rss_mb_50_lamps: mb(withLamps),
          idle_rss_mb_0_lamps: mb(without),
        },
        summary: [
          `lamp shows ringing      ${Math.round(median(blf))} ms (${spread(blf)})`,
          `${WATCHED} lamps back after restart ${Math.round(median(resubscribe))} ms (${spread(resubscribe)}; SUBSCRIBEs spread over 5 s on purpose)`,
          `idle RSS, 1 account     ${mb(withLamps)} MB with ${WATCHED} lamps, ${mb(without)} MB without`,
        ],
        samples: { blf, resubscribe, idleRssMb: { withLamps, without } },
      };
    } finally {
      await cleanup.run();
    }
  },
};

function lampsIn(core: TestCore): readonly LampSnapshot[] {
  return (core.core.snapshot as AppSnapshot).lamps ?? [];
}

/** A call from user099 to the watched `line` (user001): from the callee's 180 leaving to the lamp showing ringing; then the callee declines and the lamp goes idle. */
async function timeRinging(watcher: TestCore, kamailio: KamailioServer, line: string): Promise<number> {
  const callee = await RawSipClient.connect(kamailio.wsUrl);
  const caller = await RawSipClient.connect(kamailio.wsUrl);
  try {
    const registered = await sendWithAuth(callee, registerSpec(kamailio.domain, 'user001'), 'user001', kamailio.users.user001!);
    if (registered.status !== 200) throw new Error(`callee REGISTER: ${registered.status}`);
    const invite: RequestSpec = {
      method: 'INVITE',
      uri: line,
      from: `sip:user099@${kamailio.domain}`,
      to: line,
      callId: token(),
      cseq: 1,
      fromTag: token(),
      extraHeaders: ['Contact: <sip:user099@client.invalid;transport=ws>'],
    };
    const finalReply = sendWithAuth(caller, invite, 'user099', kamailio.users.user099!);
    const incoming = await callee.next((m) => m.method === 'INVITE', TIMEOUT_MS);
    const toTag = token();
    const reply = (status: number, reason: string) =>
      buildResponse(incoming, status, reason, ['Contact: <sip:user001@client.invalid;transport=ws>']).replace(/^(To: .*?)\r\n/m, `$1;tag=${toTag}\r\n`);
    const lamp = () => lampsIn(watcher).find((candidate) => candidate.target === line);
    const shown = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new Error('the lamp never showed ringing'));
      }, TIMEOUT_MS);
      const stop = watcher.core.onSnapshot((snapshot) => {
        if (!snapshot.lamps?.some((candidate) => candidate.target === line && candidate.state === 'ringing')) return;
        clearTimeout(timer);
        stop();
        resolve(performance.now());
      });
    });
    const startedAt = performance.now();
    callee.send(reply(180, 'Ringing'));
    const ms = (await shown) - startedAt;
    callee.send(reply(486, 'Busy Here'));
    await finalReply;
    await waitFor('lamp idle again', () => lamp()?.state === 'idle', TIMEOUT_MS);
    await delay(200);
    return ms;
  } finally {
    callee.close();
    caller.close();
  }
}

async function idleRss(context: BenchContext, kamailio: KamailioServer, script: string, lines: readonly string[]): Promise<number> {
  const cleanup = new Cleanup();
  try {
    const child = await startCoreChild(
      script,
      {
        serverUrl: kamailio.wsUrl,
        domain: kamailio.domain,
        accounts: [{ user: 'dave', password: passwordOf(kamailio, 'dave') }],
        registerTimeoutMs: TIMEOUT_MS,
        watchedLines: lines,
      },
      `lamps idle child (${lines.length} lamps)`,
    );
    cleanup.add('lamps idle child', () => child.stop());
    await delay(context.idleSeconds * 1000);
    return rssMb(child.pid);
  } finally {
    await cleanup.run();
  }
}
