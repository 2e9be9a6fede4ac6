/**
 * The PUBLISH protocol of the own status (RFC 3903) as a presence server
 * sees it: what each request carries (SIP-If-Match, Expires, a body or
 * none), one request at a time, and the server's 412 / 423 / 489.
 * The server here is a stand-in for sip.js's user agent core that records
 * each request and lets the test answer it; the happy path against a real
 * Kamailio is in tests/integration/presence.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { UserAgent } from 'sip.js';
import { PresencePublisher, refreshDelayMs } from '../../../main/core/presence-publisher';

interface Sent {
  readonly headers: string[];
  readonly body?: string;
  answer(statusCode: number, headers?: Record<string, string>): void;
}

function fakeServer(): { userAgent: UserAgent; sent: Sent[] } {
  const sent: Sent[] = [];
  const core = {
    makeOutgoingRequestMessage: (_method: string, _ruri: unknown, _from: unknown, _to: unknown, _options: unknown, headers: string[], body?: { content: string }) => ({ headers, body: body?.content }),
    publish: (request: { headers: string[]; body?: string }, delegate: { onAccept(r: unknown): void; onReject(r: unknown): void }) => {
      sent.push({
        ...request,
        answer: (statusCode, headers = {}) => {
          const message = { statusCode, getHeader: (name: string) => headers[name] };
          (statusCode < 300 ? delegate.onAccept : delegate.onReject)({ message });
        },
      });
    },
  };
  return { userAgent: { userAgentCore: core } as unknown as UserAgent, sent };
}

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined } as never;
const header = (request: Sent | undefined, name: string) => request?.headers.find((line) => line.startsWith(`${name}: `))?.slice(name.length + 2);

test('initial with a body, a change with SIP-If-Match, one request at a time, removal with Expires 0', async () => {
  const { userAgent, sent } = fakeServer();
  const publisher = new PresencePublisher('a1', 'sip:alice@example.com', { expiresSec: 600, retryMs: 1_000, removeTimeoutMs: 1_000 }, quiet);
  publisher.set('available');
  publisher.onConnectionStarted(userAgent);
  assert.equal(sent.length, 1);
  assert.equal(header(sent[0], 'SIP-If-Match'), undefined);
  assert.equal(header(sent[0], 'Expires'), '600');
  assert.match(sent[0]!.body ?? '', /<basic>open<\/basic>/);
  publisher.set('away');
  publisher.set('busy');
  assert.equal(sent.length, 1, 'nothing more while the first is unanswered');
  sent[0]!.answer(200, { 'SIP-ETag': 'e1', Expires: '600' });
  assert.equal(sent.length, 2);
  assert.equal(header(sent[1], 'SIP-If-Match'), 'e1');
  assert.match(sent[1]!.body ?? '', /<rpid:busy\/>/, 'the newest status, not each one in between');
  sent[1]!.answer(200, { 'SIP-ETag': 'e2', Expires: '600' });
  const removed = publisher.remove();
  assert.equal(header(sent[2], 'Expires'), '0');
  assert.equal(header(sent[2], 'SIP-If-Match'), 'e2');
  assert.equal(sent[2]!.body, undefined);
  sent[2]!.answer(200, { 'SIP-ETag': 'e3', Expires: '0' });
  await removed;
});

test('a 412 (the server forgot the tag) publishes the document afresh; a 423 takes Min-Expires', () => {
  const { userAgent, sent } = fakeServer();
  const publisher = new PresencePublisher('a1', 'sip:alice@example.com', { expiresSec: 60, retryMs: 1_000, removeTimeoutMs: 1_000 }, quiet);
  publisher.set('away');
  publisher.onConnectionStarted(userAgent);
  sent[0]!.answer(423, { 'Min-Expires': '120' });
  assert.equal(header(sent[1], 'Expires'), '120');
  sent[1]!.answer(200, { 'SIP-ETag': 'e1', Expires: '120' });
  publisher.set('busy');
  assert.equal(header(sent[2], 'SIP-If-Match'), 'e1');
  sent[2]!.answer(412);
  assert.equal(header(sent[3], 'SIP-If-Match'), undefined);
  assert.match(sent[3]!.body ?? '', /<rpid:busy\/>/);
  publisher.stop();
});

test('489 (no presence here) is not asked again on this connection, but is on the next', () => {
  const { userAgent, sent } = fakeServer();
  const publisher = new PresencePublisher('a1', 'sip:alice@example.com', { expiresSec: 60, retryMs: 10, removeTimeoutMs: 1_000 }, quiet);
  publisher.set('away');
  publisher.onConnectionStarted(userAgent);
  sent[0]!.answer(489);
  publisher.set('busy');
  assert.equal(sent.length, 1);
  publisher.onConnectionStarted(userAgent);
  assert.equal(sent.length, 2);
  publisher.stop();
});

test('a refresh goes out before the publication lapses', () => {
  assert.equal(refreshDelayMs(3_600), 3_570_000);
  assert.equal(refreshDelayMs(8), 6_400);
});
