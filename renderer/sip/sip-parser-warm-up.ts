/**
 * Runs sip.js's message parser over the messages a call exchanges (our
 * INVITE, 100, 407, 180, a 200 with SDP) while the window is idle.
 *
 * @remarks
 * sip.js parses with an interpreted grammar; until the JavaScript engine has
 * compiled that interpreter, every message of the first call is parsed
 * several times slower, and a CPU profile of the first call after start
 * shows it as the largest cost the later calls do not pay. The messages are
 * parsed and dropped: nothing is sent and no user agent sees them.
 */
import { Core } from 'sip.js';

/** Enough passes for the engine to compile the grammar's hot paths (a few ms each). */
const PASSES = 8;

const HOST = 'warm-up.invalid';
const CALL_ID = 'warm-up-call-id';

function headers(firstLine: string, extra: readonly string[], body = ''): string {
  return [
    firstLine,
    `Via: SIP/2.0/WSS ${HOST};branch=z9hG4bK.warmup;received=127.0.0.1;rport=5060`,
    `From: "Warm Up" <sip:alice@${HOST}>;tag=from-tag`,
    `To: <sip:bob@${HOST}>;tag=to-tag`,
    `Call-ID: ${CALL_ID}`,
    'CSeq: 2 INVITE',
    `Contact: <sip:bob@${HOST};transport=ws;ob>;expires=600`,
    'Max-Forwards: 70',
    'Supported: replaces, outbound, timer',
    'Allow: ACK, CANCEL, INVITE, MESSAGE, BYE, OPTIONS, INFO, NOTIFY, REFER',
    'User-Agent: warm-up',
    ...extra,
    `Content-Length: ${body.length}`,
    '',
    body,
  ].join('\r\n');
}

const SDP = ['v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'm=audio 9 UDP/TLS/RTP/SAVPF 111', 'c=IN IP4 0.0.0.0', 'a=rtpmap:111 opus/48000/2', ''].join('\r\n');

/** What a call exchanges, as sip.js receives it (exported for its test: each must parse, or the warm-up warms the error path). */
export const WARM_UP_MESSAGES: readonly string[] = [
  headers(`INVITE sip:bob@${HOST} SIP/2.0`, ['Content-Type: application/sdp', `Record-Route: <sip:127.0.0.1;transport=ws;lr;r2=on>`], SDP),
  headers('SIP/2.0 100 Trying', []),
  headers('SIP/2.0 407 Proxy Authentication Required', [`Proxy-Authenticate: Digest realm="${HOST}", nonce="bm9uY2U=", qop="auth"`]),
  headers('SIP/2.0 180 Ringing', [`Record-Route: <sip:127.0.0.1;transport=ws;lr;r2=on>`]),
  headers('SIP/2.0 200 OK', ['Content-Type: application/sdp', `Record-Route: <sip:127.0.0.1;transport=ws;lr;r2=on>`], SDP),
];

/**
 * Parses the sample messages {@link PASSES} times, one message per task so
 * a click in the meantime waits for one parse at most; they are thrown away.
 */
export async function warmSipParser(): Promise<void> {
  const loggers = new Core.LoggerFactory();
  loggers.builtinEnabled = false;
  const logger = loggers.getLogger('sip.warm-up');
  for (let pass = 0; pass < PASSES; pass += 1) {
    for (const message of WARM_UP_MESSAGES) {
      Core.Parser.parseMessage(message, logger);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }
}
