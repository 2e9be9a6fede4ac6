/**
 * What one relayed SIP message costs main: the tunnel's own hop, without
 * the network, Kamailio or a browser.
 *
 * The main core runs under Node with a stand-in connection (a
 * {@link SipTransportConnectionFactory} that answers REGISTER at once and
 * takes everything else) and a renderer connection driven through the real
 * contract (`sip:attach`, `sip:ready`, `sip:send` through the contract door;
 * `sip:message` events out). Each round is one incoming call as the wire
 * and the renderer's sip.js would exchange it: INVITE (with a Chromium-sized
 * SDP offer), 180, 200 (with an SDP answer), ACK, BYE, 200 to the BYE.
 *
 * Reported: µs per message each way, and the same messages through one bare
 * sip.js parse (`Core.Parser.parseMessage`) measured in the same run, as the
 * unit "what one local hop costs"; and how many full sip.js parses main made
 * per relayed message (counted by wrapping the parser).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Core } from 'sip.js';
import type { Result } from '../../../app/result';
import { plainTextVault } from '../../../main/core/credential-vault';
import { confDataFiles } from '../../../main/core/data-file';
import type { Logger } from '../../../main/core/logger';
import type { SipTransportConnectionDelegate, SipTransportConnectionFactory } from '../../../main/core/sip-transport-connection';
import { SoftphoneCore } from '../../../main/core/softphone-core';
import type { BenchContext, BenchSection, SectionResult } from '../bench-section';
import { CHROMIUM_OFFER } from '../../support/chromium-sdp';
import { median, ratio } from '../stats';

/** Nothing is logged on the relay path; a silent logger keeps file writes out of the timing. */
const SILENT: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Calls per sample; each relays six messages. */
const CALLS_PER_SAMPLE = 200;
const WARMUP_CALLS = 300;

const OFFER_SDP = CHROMIUM_OFFER;
const ANSWER_SDP = OFFER_SDP.replace('a=setup:actpass', 'a=setup:active').replace('49170', '50000');

interface CallTexts {
  readonly fromWire: readonly string[];
  readonly fromRenderer: readonly string[];
}

function message(firstLine: string, headers: readonly string[], body = ''): string {
  const lines = [firstLine, ...headers, ...(body ? ['Content-Type: application/sdp'] : []), `Content-Length: ${Buffer.byteLength(body)}`, '', body];
  return lines.join('\r\n');
}

/** One incoming call's six messages; `rendererVia` is the Via host the renderer's agent uses. */
function callTexts(index: number, rendererVia: string): CallTexts {
  const callId = `bench-relay-${index}@198.51.100.7`;
  const proxyVia = `Via: SIP/2.0/WSS 198.51.100.7:443;branch=z9hG4bK-relay-${index}`;
  const bobFrom = 'From: "Bob Example" <sip:bob@softphone.test>;tag=bob-' + index;
  const aliceTo = 'To: <sip:alice@softphone.test>';
  const aliceToTagged = `${aliceTo};tag=alice-${index}`;
  const routeSet = ['Record-Route: <sip:198.51.100.7;transport=ws;r2=on;lr=on;ftag=bob>', 'Record-Route: <sip:198.51.100.7:5060;r2=on;lr=on;ftag=bob>'];
  const aliceContact = `Contact: <sip:alice@${rendererVia};transport=ws>`;
  const invite = message(
    `INVITE sip:alice@${rendererVia.replace('-call.invalid', '-reg.invalid')};transport=ws SIP/2.0`,
    [
      ...routeSet,
      proxyVia,
      'Via: SIP/2.0/WS bob-host.invalid;rport=40000;received=192.0.2.9;branch=z9hG4bK-bob-' + index,
      'Max-Forwards: 69',
      aliceTo,
      bobFrom,
      `Call-ID: ${callId}`,
      'CSeq: 7001 INVITE',
      'Contact: <sip:bob@bob-host.invalid;transport=ws;alias=192.0.2.9~40000~5>',
      'Allow: ACK,CANCEL,INVITE,MESSAGE,BYE,OPTIONS,INFO,NOTIFY,REFER',
      'Supported: outbound',
      'User-Agent: SIP.js/0.21.2',
    ],
    OFFER_SDP,
  );
  const responseHeaders = (cseq: string, to: string) => [...routeSet, proxyVia, 'Via: SIP/2.0/WS bob-host.invalid;rport=40000;received=192.0.2.9;branch=z9hG4bK-bob-' + index, to, bobFrom, `Call-ID: ${callId}`, `CSeq: ${cseq}`];
  const ringing = message('SIP/2.0 180 Ringing', [...responseHeaders('7001 INVITE', aliceToTagged), aliceContact, 'Supported: outbound', 'User-Agent: Softphone/0.1 (sip.js)']);
  const ok = message('SIP/2.0 200 OK', [...responseHeaders('7001 INVITE', aliceToTagged), aliceContact, 'Allow: ACK,CANCEL,INVITE,MESSAGE,BYE,OPTIONS,INFO,NOTIFY,REFER', 'Supported: outbound', 'User-Agent: Softphone/0.1 (sip.js)'], ANSWER_SDP);
  const inDialog = (method: string, cseq: number) =>
    message(`${method} sip:alice@${rendererVia};transport=ws SIP/2.0`, [
      `Via: SIP/2.0/WSS 198.51.100.7:443;branch=z9hG4bK-${method.toLowerCase()}-${index}`,
      'Max-Forwards: 69',
      aliceToTagged,
      bobFrom,
      `Call-ID: ${callId}`,
      `CSeq: ${cseq} ${method}`,
    ]);
  const byeOk = message('SIP/2.0 200 OK', [`Via: SIP/2.0/WSS 198.51.100.7:443;branch=z9hG4bK-bye-${index}`, aliceToTagged, bobFrom, `Call-ID: ${callId}`, 'CSeq: 7002 BYE', 'User-Agent: Softphone/0.1 (sip.js)']);
  return { fromWire: [invite, inDialog('ACK', 7001), inDialog('BYE', 7002)], fromRenderer: [ringing, ok, byeOk] };
}

/** A connection that is always open: REGISTER gets 200 listing the Contact, the rest is taken. */
function standInConnections(): { factory: SipTransportConnectionFactory; current: () => SipTransportConnectionDelegate | undefined; sent: () => number } {
  let delegate: SipTransportConnectionDelegate | undefined;
  let sent = 0;
  const factory: SipTransportConnectionFactory = (_options, created) => {
    delegate = created;
    return {
      connect: async () => undefined,
      close: async () => undefined,
      isOpen: true,
      answersCrlf: true,
      probe: () => undefined,
      send: (text) => {
        sent += 1;
        if (text.startsWith('REGISTER ')) {
          const header = (name: string) => text.split('\r\n').filter((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`));
          const reply = ['SIP/2.0 200 OK', ...header('Via'), ...header('From'), `${header('To')[0]};tag=registrar`, ...header('Call-ID'), ...header('CSeq'), `${header('Contact')[0]};expires=3600`, 'Content-Length: 0', '', ''].join('\r\n');
          setImmediate(() => created.onMessage(reply));
        }
        return true;
      },
    };
  };
  return { factory, current: () => delegate, sent: () => sent };
}

/** Counts full sip.js parses while `body` runs. */
async function countingParses<T>(body: () => Promise<T>): Promise<{ result: T; parses: number }> {
  const parser = Core.Parser as { parseMessage: typeof Core.Parser.parseMessage };
  const original = parser.parseMessage;
  let parses = 0;
  parser.parseMessage = (...args) => {
    parses += 1;
    return original(...args);
  };
  try {
    return { result: await body(), parses };
  } finally {
    parser.parseMessage = original;
  }
}

export const relaySection: BenchSection = {
  name: 'relay',
  title: 'cost of one relayed message in main (stand-in connection, real contract door)',
  async run(context: BenchContext): Promise<SectionResult> {
    const profileDir = mkdtempSync(join(tmpdir(), 'softphone-bench-relay-'));
    const connections = standInConnections();
    const core = new SoftphoneCore({
      dataFiles: confDataFiles(profileDir),
      vault: plainTextVault,
      log: SILENT,
      requestWindow: () => undefined,
      agentTuning: { createConnection: connections.factory, reachabilityIntervalMs: 3_600_000, keepAliveIntervalMs: 300_000 },
    });
    core.start();
    let delivered = 0;
    const renderer = core.connectRenderer((channel) => {
      if (channel === 'sip:message') delivered += 1;
    });
    try {
      const added = (await renderer.invoke('accounts:add', {
        displayName: 'Alice',
        sipAddress: 'alice@softphone.test',
        authUser: '',
        password: 'x',
        serverUrl: 'ws://127.0.0.1:9/bench',
        enabled: true,
      })) as Result<{ id: string }>;
      if (!added.ok) throw new Error(`accounts:add: ${added.error.message}`);
      const accountId = added.value.id;
      await waitUntil(() => core.snapshot.accounts[0]?.status.kind === 'registered', 5_000);
      const attached = (await renderer.invoke('sip:attach', { accountId })) as Result<{ viaHost: string }>;
      if (!attached.ok) throw new Error(`sip:attach: ${attached.error.message}`);
      await renderer.invoke('sip:ready', { accountId });
      const rendererVia = attached.value.viaHost;
      const wire = connections.current()!;

      let next = 0;
      const runCalls = async (count: number) => {
        let inbound = 0;
        let outbound = 0;
        for (let call = 0; call < count; call += 1) {
          const texts = callTexts(next++, rendererVia);
          const relayIn = (text: string) => {
            const started = performance.now();
            wire.onMessage(text);
            inbound += performance.now() - started;
          };
          const relayOut = async (text: string) => {
            const started = performance.now();
            const sent = await renderer.invoke('sip:send', { accountId, message: text });
            outbound += performance.now() - started;
            if (!sent.ok) throw new Error(`sip:send: ${sent.error.message}`);
          };
          relayIn(texts.fromWire[0]!);
          await relayOut(texts.fromRenderer[0]!);
          await relayOut(texts.fromRenderer[1]!);
          relayIn(texts.fromWire[1]!);
          relayIn(texts.fromWire[2]!);
          await relayOut(texts.fromRenderer[2]!);
        }
        return { inboundUs: (inbound * 1000) / (count * 3), outboundUs: (outbound * 1000) / (count * 3) };
      };
      const allTexts = (index: number) => {
        const texts = callTexts(index, rendererVia);
        return [...texts.fromWire, ...texts.fromRenderer];
      };
      const timeBareParse = (count: number) => {
        const logger = new Core.LoggerFactory().getLogger('bench');
        let elapsed = 0;
        for (let call = 0; call < count; call += 1) {
          const texts = allTexts(call);
          const started = performance.now();
          for (const text of texts) Core.Parser.parseMessage(text, logger);
          elapsed += performance.now() - started;
        }
        return (elapsed * 1000) / (count * 6);
      };

      context.log(`relay: ${WARMUP_CALLS} warm-up calls`);
      await runCalls(WARMUP_CALLS);
      timeBareParse(WARMUP_CALLS);
      const deliveredBefore = delivered;
      const sentBefore = connections.sent();
      const counted = await countingParses(() => runCalls(CALLS_PER_SAMPLE));
      if (delivered - deliveredBefore !== CALLS_PER_SAMPLE * 3) throw new Error(`relay: the renderer got ${delivered - deliveredBefore} of ${CALLS_PER_SAMPLE * 3} messages`);
      if (connections.sent() - sentBefore !== CALLS_PER_SAMPLE * 3) throw new Error(`relay: the wire got ${connections.sent() - sentBefore} of ${CALLS_PER_SAMPLE * 3} messages`);
      const parsesPerMessage = counted.parses / (CALLS_PER_SAMPLE * 6);

      const inbound: number[] = [];
      const outbound: number[] = [];
      const bare: number[] = [];
      for (let sample = 0; sample < context.samples; sample += 1) {
        // Alternate which goes first, so drift hits both alike.
        if (sample % 2 === 0) bare.push(timeBareParse(CALLS_PER_SAMPLE));
        const relayed = await runCalls(CALLS_PER_SAMPLE);
        inbound.push(relayed.inboundUs);
        outbound.push(relayed.outboundUs);
        if (sample % 2 === 1) bare.push(timeBareParse(CALLS_PER_SAMPLE));
      }
      const inboundUs = median(inbound);
      const outboundUs = median(outbound);
      const bareUs = median(bare);
      const relayedUs = (inboundUs + outboundUs) / 2;
      const round1 = (value: number) => Math.round(value * 10) / 10;
      return {
        figures: {
          relay_inbound_us_per_message: round1(inboundUs),
          relay_outbound_us_per_message: round1(outboundUs),
          relay_bare_parse_us_per_message: round1(bareUs),
          relay_vs_bare_parse_ratio: ratio(relayedUs, bareUs),
          relay_parses_per_message: Math.round(parsesPerMessage * 100) / 100,
        },
        summary: [
          `relay (main's hop, ${CALLS_PER_SAMPLE} calls × 6 messages per sample): wire → renderer ${round1(inboundUs)} µs, renderer → wire ${round1(outboundUs)} µs per message;`,
          `  one bare sip.js parse of the same messages ${round1(bareUs)} µs; relayed / bare parse = ${ratio(relayedUs, bareUs)}×; full sip.js parses in main per relayed message: ${Math.round(parsesPerMessage * 100) / 100}`,
        ],
        samples: { inbound, outbound, bare, parsesPerMessage },
      };
    } finally {
      renderer.close();
      await core.stop();
      rmSync(profileDir, { recursive: true, force: true });
    }
  },
};

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('relay: the stand-in account did not register');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
