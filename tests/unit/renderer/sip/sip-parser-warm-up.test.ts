import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Core } from 'sip.js';
import { WARM_UP_MESSAGES, warmSipParser } from '../../../../renderer/sip/sip-parser-warm-up';

const logger = (() => {
  const factory = new Core.LoggerFactory();
  factory.builtinEnabled = false;
  return factory.getLogger('test');
})();

test('every message the warm-up parses is a whole SIP message, so it warms the paths a call takes', () => {
  const parsed = WARM_UP_MESSAGES.map((text) => Core.Parser.parseMessage(text, logger));
  const firstLines = parsed.map((message) =>
    message instanceof Core.IncomingRequestMessage ? message.method : message instanceof Core.IncomingResponseMessage ? message.statusCode : undefined,
  );
  assert.deepEqual(firstLines, ['INVITE', 100, 407, 180, 200]);
  for (const message of parsed) {
    assert.equal(message?.callId, 'warm-up-call-id');
    assert.equal(message?.cseq, 2);
    assert.ok(message?.parseHeader('from'), 'From parses');
    assert.ok(message?.parseHeader('contact'), 'Contact parses');
  }
  assert.match(parsed[2]!.getHeader('proxy-authenticate') ?? '', /realm=/);
  assert.match(parsed[4]!.body, /^v=0/);
});

test('the warm-up itself runs to its end without throwing', async () => {
  await warmSipParser();
});
