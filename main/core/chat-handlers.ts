/** The chat domain of the contract, served by {@link ChatService}. */
import type { ChatService } from './chat-service';
import type { InvokeHandlers } from './core-handlers';

export type ChatChannel = 'chat:conversations' | 'chat:conversation' | 'chat:send' | 'chat:mark-read' | 'chat:typing';

export function chatHandlers(chat: ChatService): InvokeHandlers<ChatChannel> {
  return {
    'chat:conversations': () => chat.conversations(),
    'chat:conversation': ({ accountId, peer }) => chat.conversation(accountId, peer),
    'chat:send': ({ accountId, to, text }) => chat.send(accountId, to, text),
    'chat:mark-read': ({ accountId, peer }) => chat.markRead(accountId, peer),
    'chat:typing': ({ accountId, peer }) => chat.typing(accountId, peer),
  };
}
