/**
 * The SDP seam as the provider and the renderer see it: each call's
 * messages leave in the order they came, with translated bodies, while
 * other calls are not held up.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Logger } from '../../../main/core/logger';
import { SdpCrossings } from '../../../main/core/sdp-crossings';
import type { SdpCrossing, SdpTranslator } from '../../../main/core/sdp-translator';

const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

const SDP = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\n';

function message(firstLine: string, callId: string, cseq: string, body = ''): string {
  const head = [firstLine, 'Via: SIP/2.0/WS acct-call.invalid;branch=z9hG4bK1', 'From: <sip:a@x>;tag=1', 'To: <sip:b@x>', `Call-ID: ${callId}`, `CSeq: ${cseq}`];
  if (body) head.push('Content-Type: application/sdp');
  return `${head.join('\r\n')}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

test('a message without SDP waits behind its call\'s pending translation; another call passes at once', async () => {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const seen: SdpCrossing[] = [];
  const translator: SdpTranslator = {
    translate: async (crossing) => {
      seen.push(crossing);
      await gate;
      return { ok: true, sdp: `${crossing.sdp}a=translated\r\n` };
    },
    callEnded: () => undefined,
  };
  const wire: string[] = [];
  const crossings = new SdpCrossings(translator, 'acct-reg.invalid', { toProvider: (text) => wire.push(text), toRenderer: () => undefined }, quiet);
  crossings.fromRenderer(message('INVITE sip:b@x SIP/2.0', 'call-1', '1 INVITE', SDP));
  crossings.fromRenderer(message('CANCEL sip:b@x SIP/2.0', 'call-1', '1 CANCEL'));
  crossings.fromRenderer(message('OPTIONS sip:b@x SIP/2.0', 'call-2', '1 OPTIONS'));
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(wire.map((text) => text.split(' ')[0]), ['OPTIONS']);
  release();
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.deepEqual(wire.map((text) => text.split(' ')[0]), ['OPTIONS', 'INVITE', 'CANCEL']);
  assert.match(wire[1]!, /a=translated\r\n$/);
  assert.match(wire[1]!, new RegExp(`Content-Length: ${Buffer.byteLength(`${SDP}a=translated\r\n`)}\r\n`));
  assert.deepEqual(seen.map((crossing) => [crossing.direction, crossing.method]), [['to-provider', 'INVITE']]);
});

test('a message whose delivery throws costs that message only: no unhandled rejection, and the call\'s next message still crosses', async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    const errors: string[] = [];
    const translator: SdpTranslator = { translate: async (crossing) => ({ ok: true, sdp: crossing.sdp }), callEnded: () => undefined };
    const wire: string[] = [];
    let isSocketBroken = true;
    const toProvider = (text: string): void => {
      if (isSocketBroken) {
        isSocketBroken = false;
        throw new Error('the socket broke');
      }
      wire.push(text);
    };
    const crossings = new SdpCrossings(translator, 'acct-reg.invalid', { toProvider, toRenderer: () => undefined }, { ...quiet, error: (line) => errors.push(line) });
    crossings.fromRenderer(message('INVITE sip:b@x SIP/2.0', 'call-3', '1 INVITE', SDP));
    crossings.fromRenderer(message('CANCEL sip:b@x SIP/2.0', 'call-3', '1 CANCEL'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(unhandled, []);
    assert.deepEqual(wire.map((text) => text.split(' ')[0]), ['CANCEL']);
    assert.match(errors.join('\n'), /call-3: INVITE could not cross: Error: the socket broke/);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});
