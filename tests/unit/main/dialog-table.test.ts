import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DialogTable } from '../../../main/core/dialog-table';
import { parseSipMessage, summarizeRelayedResponse, summarizeSipMessage, type ParsedRequest } from '../../../main/core/sip-message';

const text = (...lines: string[]) => [...lines, 'Content-Length: 0', '', ''].join('\r\n');
/** What arrives from the wire: parsed in full. */
const sip = (...lines: string[]) => parseSipMessage(text(...lines))!;
/** A response from the wire for the renderer: scanned, as the inbound door relays it. */
const relayed = (...lines: string[]) => summarizeRelayedResponse(text(...lines))!;
/** What the renderer sends: summarized. */
const sent = (...lines: string[]) => summarizeSipMessage(text(...lines))!;

for (const [form, wire] of [
  ['parsed', sip],
  ['relayed on a scan', relayed],
] as const) {
test(`an outgoing call (its 2xx ${form}): the BYE uses the 2xx route set reversed, both tags and the next CSeq`, () => {
  const table = new DialogTable();
  table.onSentByRenderer(
    sent('INVITE sip:bob@example.com SIP/2.0', 'Via: SIP/2.0/WS r.invalid;branch=z9hG4bK1', 'From: <sip:alice@example.com>;tag=a1', 'To: <sip:bob@example.com>', 'Call-ID: c1', 'CSeq: 2 INVITE', 'Contact: <sip:x@r.invalid;transport=ws>'),
  );
  table.onDeliveredToRenderer(
    wire(
      'SIP/2.0 200 OK',
      'Via: SIP/2.0/WS r.invalid;branch=z9hG4bK1',
      'Record-Route: <sip:p2.example.com;lr>',
      'Record-Route: <sip:p1.example.com;lr>',
      'From: <sip:alice@example.com>;tag=a1',
      'To: <sip:bob@example.com>;tag=b1',
      'Call-ID: c1',
      'CSeq: 2 INVITE',
      'Contact: <sip:bob@10.0.0.2:5060;transport=ws>',
    ),
  );
  const [ended, ...rest] = table.takeByes('main.invalid');
  const bye = ended?.bye;
  assert.equal(rest.length, 0);
  const parsed = parseSipMessage(bye!) as ParsedRequest;
  assert.equal(parsed.method, 'BYE');
  assert.equal(parsed.ruri?.toString(), 'sip:bob@10.0.0.2:5060;transport=ws');
  assert.deepEqual(parsed.getHeaders('route'), ['<sip:p1.example.com;lr>', '<sip:p2.example.com;lr>']);
  assert.equal(parsed.fromTag, 'a1');
  assert.equal(parsed.toTag, 'b1');
  assert.equal(parsed.cseq, 3);
  assert.equal(table.size, 0);
});
}

test('an incoming call answered here: the BYE goes to the caller, with our tag in From', () => {
  const table = new DialogTable();
  table.onDeliveredToRenderer(
    sip('INVITE sip:alice@r.invalid SIP/2.0', 'Via: SIP/2.0/WS p.example.com;branch=z9hG4bK2', 'Record-Route: <sip:p1.example.com;lr>', 'From: <sip:bob@example.com>;tag=b2', 'To: <sip:alice@example.com>', 'Call-ID: c2', 'CSeq: 7 INVITE', 'Contact: <sip:bob@10.0.0.2>'),
  );
  table.onSentByRenderer(sent('SIP/2.0 200 OK', 'Via: SIP/2.0/WS p.example.com;branch=z9hG4bK2', 'From: <sip:bob@example.com>;tag=b2', 'To: <sip:alice@example.com>;tag=a2', 'Call-ID: c2', 'CSeq: 7 INVITE'));
  const parsed = parseSipMessage(table.takeByes('main.invalid')[0]!.bye) as ParsedRequest;
  assert.equal(parsed.ruri?.toString(), 'sip:bob@10.0.0.2');
  assert.equal(parsed.fromTag, 'a2');
  assert.equal(parsed.toTag, 'b2');
});

test('calls that already ended, or never connected, need no BYE', () => {
  const table = new DialogTable();
  table.onDeliveredToRenderer(sip('INVITE sip:a@r SIP/2.0', 'Via: SIP/2.0/WS p;branch=z9hG4bK3', 'From: <sip:b@x>;tag=t', 'To: <sip:a@x>', 'Call-ID: c3', 'CSeq: 1 INVITE', 'Contact: <sip:b@h>'));
  table.onSentByRenderer(sent('SIP/2.0 486 Busy Here', 'Via: SIP/2.0/WS p;branch=z9hG4bK3', 'From: <sip:b@x>;tag=t', 'To: <sip:a@x>;tag=u', 'Call-ID: c3', 'CSeq: 1 INVITE'));
  assert.deepEqual(table.takeByes('main.invalid'), []);
});

test('a call main ends for its media: the far end gets a BYE with the reason; the window gets one from the far end\'s side, above its last CSeq, naming the failure', () => {
  const table = new DialogTable();
  table.onDeliveredToRenderer(
    sip('INVITE sip:alice@r.invalid SIP/2.0', 'Via: SIP/2.0/WS p.example.com;branch=z9hG4bK4', 'From: "Bob" <sip:bob@example.com>;tag=b4', 'To: <sip:alice@example.com>', 'Call-ID: c4', 'CSeq: 7 INVITE', 'Contact: <sip:bob@10.0.0.2>'),
  );
  table.onSentByRenderer(sent('SIP/2.0 200 OK', 'Via: SIP/2.0/WS p.example.com;branch=z9hG4bK4', 'From: "Bob" <sip:bob@example.com>;tag=b4', 'To: <sip:alice@example.com>;tag=a4', 'Call-ID: c4', 'CSeq: 7 INVITE'));
  // Bob holds the call: his re-INVITE raises his CSeq.
  table.onDeliveredToRenderer(
    sip('INVITE sip:alice@r.invalid SIP/2.0', 'Via: SIP/2.0/WS p.example.com;branch=z9hG4bK5', 'From: "Bob" <sip:bob@example.com>;tag=b4', 'To: <sip:alice@example.com>;tag=a4', 'Call-ID: c4', 'CSeq: 8 INVITE', 'Contact: <sip:bob@10.0.0.2>'),
  );
  const byes = table.takeCall('c4', 'main.invalid', { text: 'Media stopped', code: 'media-stopped' })!;
  const far = parseSipMessage(byes.toFarEnd) as ParsedRequest;
  assert.equal(far.ruri?.toString(), 'sip:bob@10.0.0.2');
  assert.equal(far.fromTag, 'a4');
  assert.equal(far.getHeader('reason'), 'SIP;cause=200;text="Media stopped"');
  const toWindow = parseSipMessage(byes.toRenderer) as ParsedRequest;
  assert.equal(toWindow.ruri?.toString(), 'sip:alice@example.com');
  assert.equal(toWindow.fromTag, 'b4');
  assert.equal(toWindow.toTag, 'a4');
  assert.equal(toWindow.cseq, 9);
  assert.equal(toWindow.getHeader('warning'), '399 softphone "media-stopped"');
  assert.equal(table.size, 0);
  assert.equal(table.takeCall('c4', 'main.invalid', { text: 'again' }), undefined);
});

test('an outgoing call whose 2xx main cannot parse in full: it still counts while it lasts, and main, having no BYE to build, sends none', () => {
  const table = new DialogTable();
  table.onSentByRenderer(
    sent('INVITE sip:bob@example.com SIP/2.0', 'Via: SIP/2.0/WS r.invalid;branch=z9hG4bK6', 'From: <sip:alice@example.com>;tag=a6', 'To: <sip:bob@example.com>', 'Call-ID: c6', 'CSeq: 1 INVITE'),
  );
  // The scan the inbound door relays on reads it; sip.js's parser refuses its From.
  const answer = relayed('SIP/2.0 200 OK', 'Via: SIP/2.0/WS r.invalid;branch=z9hG4bK6', 'From: <<not an address', 'To: <sip:bob@example.com>;tag=b6', 'Call-ID: c6', 'CSeq: 1 INVITE');
  assert.equal(parseSipMessage(answer.text), undefined, 'sip.js refuses the 2xx');
  table.onDeliveredToRenderer(answer);
  assert.equal(table.size, 1);
  assert.deepEqual(table.takeByes('main.invalid'), []);
  assert.equal(table.size, 0);
});
