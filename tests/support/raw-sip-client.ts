/**
 * A minimal SIP-over-WebSocket client speaking raw SIP text, with
 * hand-written requests and digest authentication: what a test needs to
 * play a SIP peer or probe a server byte for byte.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import WebSocket from 'ws';

const REPLY_TIMEOUT_MS = 2_000;

// ---------------------------------------------------------------------------
// A minimal SIP-over-WebSocket client speaking raw SIP text.

export interface SipMessage {
  readonly raw: string;
  readonly status?: number;
  readonly method?: string;
  header(name: string): string | undefined;
  headers(name: string): string[];
}

export function parseSipMessage(raw: string): SipMessage {
  const [head = ''] = raw.split('\r\n\r\n');
  const [startLine = '', ...lines] = head.split('\r\n');
  const fields = new Map<string, string[]>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    fields.set(name, [...(fields.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  const statusMatch = /^SIP\/2\.0 (\d{3})/.exec(startLine);
  return {
    raw,
    status: statusMatch ? Number(statusMatch[1]) : undefined,
    method: statusMatch ? undefined : startLine.split(' ')[0],
    header: (name) => fields.get(name.toLowerCase())?.[0],
    headers: (name) => fields.get(name.toLowerCase()) ?? [],
  };
}

export class RawSipClient {
  private readonly received: SipMessage[] = [];
  private readonly waiters = new Set<() => void>();
  readonly closed: Promise<void>;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.received.push(parseSipMessage(data.toString()));
      for (const wake of this.waiters) wake();
    });
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  static connect(url: string): Promise<RawSipClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, 'sip', { handshakeTimeout: REPLY_TIMEOUT_MS });
      socket.once('open', () => resolve(new RawSipClient(socket)));
      socket.once('error', reject);
    });
  }

  send(message: string): void {
    this.socket.send(message);
  }

  /** Resolves with (and consumes) the first message matching `accept`. */
  next(accept: (message: SipMessage) => boolean, timeoutMs = REPLY_TIMEOUT_MS): Promise<SipMessage> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const index = this.received.findIndex(accept);
        if (index < 0) return;
        const [message] = this.received.splice(index, 1);
        settle();
        resolve(message as SipMessage);
      };
      const timer = setTimeout(() => {
        settle();
        reject(new Error(`no matching SIP message within ${timeoutMs} ms`));
      }, timeoutMs);
      const settle = (): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  close(): void {
    this.socket.close();
  }
}

// ---------------------------------------------------------------------------
// Hand-written requests and digest authentication.

export const token = (): string => randomBytes(6).toString('hex');
const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

export interface RequestSpec {
  method: string;
  uri: string;
  from: string;
  to: string;
  callId: string;
  cseq: number;
  fromTag: string;
  toTag?: string;
  extraHeaders?: string[];
  body?: string;
}

export function buildRequest(spec: RequestSpec): string {
  const body = spec.body ?? '';
  return [
    `${spec.method} ${spec.uri} SIP/2.0`,
    `Via: SIP/2.0/WS client.invalid;branch=z9hG4bK${token()}`,
    'Max-Forwards: 70',
    `From: <${spec.from}>;tag=${spec.fromTag}`,
    `To: <${spec.to}>${spec.toTag ? `;tag=${spec.toTag}` : ''}`,
    `Call-ID: ${spec.callId}`,
    `CSeq: ${spec.cseq} ${spec.method}`,
    ...(spec.extraHeaders ?? []),
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');
}

export function buildResponse(request: SipMessage, status: number, reason: string, extraHeaders: string[] = []): string {
  const to = request.header('to') ?? '';
  return [
    `SIP/2.0 ${status} ${reason}`,
    ...request.headers('via').map((via) => `Via: ${via}`),
    ...request.headers('record-route').map((route) => `Record-Route: ${route}`),
    `From: ${request.header('from')}`,
    `To: ${to}${/;tag=/.test(to) ? '' : `;tag=${token()}`}`,
    `Call-ID: ${request.header('call-id')}`,
    `CSeq: ${request.header('cseq')}`,
    ...extraHeaders,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

export function authParams(challenge: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const match of challenge.matchAll(/(\w+)=(?:"([^"]*)"|([^\s,]+))/g)) {
    params[(match[1] as string).toLowerCase()] = match[2] ?? match[3] ?? '';
  }
  return params;
}

export function digestCredentials(challenge: string, user: string, password: string, method: string, uri: string): string {
  const { realm = '', nonce = '', opaque, qop } = authParams(challenge);
  const ha1 = md5(`${user}:${realm}:${password}`);
  const ha2 = md5(`${method}:${uri}`);
  const parts = [`username="${user}"`, `realm="${realm}"`, `nonce="${nonce}"`, `uri="${uri}"`, 'algorithm=MD5'];
  if (qop?.split(',').includes('auth')) {
    const cnonce = token();
    parts.push(`response="${md5(`${ha1}:${nonce}:00000001:${cnonce}:auth:${ha2}`)}"`);
    parts.push('qop=auth', 'nc=00000001', `cnonce="${cnonce}"`);
  } else {
    parts.push(`response="${md5(`${ha1}:${nonce}:${ha2}`)}"`);
  }
  if (opaque !== undefined) parts.push(`opaque="${opaque}"`);
  return `Digest ${parts.join(', ')}`;
}

export const tagOf = (header: string | undefined): string | undefined => /;tag=([^;>\s]+)/.exec(header ?? '')?.[1];
export const uriOf = (nameAddr: string | undefined): string => /<([^>]+)>/.exec(nameAddr ?? '')?.[1] ?? fail('no URI');

/** A request inside the dialog the 2xx `ok` to `invite` set up: to its Contact, along its Record-Route. */
export function inDialogSpec(invite: RequestSpec, ok: SipMessage, method: string, cseq: number): RequestSpec {
  return {
    ...invite,
    method,
    uri: uriOf(ok.header('contact')),
    cseq,
    toTag: tagOf(ok.header('to')),
    extraHeaders: ok.headers('record-route').reverse().map((route) => `Route: ${route}`),
  };
}

export const isReplyTo = (callId: string, cseq: number) => (message: SipMessage): boolean =>
  message.status !== undefined && message.status >= 200 &&
  message.header('call-id') === callId && message.header('cseq')?.startsWith(`${cseq} `) === true;

/** The request again (next CSeq) with credentials answering a 401/407 `challengeReply`. */
export function answerChallenge(spec: RequestSpec, challengeReply: SipMessage, user: string, password: string): RequestSpec {
  const [challengeName, credentialsName] =
    challengeReply.status === 401 ? ['www-authenticate', 'Authorization'] : ['proxy-authenticate', 'Proxy-Authorization'];
  const challenge = challengeReply.header(challengeName) ?? fail(`${challengeReply.status} without ${challengeName}`);
  return {
    ...spec,
    cseq: spec.cseq + 1,
    extraHeaders: [
      ...(spec.extraHeaders ?? []),
      `${credentialsName}: ${digestCredentials(challenge, user, password, spec.method, spec.uri)}`,
    ],
  };
}

/** Sends a request, answers a 401/407 challenge once, returns the final reply. */
export async function sendWithAuth(client: RawSipClient, spec: RequestSpec, user: string, password: string): Promise<SipMessage> {
  client.send(buildRequest(spec));
  const first = await client.next(isReplyTo(spec.callId, spec.cseq));
  if (first.status !== 401 && first.status !== 407) return first;
  const retry = answerChallenge(spec, first, user, password);
  client.send(buildRequest(retry));
  return client.next(isReplyTo(retry.callId, retry.cseq));
}

/**
 * A REGISTER shaped like sip.js's: Supported: outbound, reg-id, +sip.instance.
 * `expires: null` asks for no particular expiry (no Expires anywhere).
 */
export function registerSpec(domain: string, user: string, expires: number | null = 600): RequestSpec {
  const aor = `sip:${user}@${domain}`;
  const contact = `Contact: <sip:${user}-${token()}@client.invalid;transport=ws>;reg-id=1;+sip.instance="<urn:uuid:${randomUUID()}>"`;
  return {
    method: 'REGISTER',
    uri: `sip:${domain}`,
    from: aor,
    to: aor,
    callId: token(),
    cseq: 1,
    fromTag: token(),
    extraHeaders: [
      ...(expires === null ? [contact] : [`${contact};expires=${expires}`, `Expires: ${expires}`]),
      'Supported: outbound, path, gruu',
    ],
  };
}

function fail(message: string): never {
  throw new Error(message);
}
