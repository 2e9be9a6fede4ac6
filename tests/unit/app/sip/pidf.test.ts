import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PICKABLE_STATUSES, type PresenceStatus } from '../../../../app/presence';
import { buildPidf, parsePidf } from '../../../../app/sip/pidf';

test('every status this app publishes reads back as itself', () => {
  for (const status of [...PICKABLE_STATUSES, 'on-the-phone'] satisfies PresenceStatus[]) {
    const document = buildPidf('sip:alice@example.com', status, 't1');
    assert.match(document, /entity="pres:alice@example.com"/);
    assert.equal(parsePidf(document), status, document);
  }
});

test("other clients' documents: closed is offline, RPID activities and notes are read", () => {
  const pidf = (inner: string) => `<?xml version="1.0"?><presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:bob@example.com">${inner}</presence>`;
  assert.equal(parsePidf(pidf('<tuple id="a"><status><basic>closed</basic></status></tuple>')), 'offline');
  // Two clients of one person: open wins.
  assert.equal(parsePidf(pidf('<tuple id="a"><status><basic>closed</basic></status></tuple><tuple id="b"><status><basic>open</basic></status></tuple>')), 'available');
  assert.equal(parsePidf(pidf('<tuple id="a"><status><basic>open</basic></status></tuple><rpid:person xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid"><rpid:activities><rpid:meeting/></rpid:activities></rpid:person>')), 'busy');
  assert.equal(parsePidf(pidf('<tuple id="a"><status><basic>open</basic></status></tuple><dm:person><rpid:activities><rpid:vacation /></rpid:activities></dm:person>')), 'away');
  assert.equal(parsePidf(pidf('<tuple id="a"><status><basic>open</basic></status><note>Away</note></tuple>')), 'away');
  assert.equal(parsePidf(pidf('<tuple id="a"><status><basic>open</basic></status></tuple><note xml:lang="en">Do Not Disturb</note>')), 'dnd');
});

test('malformed documents are not presence', () => {
  const pidf = (inner: string) => `<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:bob@example.com">${inner}</presence>`;
  for (const body of ['', 'hello', '<presence>', pidf(''), pidf('<tuple id="a"><status><basic>dancing</basic></status></tuple>'), `${pidf('<tuple><status><basic>open</basic></status></tuple>')}`.replace('</presence>', ''), 'x'.repeat(70_000)]) {
    assert.equal(parsePidf(body), undefined, body.slice(0, 60));
  }
});
