import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDialogInfo } from '../../../../app/sip/dialog-info';

const document = (dialogs: string) =>
  `<?xml version="1.0"?>\n<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="1" state="full" entity="sip:bob@example.com">${dialogs}</dialog-info>`;

test('a line is idle, ringing or busy by its dialogs', () => {
  assert.deepEqual(parseDialogInfo(document('')), { activity: 'idle' });
  assert.deepEqual(parseDialogInfo(document('<dialog id="a" call-id="c1" local-tag="l" remote-tag="r" direction="recipient"><state>early</state></dialog>')), {
    activity: 'ringing',
    ringing: { callId: 'c1', localTag: 'l', remoteTag: 'r' },
  });
  assert.deepEqual(parseDialogInfo(document('<dialog id="a"><state>confirmed</state></dialog><dialog id="b" call-id="c2"><state>early</state></dialog>')), { activity: 'busy' });
  assert.deepEqual(parseDialogInfo(document('<dialog id="a"><state event="remote-bye">terminated</state></dialog>')), { activity: 'idle' });
});

test('malformed documents are not dialog states', () => {
  for (const body of ['', 'hello', '<dialog-info>', document('<dialog id="a"><state>dancing</state></dialog>'), document('<dialog id="a"></dialog>')]) {
    assert.equal(parseDialogInfo(body), undefined, body.slice(0, 60));
  }
});

test('a call ringing in to the line names its caller; one the line places has nothing to pick up', () => {
  const incoming = document(
    '<dialog id="a" call-id="c1" local-tag="l" remote-tag="r" direction="recipient"><state>early</state>' +
      '<remote><identity display="Al &amp; Co">sip:alice@example.test</identity><target uri="sip:alice@10.0.0.1"/></remote>' +
      '<local><identity>sip:user001@example.test</identity></local></dialog>',
  );
  assert.deepEqual(parseDialogInfo(incoming), { activity: 'ringing', ringing: { callId: 'c1', localTag: 'l', remoteTag: 'r', caller: 'sip:alice@example.test' } });
  const outgoing = document('<dialog id="a" call-id="c1" local-tag="l" remote-tag="r" direction="initiator"><state>early</state></dialog>');
  assert.deepEqual(parseDialogInfo(outgoing), { activity: 'ringing' });
});
