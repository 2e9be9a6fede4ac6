import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildIsComposing, parseIsComposing } from '../../../../app/sip/is-composing';

test('what we build reads back', () => {
  assert.deepEqual(parseIsComposing(buildIsComposing('active')), { state: 'active', refreshSec: 60 });
  assert.deepEqual(parseIsComposing(buildIsComposing('idle')), { state: 'idle' });
});

test('a peer\'s document with a namespace prefix (RFC 3994 example) is read', () => {
  const body = `<?xml version="1.0" encoding="UTF-8"?>
<ic:isComposing xmlns:ic="urn:ietf:params:xml:ns:im-iscomposing"><ic:state>active</ic:state><ic:refresh>90</ic:refresh></ic:isComposing>`;
  assert.deepEqual(parseIsComposing(body), { state: 'active', refreshSec: 90 });
});

test('malformed documents are not indications', () => {
  for (const body of [
    '',
    'hello',
    '<isComposing><state>sleepy</state></isComposing>',
    '<isComposing><state>active</state>',
    '<isComposing><state>active</state><refresh>-5</refresh></isComposing>',
    '<isComposing><state>active</state><refresh>soon</refresh></isComposing>',
    `<isComposing><state>active</state>${' '.repeat(5_000)}</isComposing>`,
  ]) {
    assert.equal(parseIsComposing(body), undefined, body.slice(0, 60));
  }
});
