/** Chat in words: where a message stands, and why one was not delivered. */
import type { ChatFailure, ChatMessage } from '../../app/chat';
import type { Translate, TranslationKey } from '../i18n/i18n';
import { errorWords } from './error-words';

/** SIP answers a user meets when a message is refused, in words; others show their code and reason phrase. */
const STATUS_KEYS: Readonly<Record<number, TranslationKey>> = {
  403: 'chat.failure.status403',
  404: 'chat.failure.status404',
  408: 'chat.failure.status408',
  413: 'chat.failure.status413',
  415: 'chat.failure.status415',
  480: 'chat.failure.status480',
  486: 'chat.failure.status486',
  503: 'chat.failure.status503',
};

export function chatFailureWords(t: Translate, failure: ChatFailure): string {
  const key = failure.statusCode !== undefined ? STATUS_KEYS[failure.statusCode] : undefined;
  if (key) return t(key);
  return errorWords(t, { code: failure.code, message: failure.reasonPhrase ?? failure.code, params: { statusCode: failure.statusCode ?? '', reason: failure.reasonPhrase ?? '' } });
}

export function chatStateWords(t: Translate, message: Pick<ChatMessage, 'state' | 'failure'>): string {
  switch (message.state) {
    case 'sending':
      return t('chat.state.sending');
    case 'sent':
      return t('chat.state.sent');
    case 'delivered':
      return t('chat.state.delivered');
    case 'received':
      return t('chat.state.received');
    case 'failed':
      return t('chat.state.failed', { reason: message.failure ? chatFailureWords(t, message.failure) : t('chat.failure.unanswered') });
  }
}
