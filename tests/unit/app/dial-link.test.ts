import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findDialLink, parseDialLink } from '../../../app/dial-link';

test('sip:, sips:, tel: with visual separators and callto: become dial-field text', () => {
  assert.deepEqual(parseDialLink('sip:bob@example.com'), { ok: true, value: 'bob@example.com' });
  assert.deepEqual(parseDialLink('SIPS:bob@example.com;transport=tls?subject=hi'), { ok: true, value: 'bob@example.com' });
  assert.deepEqual(parseDialLink('tel:+1-201-555-0123'), { ok: true, value: '+12015550123' });
  assert.deepEqual(parseDialLink('tel:+44%2020%207946%200958'), { ok: true, value: '+442079460958' });
  assert.deepEqual(parseDialLink('tel:(030)%20123.456'), { ok: true, value: '030123456' });
  assert.deepEqual(parseDialLink('callto://+4930123456'), { ok: true, value: '+4930123456' });
  assert.deepEqual(parseDialLink('callto:alice'), { ok: true, value: 'alice' });
  assert.deepEqual(parseDialLink('sip:1001'), { ok: true, value: '1001' });
});

test('links without a callable number are refused with a message', () => {
  for (const link of ['tel:', 'tel:call-me-maybe', 'sip:bob@', 'sip:@example.com', 'https://example.com', 'tel:%E0%A4%A']) {
    const result = parseDialLink(link);
    assert.equal(result.ok, false, link);
    if (!result.ok) assert.ok(result.error.message.length > 10);
  }
});

test('the link is found among command-line arguments, whatever comes before it', () => {
  assert.equal(findDialLink(['/usr/bin/softphone', '--no-sandbox', 'tel:+15550100']), 'tel:+15550100');
  assert.equal(findDialLink(['/opt/Softphone/softphone', '.', '--profile=/tmp/a']), undefined);
  assert.equal(findDialLink(['softphone', 'callto:bob', 'sip:ignored@x']), 'callto:bob');
});
