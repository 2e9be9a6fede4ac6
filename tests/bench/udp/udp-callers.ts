/**
 * The two callers of the UDP call-setup comparison, both registered over
 * UDP on the same Kamailio and calling the same auto-answering baresip:
 *
 * - softphone: the real app (main core behind the browser host, the built
 *   renderer in Chromium with the caller probe) with a UDP account and the
 *   media gateway (the app's own wiring), driven through its UI. Timed click
 *   on Call → the 200 OK arriving in the renderer, both on the page's clock
 *   (the probe records clicks and the SIP in the renderer's IPC frames).
 * - baseline: baresip 1.0, an independent plain-SIP softphone. Timed from
 *   its `dial` command leaving this process → its `CALL_ESTABLISHED` event
 *   (raised on the 200 OK) arriving, both on this process's clock.
 */
import { gatewayTranslatorFactory } from '../../../main/core/media-gateway/account-media';
import type { MediaGatewayClient } from '../../../main/core/media-gateway/media-gateway-client';
import { startBaresip, type BaresipPeer } from '../../support/baresip-peer';
import type { KamailioServer } from '../../support/kamailio';
import { startSoftphone } from '../../support/softphone-under-test';
import { callPanel, dial, expectAccountStatus } from '../../support/ui-actions';
import { waitFor } from '../../support/wait-for';
import type { BenchPages } from '../bench-pages';
import { passwordOf } from '../demo-users';
import { authorizedInviteRoundTrip, inviteTiming, sipEvents } from '../sip-timeline';

export type UdpSide = 'softphone' | 'baseline';

export interface UdpCallTiming {
  /** Click (or command) → 200 OK. */
  readonly setupMs: number;
  /** Of that, click → the first INVITE leaving the renderer (the softphone only: microphone, offer, gateway). */
  readonly clickToInviteMs?: number;
  /** The softphone only: authorized INVITE → 100 Trying in the renderer (one round trip renderer → main → server → main → renderer). */
  readonly roundTripMs?: number;
  /** The softphone's call as its renderer saw it, ms from the first INVITE: `12.3 in 407 (INVITE)`. */
  readonly timeline?: readonly string[];
}

export interface UdpCaller {
  readonly side: UdpSide;
  /** Calls `user`, waits for the answer, hangs up, waits until idle; resolves with how long it took to set up. */
  call(user: string): Promise<UdpCallTiming>;
  close(): Promise<void>;
}

const CALL_TIMEOUT_MS = 10_000;
/** Both callers play the same tone. */
const CALLER_TONE_HZ = 600;

export async function startSoftphoneUdpCaller(options: { kamailio: KamailioServer; pages: BenchPages; gateway: MediaGatewayClient; user: string }): Promise<UdpCaller> {
  const { kamailio, pages, gateway, user } = options;
  const softphone = await startSoftphone(user, CALLER_TONE_HZ, undefined, { createSdpTranslator: gatewayTranslatorFactory(gateway) });
  try {
    const { page, phone } = softphone;
    // startSoftphone has already loaded the renderer: inject the probe and load it again.
    await page.addInitScript({ content: pages.probeScript });
    await page.reload();
    await page.waitForFunction(() => window.benchProbe !== undefined, undefined, { timeout: 10_000 });
    const displayName = `Bench UDP ${user}`;
    const id = await phone.addAccount({ displayName, sipAddress: `${user}@${kamailio.domain}`, password: passwordOf(kamailio, user), serverUrl: `127.0.0.1:${kamailio.udpPort}`, transport: 'udp' });
    await phone.waitForStatus(id, 'registered');
    await expectAccountStatus(page, displayName, 'Registered');
    return {
      side: 'softphone',
      async call(target) {
        const [frameMark, actionMark] = await page.evaluate(() => [window.benchProbe!.frames.length, window.benchProbe!.actions.length]);
        await dial(page, target);
        try {
          await callPanel(page).getByText('Connected').waitFor({ timeout: CALL_TIMEOUT_MS });
        } finally {
          await callPanel(page).getByRole('button', { name: /^(Hang up|Cancel)$/ }).click({ timeout: 5_000 }).catch(() => undefined);
        }
        await callPanel(page).waitFor({ state: 'detached', timeout: CALL_TIMEOUT_MS });
        await waitFor('softphone caller idle', async () => (await page.locator('audio.remote-audio').count()) === 0, CALL_TIMEOUT_MS);
        const [frames, actions] = await page.evaluate(([frameFrom, actionFrom]) => [window.benchProbe!.frames.slice(frameFrom), window.benchProbe!.actions.slice(actionFrom)] as const, [frameMark, actionMark] as const);
        const events = sipEvents(frames);
        const timing = inviteTiming(events);
        if (!timing) throw new Error(`softphone: no INVITE → 200 OK among the ${frames.length} frames of the call`);
        const clickAt = actions.filter((at) => at <= timing.inviteAt).at(-1);
        if (clickAt === undefined) throw new Error('softphone: the probe saw no click before the INVITE');
        const timeline = events
          .filter((event) => event.callId === timing.callId)
          .map((event) => `${(event.at - timing.inviteAt).toFixed(1)} ${event.direction} ${event.method ?? `${event.status} (${event.cseqMethod})`}`);
        const roundTripMs = authorizedInviteRoundTrip(events, timing.callId);
        return { setupMs: timing.okAt - clickAt, clickToInviteMs: timing.inviteAt - clickAt, ...(roundTripMs === undefined ? {} : { roundTripMs }), timeline };
      },
      close: () => softphone.close(),
    };
  } catch (error) {
    await softphone.close();
    throw error;
  }
}

export async function startBaresipUdpCaller(options: { kamailio: KamailioServer; user: string }): Promise<UdpCaller> {
  const baresip = await startBaresipOnUdp(options.kamailio, options.user, CALLER_TONE_HZ);
  const { control } = baresip;
  return {
    side: 'baseline',
    async call(target) {
      const from = control.events.length;
      const sentAt = Date.now();
      await control.command('dial', `sip:${target}@${options.kamailio.domain}`);
      try {
        const established = await control.waitForEvent('CALL_ESTABLISHED', { from, timeoutMs: CALL_TIMEOUT_MS });
        return { setupMs: established.at - sentAt };
      } finally {
        await control.command('hangup').catch(() => undefined);
        await control.waitForEvent('CALL_CLOSED', { from, timeoutMs: CALL_TIMEOUT_MS });
      }
    },
    close: () => baresip.stop(),
  };
}

/** A baresip registered over UDP on `kamailio`, answering every call at once. */
export function startBaresipOnUdp(kamailio: KamailioServer, user: string, toneHz: number): Promise<BaresipPeer> {
  return startBaresip({ user, password: passwordOf(kamailio, user), domain: kamailio.domain, proxy: `127.0.0.1:${kamailio.udpPort}`, toneHz });
}
