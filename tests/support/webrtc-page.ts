/**
 * A bare RTCPeerConnection in Debian's Chromium, with the fake microphone
 * playing a tone: the renderer's WebRTC leg as the media gateway meets it,
 * without sip.js or the app. The remote audio plays in an
 * `<audio class="remote-audio">`, so heard-levels.ts and dtmf-listener.ts
 * listen to it as they do in the app.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, chromiumArgs } from './softphone-under-test';
import { toneFile } from './tones';

export interface WebRtcPage {
  readonly page: Page;
  /**
   * A new peer connection with the microphone; resolves with its complete offer.
   * `slot` keeps several connections apart (the remote audio element plays slot 0's).
   */
  createOffer(slot?: number): Promise<string>;
  /** A new peer connection with the microphone that answers `offer`; resolves with its complete answer. */
  answer(offer: string): Promise<string>;
  setAnswer(answer: string, slot?: number): Promise<void>;
  /** RTP packets the slot's connection has received and lost (its inbound-rtp statistics). */
  inboundPackets(slot: number): Promise<{ received: number; lost: number }>;
  /**
   * The current connection's selected ICE candidate pair: the ICE username fragment of its local
   * candidate (it changes with an ICE restart) and the packets (RTP and RTCP, no STUN) it received.
   */
  selectedPair(): Promise<{ localUfrag: string | undefined; packetsReceived: number } | undefined>;
  /** Re-offers on the current connection with the audio direction changed (hold is `sendonly`). */
  reoffer(direction: RTCRtpTransceiverDirection, options?: { iceRestart?: boolean }): Promise<string>;
  insertDtmf(digits: string): Promise<void>;
  closeConnection(): Promise<void>;
  close(): Promise<void>;
}

const PAGE = '<!doctype html><html><body><audio class="remote-audio" autoplay></audio></body></html>';

// Plain source text: the test runner's transpiler would wrap functions written here in helpers the page lacks.
const PAGE_SCRIPT = `
window.gatewayTest = {
  pc: undefined,
  pcs: [],
  async open(slot) {
    if (window.gatewayTest.pcs[slot]) window.gatewayTest.pcs[slot].close();
    const pc = new RTCPeerConnection({ iceServers: [] });
    window.gatewayTest.pcs[slot] = pc;
    window.gatewayTest.pc = pc;
    pc.ontrack = (event) => {
      if (slot === 0) document.querySelector('audio.remote-audio').srcObject = new MediaStream([event.track]);
      else new Audio().srcObject = new MediaStream([event.track]);
    };
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    for (const track of stream.getTracks()) pc.addTrack(track, stream);
    return pc;
  },
  async gathered(pc) {
    if (pc.iceGatheringState !== 'complete') {
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, 3000);
        pc.addEventListener('icegatheringstatechange', () => { if (pc.iceGatheringState === 'complete') { clearTimeout(timer); resolve(); } });
      });
    }
    return pc.localDescription.sdp;
  },
};
`;

export async function startWebRtcPage(toneHz: number): Promise<WebRtcPage> {
  const server: Server = createServer((_, response) => response.writeHead(200, { 'content-type': 'text/html' }).end(PAGE));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: chromiumArgs(toneFile(toneHz)) });
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.evaluate(PAGE_SCRIPT);
    const started = browser;
    return {
      page,
      createOffer: (slot = 0) =>
        page.evaluate(`(async () => { const t = window.gatewayTest; const pc = await t.open(${slot}); await pc.setLocalDescription(await pc.createOffer()); return t.gathered(pc); })()`) as Promise<string>,
      answer: (offer) =>
        page.evaluate(
          `(async (offer) => { const t = window.gatewayTest; const pc = await t.open(0); await pc.setRemoteDescription({ type: 'offer', sdp: offer }); await pc.setLocalDescription(await pc.createAnswer()); return t.gathered(pc); })(${JSON.stringify(offer)})`,
        ) as Promise<string>,
      setAnswer: (answer, slot) => {
        const connection = slot === undefined ? 'window.gatewayTest.pc' : `window.gatewayTest.pcs[${slot}]`;
        return page.evaluate(`${connection}.setRemoteDescription({ type: 'answer', sdp: ${JSON.stringify(answer)} })`) as Promise<void>;
      },
      inboundPackets: (slot) =>
        page.evaluate(
          `(async () => { const stats = await window.gatewayTest.pcs[${slot}].getStats(); let received = 0; let lost = 0; stats.forEach((report) => { if (report.type === 'inbound-rtp') { received += report.packetsReceived; lost += report.packetsLost; } }); return { received, lost }; })()`,
        ) as Promise<{ received: number; lost: number }>,
      selectedPair: () =>
        page.evaluate(
          `(async () => { const stats = await window.gatewayTest.pc.getStats(); let pairId; stats.forEach((report) => { if (report.type === 'transport') pairId = report.selectedCandidatePairId; }); const pair = pairId && stats.get(pairId); if (!pair) return undefined; const local = stats.get(pair.localCandidateId); return { localUfrag: local && local.usernameFragment, packetsReceived: pair.packetsReceived }; })()`,
        ) as Promise<{ localUfrag: string | undefined; packetsReceived: number } | undefined>,
      reoffer: (direction, options = {}) =>
        page.evaluate(
          `(async () => { const t = window.gatewayTest; const pc = t.pc; pc.getTransceivers()[0].direction = ${JSON.stringify(direction)}; await pc.setLocalDescription(await pc.createOffer({ iceRestart: ${options.iceRestart === true} })); return t.gathered(pc); })()`,
        ) as Promise<string>,
      insertDtmf: (digits) => page.evaluate(`window.gatewayTest.pc.getSenders()[0].dtmf.insertDTMF(${JSON.stringify(digits)}, 100, 70)`) as Promise<void>,
      closeConnection: () => page.evaluate('window.gatewayTest.pc && window.gatewayTest.pc.close()') as Promise<void>,
      close: async () => {
        await started.close().catch(() => undefined);
        server.close();
      },
    };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    server.close();
    throw error;
  }
}
