/**
 * A seeded, reproducible SIP mutator: the same seed always yields the same
 * messages, so a failure found by fuzzing can be replayed by its seed and
 * index.
 *
 * It starts from a corpus of valid messages a server may send to a
 * softphone (INVITE, OPTIONS, BYE, NOTIFY, MESSAGE, and 200/401 answers to
 * the client's own last REGISTER) and applies one to three mutations: bit
 * flips, header deletion, duplication and truncation, huge values, CR/LF
 * injection, binary garbage, wrong Content-Length, random methods and
 * status lines.
 */

export interface FuzzTarget {
  readonly user: string;
  readonly domain: string;
  /** The client's last REGISTER (raw text), for answers that look like its own; none: only requests are made. */
  readonly lastRegister?: string;
}

export interface FuzzMessage {
  readonly index: number;
  /** What was mutated from, and how (for a failure report). */
  readonly label: string;
  /** Text frame, or a Buffer for a binary frame. */
  readonly data: string | Buffer;
}

/** mulberry32: small, fast and good enough to pick mutations. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
type Mutation = (text: string, random: Random) => string;

const CRLF = '\r\n';
const int = (random: Random, below: number): number => Math.floor(random() * below);
const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)] as T;

function corpus(target: FuzzTarget, serial: number): { name: string; text: string }[] {
  const aor = `${target.user}@${target.domain}`;
  const tag = `fz${serial}`;
  const callId = `fuzz-${serial}@hostile.test`;
  const via = `Via: SIP/2.0/WS hostile.invalid;branch=z9hG4bKfuzz${serial}`;
  const sdp = ['v=0', 'o=- 1 1 IN IP4 192.0.2.1', 's=-', 'c=IN IP4 192.0.2.1', 't=0 0', 'm=audio 49170 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', ''].join(CRLF);
  const request = (method: string, extra: readonly string[], body = '', toTag = ''): string =>
    [
      `${method} sip:${aor} SIP/2.0`,
      via,
      'Max-Forwards: 70',
      `From: "Fuzz" <sip:fuzz@hostile.test>;tag=${tag}`,
      `To: <sip:${aor}>${toTag}`,
      `Call-ID: ${callId}`,
      `CSeq: ${1 + (serial % 1000)} ${method}`,
      'Contact: <sip:fuzz@hostile.invalid;transport=ws>',
      ...extra,
      `Content-Length: ${Buffer.byteLength(body)}`,
      '',
      body,
    ].join(CRLF);
  const messages = [
    { name: 'INVITE', text: request('INVITE', ['Content-Type: application/sdp'], sdp) },
    { name: 'OPTIONS', text: request('OPTIONS', ['Accept: application/sdp']) },
    { name: 'BYE', text: request('BYE', [], '', ';tag=nobody-knows') },
    { name: 'NOTIFY', text: request('NOTIFY', ['Event: message-summary', 'Subscription-State: active', 'Content-Type: application/simple-message-summary'], 'Messages-Waiting: yes\r\n') },
    { name: 'MESSAGE', text: request('MESSAGE', ['Content-Type: text/plain'], 'hello') },
  ];
  if (target.lastRegister) {
    messages.push({ name: '200-to-REGISTER', text: answer(target.lastRegister, '200 OK', [registerContact(target.lastRegister)]) });
    messages.push({
      name: '401-to-REGISTER',
      text: answer(target.lastRegister, '401 Unauthorized', [`WWW-Authenticate: Digest realm="${target.domain}", nonce="fuzz${serial}", algorithm=MD5`]),
    });
  }
  return messages;
}

function headerLines(text: string, name: string): string[] {
  return text.split(CRLF).filter((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`));
}

function answer(request: string, status: string, extra: readonly string[]): string {
  const to = headerLines(request, 'To')[0] ?? 'To: <sip:nobody@hostile.test>';
  return [
    `SIP/2.0 ${status}`,
    ...headerLines(request, 'Via'),
    ...headerLines(request, 'From'),
    /;tag=/.test(to) ? to : `${to};tag=fuzzed`,
    ...headerLines(request, 'Call-ID'),
    ...headerLines(request, 'CSeq'),
    ...extra,
    'Content-Length: 0',
    '',
    '',
  ].join(CRLF);
}

function registerContact(request: string): string {
  const contact = headerLines(request, 'Contact')[0] ?? 'Contact: <sip:nobody@hostile.invalid>';
  return `${contact.replace(/;\s*expires=\d+/i, '')};expires=300`;
}

function splitHead(text: string): { lines: string[]; body: string } {
  const end = text.indexOf(CRLF + CRLF);
  if (end < 0) return { lines: text.split(CRLF), body: '' };
  return { lines: text.slice(0, end).split(CRLF), body: text.slice(end + 4) };
}

const joinHead = (lines: readonly string[], body: string): string => `${lines.join(CRLF)}${CRLF}${CRLF}${body}`;

function randomBytesText(random: Random, length: number): string {
  let text = '';
  for (let i = 0; i < length; i += 1) text += String.fromCharCode(int(random, 256));
  return text;
}

const MUTATIONS: Record<string, Mutation> = {
  bitFlips: (text, random) => {
    const chars = [...text];
    for (let n = 1 + int(random, 8); n > 0 && chars.length > 0; n -= 1) {
      const at = int(random, chars.length);
      chars[at] = String.fromCharCode((chars[at]!.charCodeAt(0) ^ (1 << int(random, 8))) & 0xffff);
    }
    return chars.join('');
  },
  deleteHeader: (text, random) => {
    const { lines, body } = splitHead(text);
    if (lines.length > 1) lines.splice(1 + int(random, lines.length - 1), 1);
    return joinHead(lines, body);
  },
  duplicateHeader: (text, random) => {
    const { lines, body } = splitHead(text);
    if (lines.length > 1) {
      const at = 1 + int(random, lines.length - 1);
      lines.splice(at, 0, lines[at]!);
    }
    return joinHead(lines, body);
  },
  truncateHeader: (text, random) => {
    const { lines, body } = splitHead(text);
    const at = int(random, lines.length);
    lines[at] = lines[at]!.slice(0, int(random, lines[at]!.length + 1));
    return joinHead(lines, body);
  },
  truncateMessage: (text, random) => text.slice(0, int(random, text.length)),
  hugeValue: (text, random) => {
    const { lines, body } = splitHead(text);
    const at = int(random, lines.length);
    const size = pick(random, [1_000, 8_000, 40_000, 65_000]);
    lines[at] = `${lines[at]}${pick(random, ['A', ';p=', ',', '"', '<sip:x@y>'])!.repeat(Math.ceil(size / 5))}`;
    return joinHead(lines, body);
  },
  crlfInjection: (text, random) => {
    const at = int(random, text.length);
    const injected = pick(random, ['\r\n', '\n', '\r', '\r\n\r\n', '\r\nVia: SIP/2.0/WS injected.invalid', '\r\n: no-name', '\0']);
    return text.slice(0, at) + injected + text.slice(at);
  },
  binary: (text, random) => {
    const at = int(random, text.length);
    return text.slice(0, at) + randomBytesText(random, 1 + int(random, 64)) + text.slice(at + int(random, 32));
  },
  wrongContentLength: (text, random) => {
    const value = pick(random, ['-1', '-999', '0', '1', '99999', '4294967296', '18446744073709551617', 'abc', '', '1e3', ' 12 ', '0x10']);
    return /^(Content-Length|l)\s*:.*$/im.test(text) ? text.replace(/^(Content-Length|l)\s*:.*$/im, `Content-Length: ${value}`) : text;
  },
  randomMethod: (text, random) => {
    const method = pick(random, ['INVITE', 'BYE', 'CANCEL', 'ACK', 'PRACK', 'UPDATE', 'REFER', 'SUBSCRIBE', 'PUBLISH', 'INFO', 'REGISTER', 'FOO', '', 'invite', 'I\u00d1VITE', randomBytesText(random, 6), 'X'.repeat(300)]);
    return text.replace(/^\S*/, method);
  },
  randomStatusLine: (text, random) => {
    const code = pick(random, ['100', '180', '183', '200', '202', '401', '407', '481', '487', '500', '603', '0', '99', '1000', '4294967301', '-200', '2OO', '']);
    const line = pick(random, [`SIP/2.0 ${code} Whatever`, `SIP/2.0 ${code}`, `SIP/3.0 ${code} OK`, `SIP/2.0  ${code}  spaced`, `HTTP/1.1 ${code} OK`]);
    return text.replace(/^[^\r\n]*/, line);
  },
  emptyOrWhitespace: (_text, random) => pick(random, ['', ' ', '\r\n', '\r\n\r\n\r\n', '\t', 'SIP/2.0', 'INVITE']),
};

const MUTATION_NAMES = Object.keys(MUTATIONS);

/**
 * `count` mutated messages for `target`, reproducible from `seed`. The
 * corpus is rebuilt per message so that the client's latest REGISTER can be
 * answered (pass a getter).
 */
export function* fuzzMessages(seed: number, count: number, target: () => FuzzTarget): Generator<FuzzMessage> {
  const random = seededRandom(seed);
  for (let index = 0; index < count; index += 1) {
    const base = pick(random, corpus(target(), index));
    const names: string[] = [];
    let text = base.text;
    for (let n = 1 + int(random, 3); n > 0; n -= 1) {
      const name = pick(random, MUTATION_NAMES);
      names.push(name);
      text = MUTATIONS[name]!(text, random);
    }
    // One in fifty goes out as a binary frame, which SIP over WebSocket never uses for text.
    const asBinary = int(random, 50) === 0;
    yield { index, label: `${base.name} ${names.join('+')}${asBinary ? ' (binary frame)' : ''}`, data: asBinary ? Buffer.from(text, 'latin1') : text };
  }
}
