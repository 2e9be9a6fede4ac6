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
