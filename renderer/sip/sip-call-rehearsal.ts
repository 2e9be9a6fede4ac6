/**
 * Places one call, while the window is idle after start, through a sip.js
 * UserAgent of its own whose far end is a script in this module: INVITE,
 * 407 and the authenticated INVITE, 100, 180, 200 with an answer, ACK, BYE.
 *
 * @remarks
 * A CPU profile of the first call after start showed sip.js's own call path
 * (the INVITE client transaction, digest authentication, the dialog made at
 * the 200) running several times slower than on later calls, each response
 * waiting behind the engine compiling it. This runs that path once with
 * nothing real behind it: the agent's transport is an in-memory pipe to the
 * script, its session description handler hands out a fixed SDP (no peer
 * connection, no microphone), and nothing reaches main, the network or the
 * window's stores.
 */
import { Inviter, UserAgent, type SessionDescriptionHandler } from 'sip.js';
import { PipeTransport } from '../../app/sip/pipe-transport';

const HOST = 'rehearsal.invalid';
/** MD5 of nothing in particular: a key in the shape sip.js expects; the script accepts any answer to its challenge. */
const REHEARSAL_HA1 = '0123456789abcdef0123456789abcdef';
const SDP = ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 't=0 0', 'm=audio 9 UDP/TLS/RTP/SAVPF 111', 'c=IN IP4 0.0.0.0', 'a=rtpmap:111 opus/48000/2', ''].join('\r\n');
/** A call the script cannot finish (a sip.js change) is abandoned after this. */
const GIVE_UP_MS = 5_000;

/** The far end: answers each request sip.js sends as a proxy and a callee would. */
class ScriptedFarEnd {
  private transport: PipeTransport | undefined;
  private isChallenged = false;
  /** Methods sip.js sent, in order (what the rehearsal's test reads). */
  readonly sent: string[] = [];

  attach(transport: PipeTransport): void {
    this.transport = transport;
    transport.markConnected();
  }

  receive(message: string): void {
    const request = parseRequest(message);
    if (!request) return;
    this.sent.push(request.method + (/^Proxy-Authorization:/im.test(message) ? ' (authorized)' : ''));
    if (request.method === 'ACK') return;
    if (request.method === 'INVITE' && !this.isChallenged) {
      this.isChallenged = true;
      this.reply(request, '407 Proxy Authentication Required', [`Proxy-Authenticate: Digest realm="${HOST}", nonce="cmVoZWFyc2Fs", qop="auth", algorithm=MD5`]);
      return;
    }
    if (request.method === 'INVITE') {
      this.reply(request, '100 Trying', []);
      this.reply(request, '180 Ringing', [`Contact: <sip:bob@${HOST};transport=ws>`]);
      this.reply(request, '200 OK', [`Contact: <sip:bob@${HOST};transport=ws>`, 'Content-Type: application/sdp'], SDP);
      return;
    }
    this.reply(request, '200 OK', []);
  }

  private reply(request: ScriptedRequest, status: string, extra: readonly string[], body = ''): void {
    const response = [
      `SIP/2.0 ${status}`,
      ...request.vias,
      request.from,
      status.startsWith('100 ') || /;tag=/i.test(request.to) ? request.to : `${request.to};tag=rehearsal-callee`,
      request.callId,
      request.cseq,
      ...extra,
      `Content-Length: ${body.length}`,
      '',
      body,
    ].join('\r\n');
    // As from a network: in a task of its own, after sip.js's send returned.
    setTimeout(() => this.transport?.receive(response), 0);
  }
}

interface ScriptedRequest {
  readonly method: string;
  readonly vias: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly callId: string;
  readonly cseq: string;
}

function parseRequest(message: string): ScriptedRequest | undefined {
  const lines = message.split('\r\n');
  const method = /^([A-Z]+) \S+ SIP\/2\.0$/.exec(lines[0] ?? '')?.[1];
  const header = (name: string) => lines.find((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  const [from, to, callId, cseq] = [header('From'), header('To'), header('Call-ID'), header('CSeq')];
  if (!method || !from || !to || !callId || !cseq) return undefined;
  return { method, vias: lines.filter((line) => /^Via:/i.test(line)), from, to, callId, cseq };
}

/** Offers and accepts a fixed SDP: the rehearsal needs sip.js's call path, not media. */
class ScriptedDescriptionHandler implements SessionDescriptionHandler {
  close(): void {}
  getDescription(): Promise<{ body: string; contentType: string }> {
    return Promise.resolve({ body: SDP, contentType: 'application/sdp' });
  }
  hasDescription(contentType: string): boolean {
    return contentType === 'application/sdp';
  }
  setDescription(): Promise<void> {
    return Promise.resolve();
  }
  sendDtmf(): boolean {
    return false;
  }
}

/**
 * Runs the rehearsed call to its end (or gives it up after a few seconds);
 * resolves with the methods sip.js sent, and never rejects.
 */
export async function rehearseSipCall(): Promise<readonly string[]> {
  const farEnd = new ScriptedFarEnd();
  const userAgent = new UserAgent({
    uri: UserAgent.makeURI(`sip:alice@${HOST}`),
    authorizationUsername: 'alice',
    authorizationHa1: REHEARSAL_HA1,
    viaHost: HOST,
    logBuiltinEnabled: false,
    reconnectionAttempts: 0,
    transportConstructor: PipeTransport,
    transportOptions: {
      pipe: { isConnected: () => true, whenConnected: () => Promise.resolve(), send: async (message: string) => farEnd.receive(message) },
      onCreated: (transport: PipeTransport) => farEnd.attach(transport),
    },
    sessionDescriptionHandlerFactory: () => new ScriptedDescriptionHandler(),
  });
  let giveUp: ReturnType<typeof setTimeout> | undefined;
  try {
    await userAgent.start();
    const inviter = new Inviter(userAgent, UserAgent.makeURI(`sip:bob@${HOST}`)!);
    const established = new Promise<void>((resolve, reject) => {
      inviter.stateChange.addListener((state) => {
        if (state === 'Established') resolve();
        if (state === 'Terminated') reject(new Error('the rehearsed call ended before it was answered'));
      });
      giveUp = setTimeout(() => reject(new Error('the rehearsed call was not answered')), GIVE_UP_MS);
    });
    await inviter.invite();
    await established;
    await inviter.bye();
  } catch (error) {
    console.warn(`sip.js call rehearsal: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    clearTimeout(giveUp);
    await userAgent.stop().catch(() => undefined);
  }
  return farEnd.sent;
}
