import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Core } from 'sip.js';
import { displayNameForWire } from '../../../../app/sip/display-name';

test('control characters never reach the wire: CR LF, NUL and tabs become one space', () => {
  assert.equal(displayNameForWire('Alice\r\nX-Injected: yes'), 'Alice X-Injected: yes');
  assert.equal(displayNameForWire('\u0000A\tB\u007f'), 'A B');
  assert.equal(displayNameForWire('Plain name'), 'Plain name');
});

test('quotes and backslashes are escaped, so the name stays one quoted-string a peer parses back', () => {
  const name = displayNameForWire('Al "the pal" \\ Smith\r\nVia: evil');
  const header = `"${name}" <sip:alice@example.com>;tag=1`;
  const message = `INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/WS a.invalid;branch=z9hG4bK1\r\nFrom: ${header}\r\nTo: <sip:bob@example.com>\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n`;
  const logger = new Core.LoggerFactory();
  logger.builtinEnabled = false;
  const parsed = Core.Parser.parseMessage(message, logger.getLogger('test'));
  assert.ok(parsed);
  assert.equal(parsed.getHeaders('via').length, 1, 'no extra Via');
  assert.equal(parsed.from.uri.toString(), 'sip:alice@example.com');
});
