import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contactTokenOf, requestUriUserOf, withRequestUriUser } from '../../../main/core/contact-token';
import { DroppedStrangers, type DroppedStrangersReport } from '../../../main/core/udp-provider-sources';

test('the Contact token is 128 bits of hex, the same for one instance id, different for another', () => {
  const id = '4c1b3f0e-8a4d-4e0b-9a55-1f6c1d2e3f40';
  assert.match(contactTokenOf(id), /^[0-9a-f]{32}$/);
  assert.equal(contactTokenOf(id), contactTokenOf(id));
  assert.notEqual(contactTokenOf(id), contactTokenOf('4c1b3f0e-8a4d-4e0b-9a55-1f6c1d2e3f41'));
  assert.ok(!contactTokenOf(id).includes(id.slice(0, 8)), 'the instance id is not readable in it');
});

test('a request naming the token gets the account user back in its Request-URI; other requests and responses are unchanged', () => {
  const invite = 'INVITE sip:tok123@192.0.2.1:5070;transport=udp SIP/2.0\r\nTo: <sip:alice@example.com>\r\n\r\n';
  assert.equal(requestUriUserOf(invite), 'tok123');
  assert.equal(withRequestUriUser(invite, 'tok123', 'alice'), invite.replace('sip:tok123@', 'sip:alice@'));
  const other = invite.replace('tok123', 'tok1234');
  assert.equal(withRequestUriUser(other, 'tok123', 'alice'), other);
  const response = 'SIP/2.0 200 OK\r\nContact: <sip:tok123@192.0.2.1>\r\n\r\n';
  assert.equal(withRequestUriUser(response, 'tok123', 'alice'), response);
  assert.equal(requestUriUserOf(response), undefined);
  assert.equal(requestUriUserOf('OPTIONS sip:192.0.2.1 SIP/2.0\r\n\r\n'), undefined);
});

test('dropped strangers are reported at most once a minute, with the count since the last report', () => {
  let now = 0;
  const reports: DroppedStrangersReport[] = [];
  const strangers = new DroppedStrangers((report) => reports.push(report), () => now);
  strangers.dropped({ host: '198.51.100.1', port: 5060 });
  for (let i = 0; i < 500; i += 1) strangers.dropped({ host: '198.51.100.2', port: 5060 });
  assert.deepEqual(reports, [{ count: 1, lastFrom: { host: '198.51.100.1', port: 5060 } }]);
  now = 60_000;
  strangers.dropped({ host: '198.51.100.3', port: 5061 });
  assert.deepEqual(reports[1], { count: 501, lastFrom: { host: '198.51.100.3', port: 5061 } });
});
