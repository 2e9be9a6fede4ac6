/**
 * The test's voicemail box (Kamailio's user001) telling alice about her
 * messages, as Asterisk does: an unsolicited NOTIFY to her, or a PUBLISH of
 * her box's summary to the presence server.
 */
import { MESSAGE_SUMMARY_CONTENT_TYPE } from '../../app/sip/message-summary';
import type { KamailioServer } from './kamailio';
import { sendWithAuth, token, type RawSipClient, type SipMessage } from './raw-sip-client';

export function sendFromVoicemailBox(box: RawSipClient, kamailio: KamailioServer, method: 'NOTIFY' | 'PUBLISH', body: string): Promise<SipMessage> {
  const alice = `sip:alice@${kamailio.domain}`;
  const lifetime = method === 'NOTIFY' ? 'Subscription-State: active' : 'Expires: 3600';
  return sendWithAuth(
    box,
    {
      method,
      uri: alice,
      from: `sip:user001@${kamailio.domain}`,
      to: alice,
      callId: token(),
      cseq: 1,
      fromTag: token(),
      extraHeaders: ['Event: message-summary', `Content-Type: ${MESSAGE_SUMMARY_CONTENT_TYPE}`, lifetime],
      body,
    },
    'user001',
    kamailio.users.user001!,
  );
}
