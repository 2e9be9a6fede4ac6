import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callerIdentityOf } from '../../../../app/sip/caller-identity';
import { parseSipMessage, type ParsedRequest } from '../../../../main/core/sip-message';

/** An incoming INVITE as sip.js parses it, with `headers` after the usual ones. */
function invite(from: string, ...headers: string[]): ParsedRequest {
  const text = [
    'INVITE sip:alice@example.com SIP/2.0',
    'Via: SIP/2.0/WS pbx.example.com;branch=z9hG4bK1',
    `From: ${from};tag=f1`,
    'To: <sip:alice@example.com>',
    'Call-ID: identity-1',
    'CSeq: 1 INVITE',
    'Max-Forwards: 70',
    ...headers,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  return parseSipMessage(text) as ParsedRequest;
}

test('a plain From is who calls, name and address', () => {
  assert.deepEqual(callerIdentityOf(invite('"Bob Smith" <sip:bob@example.com>')), { remoteUri: 'sip:bob@example.com', remoteName: 'Bob Smith' });
  assert.deepEqual(callerIdentityOf(invite('<sip:1002@pbx.example.com>')), { remoteUri: 'sip:1002@pbx.example.com' });
});

test('an anonymous From (RFC 3323, or a carrier\'s "Restricted") shows the identity the network asserts', () => {
  const asserted = 'P-Asserted-Identity: "Carol Jones" <sip:+15550100@carrier.example.net;user=phone>';
  assert.deepEqual(callerIdentityOf(invite('"Anonymous" <sip:anonymous@anonymous.invalid>', asserted)), {
    remoteUri: 'sip:+15550100@carrier.example.net;user=phone',
    remoteName: 'Carol Jones',
  });
  assert.deepEqual(callerIdentityOf(invite('<sip:Restricted@trunk.example.net>', 'P-Asserted-Identity: <sip:+15550101@trunk.example.net>')), {
    remoteUri: 'sip:+15550101@trunk.example.net',
  });
});

test('a From without a name takes the asserted name of the same user, and only of the same user', () => {
  assert.deepEqual(callerIdentityOf(invite('<sip:1002@pbx.example.com>', 'P-Asserted-Identity: "Dave Brown" <sip:1002@pbx.example.com>')), {
    remoteUri: 'sip:1002@pbx.example.com',
    remoteName: 'Dave Brown',
  });
  // A trunk's From naming its own number stays what the caller chose to show.
  assert.deepEqual(callerIdentityOf(invite('<sip:+15550199@trunk.example.net>', 'P-Asserted-Identity: "Erin" <sip:1003@pbx.example.com>')), {
    remoteUri: 'sip:+15550199@trunk.example.net',
  });
  // A From with a name keeps it.
  assert.deepEqual(callerIdentityOf(invite('"Front desk" <sip:1002@pbx.example.com>', 'P-Asserted-Identity: "Dave Brown" <sip:1002@pbx.example.com>')), {
    remoteUri: 'sip:1002@pbx.example.com',
    remoteName: 'Front desk',
  });
});

test('a caller who asked for privacy stays anonymous, whatever identity came along', () => {
  const from = '"Anonymous" <sip:anonymous@anonymous.invalid>';
  const hidden = { remoteUri: 'sip:anonymous@anonymous.invalid', remoteName: 'Anonymous' };
  assert.deepEqual(callerIdentityOf(invite(from, 'P-Asserted-Identity: <sip:+15550100@carrier.example.net>', 'Privacy: id')), hidden);
  assert.deepEqual(callerIdentityOf(invite(from, 'Privacy: header;id')), hidden);
  assert.deepEqual(callerIdentityOf(invite(from, 'Remote-Party-ID: "Carol" <sip:+15550100@carrier.example.net>;party=calling;privacy=full')), hidden);
});

test('Remote-Party-ID stands in for P-Asserted-Identity: the calling party\'s, with privacy off', () => {
  const from = '<sip:anonymous@anonymous.invalid>';
  assert.deepEqual(callerIdentityOf(invite(from, 'Remote-Party-ID: "Carol" <sip:1004@pbx.example.com>;party=calling;privacy=off;screen=yes')), {
    remoteUri: 'sip:1004@pbx.example.com',
    remoteName: 'Carol',
  });
  assert.deepEqual(callerIdentityOf(invite(from, 'Remote-Party-ID: "Called" <sip:1005@pbx.example.com>;party=called')), { remoteUri: 'sip:anonymous@anonymous.invalid' });
});

test('of several asserted identities the first sip: one counts; tel: ones count only without one, garbage never', () => {
  const from = '<sip:anonymous@anonymous.invalid>';
  assert.deepEqual(callerIdentityOf(invite(from, 'P-Asserted-Identity: <tel:+15550100>, "Carol, Sales" <sip:+15550100@carrier.example.net>')), {
    remoteUri: 'sip:+15550100@carrier.example.net',
    remoteName: 'Carol, Sales',
  });
  assert.deepEqual(callerIdentityOf(invite(from, 'P-Asserted-Identity: <<not an address', 'P-Asserted-Identity: "Zed" <sip:1009@pbx.example.com>')), {
    remoteUri: 'sip:1009@pbx.example.com',
    remoteName: 'Zed',
  });
});

test("a carrier's tel: identity shows as that number at the host the call was sent to, which calling back dials", () => {
  const from = '"Anonymous" <sip:anonymous@anonymous.invalid>';
  assert.deepEqual(callerIdentityOf(invite(from, 'P-Asserted-Identity: "Carol Jones" <tel:+1-555-0100>')), {
    remoteUri: 'sip:+15550100@example.com;user=phone',
    remoteName: 'Carol Jones',
  });
  assert.deepEqual(callerIdentityOf(invite(from, 'P-Asserted-Identity: tel:+15550101')), { remoteUri: 'sip:+15550101@example.com;user=phone' });
  assert.deepEqual(callerIdentityOf(invite(from, 'P-Asserted-Identity: <tel:5550102;phone-context=example.com>, <<garbage')), {
    remoteUri: 'sip:5550102@example.com;user=phone',
  });
  // A nameless From takes a tel: identity's name when it is the same number.
  assert.deepEqual(callerIdentityOf(invite('<sip:+15550103@trunk.example.net>', 'P-Asserted-Identity: "Dave" <tel:+15550103>')), {
    remoteUri: 'sip:+15550103@trunk.example.net',
    remoteName: 'Dave',
  });
});

test('a tel: identity that is no number, or that asked for privacy, leaves the caller anonymous', () => {
  const from = '"Anonymous" <sip:anonymous@anonymous.invalid>';
  const hidden = { remoteUri: 'sip:anonymous@anonymous.invalid', remoteName: 'Anonymous' };
  assert.deepEqual(callerIdentityOf(invite(from, 'P-Asserted-Identity: <tel:call-me-maybe>')), hidden);
  assert.deepEqual(callerIdentityOf(invite(from, 'P-Asserted-Identity: <tel:>')), hidden);
  assert.deepEqual(callerIdentityOf(invite(from, 'P-Asserted-Identity: <tel:+15550100@evil.example>')), hidden);
  assert.deepEqual(callerIdentityOf(invite(from, 'P-Asserted-Identity: <tel:+15550100>', 'Privacy: id')), hidden);
});
