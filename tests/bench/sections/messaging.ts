/**
 * Chat and voicemail latency, core to core through the run's Kamailio:
 *
 * - `message_delivery_ms`: from `chat:send` at one core to the receiving
 *   core's first snapshot whose chat revision shows the new message (what
 *   its window then fetches and shows);
 * - `mwi_update_ms`: from a voicemail server's NOTIFY leaving the test's
 *   WebSocket to the account's snapshot showing the new count.
 *
 * No baseline: a bare sip.js UserAgent has no history or counts to update.
 */
import { performance } from 'node:perf_hooks';
import { MESSAGE_SUMMARY_CONTENT_TYPE } from '../../../app/sip/message-summary';
import { startTestCore, type TestCore } from '../../support/core-fixture';
import { RawSipClient, buildRequest, isReplyTo, answerChallenge, token, type RequestSpec } from '../../support/raw-sip-client';
import type { BenchContext, BenchSection, SectionResult } from '../bench-section';
import { Cleanup } from '../cleanup';
import { whenSnapshot } from '../when-snapshot';
import { median, quantile, roundMs, spread } from '../stats';

export const messagingSection: BenchSection = {
  name: 'messaging',
  title: 'chat delivery and voicemail counts',
  async run(context: BenchContext): Promise<SectionResult> {
    const { kamailio } = context;
    const cleanup = new Cleanup();
    try {
      const sender = startTestCore();
      cleanup.add('messaging sender', () => sender.stop());
      const receiver = startTestCore();
      cleanup.add('messaging receiver', () => receiver.stop());
      const senderId = await sender.addAccount({ sipAddress: `carol@${kamailio.domain}`, password: kamailio.users.carol!, serverUrl: kamailio.wsUrl });
      const receiverId = await receiver.addAccount({ sipAddress: `dave@${kamailio.domain}`, password: kamailio.users.dave!, serverUrl: kamailio.wsUrl });
      await Promise.all([sender.waitForStatus(senderId, 'registered'), receiver.waitForStatus(receiverId, 'registered')]);
      const voicemailServer = await RawSipClient.connect(kamailio.wsUrl);
      cleanup.add('messaging voicemail server', () => voicemailServer.close());

      const delivery: number[] = [];
      const mwi: number[] = [];
      for (let round = 0; round < context.warmups + context.samples; round += 1) {
        const isWarmup = round < context.warmups;
        const deliveryMs = await timeDelivery(sender, senderId, receiver, `round ${round}`);
        const mwiMs = await timeMwi(receiver, receiverId, voicemailServer, kamailio.domain, kamailio.users.user001!, round + 1);
        if (isWarmup) continue;
        delivery.push(deliveryMs);
        mwi.push(mwiMs);
      }
      context.log(`messaging: delivery ${Math.round(median(delivery))} ms, mwi ${Math.round(median(mwi))} ms`);
      return {
        figures: {
          message_delivery_ms: roundMs(median(delivery)),
          message_delivery_p95_ms: roundMs(quantile(delivery, 0.95)),
          mwi_update_ms: roundMs(median(mwi)),
          mwi_update_p95_ms: roundMs(quantile(mwi, 0.95)),
        },
        summary: [`message delivery  ${Math.round(median(delivery))} ms (${spread(delivery)})`, `mwi update        ${Math.round(median(mwi))} ms (${spread(mwi)})`],
        samples: { delivery, mwi },
      };
    } finally {
      await cleanup.run();
    }
  },
};

async function timeDelivery(sender: TestCore, senderId: string, receiver: TestCore, text: string): Promise<number> {
  const unreadBefore = receiver.core.snapshot.chat?.unread ?? 0;
  const shown = whenSnapshot(receiver, (snapshot) => (snapshot.chat?.unread ?? 0) > unreadBefore);
  const startedAt = performance.now();
  const sent = await sender.invoke('chat:send', { accountId: senderId, to: 'dave', text });
  if (!sent.ok) throw new Error(`chat:send failed: ${sent.error.message}`);
  return (await shown) - startedAt;
}

async function timeMwi(receiver: TestCore, accountId: string, server: RawSipClient, domain: string, password: string, newCount: number): Promise<number> {
  const spec: RequestSpec = {
    method: 'NOTIFY',
    uri: `sip:dave@${domain}`,
    from: `sip:user001@${domain}`,
    to: `sip:dave@${domain}`,
    callId: token(),
    cseq: 1,
    fromTag: token(),
    extraHeaders: ['Event: message-summary', `Content-Type: ${MESSAGE_SUMMARY_CONTENT_TYPE}`, 'Subscription-State: active'],
    body: `Messages-Waiting: yes\r\nVoice-Message: ${newCount}/0\r\n`,
  };
  // The proxy challenges the first try: answer it first, so the timed NOTIFY goes straight through.
  server.send(buildRequest(spec));
  const challenge = await server.next(isReplyTo(spec.callId, spec.cseq));
  const authorized = answerChallenge(spec, challenge, 'user001', password);
  const shown = whenSnapshot(receiver, (snapshot) => snapshot.accounts.find((account) => account.id === accountId)?.voicemail?.newCount === newCount);
  const startedAt = performance.now();
  server.send(buildRequest(authorized));
  return (await shown) - startedAt;
}
