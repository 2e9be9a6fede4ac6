/**
 * Chat: the conversations on the left (newest first, unread badges), the
 * chosen one on the right with where each message stands, who is typing,
 * and the compose box. main sends, receives and keeps every message; this
 * screen only shows them and asks main to send.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChatConversation } from '../../app/chat';
import { useT } from '../i18n/i18n';
import { displayUri } from './call-words';
import { chatStateWords } from './chat-words';
import { useComposingPeers, useConversation, useConversations } from './chat-hooks';
import { useContactDirectory } from './contact-hooks';
import { useApi } from './contexts';
import { errorWords, unexpectedError } from './error-words';
import { preferredAccount } from './preferred-account';
import { useAccounts } from './store-selectors';
import { formatMoment } from './time-words';

/** The conversation shown: a peer main named, or what the user typed until the first message names it. */
interface Chosen {
  readonly accountId: string;
  readonly peer: string;
}

export function MessagesScreen() {
  const t = useT();
  const accounts = useAccounts().filter((account) => account.enabled);
  const conversations = useConversations();
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const nameOf = usePeerNamer();
  return (
    <section className="messages-screen" aria-labelledby="messages-heading">
      <h1 id="messages-heading">{t('chat.heading')}</h1>
      <div className="messages-layout">
        <div className="messages-side">
          {accounts.length === 0 ? <p className="empty-hint">{t('chat.noAccount')}</p> : <NewConversation onOpen={setChosen} />}
          {conversations.length === 0 ? (
            <p className="empty-hint">{t('chat.empty')}</p>
          ) : (
            <ul className="conversation-list" aria-label={t('chat.listLabel')}>
              {conversations.map((conversation) => (
                <ConversationRow
                  key={`${conversation.accountId} ${conversation.peer}`}
                  conversation={conversation}
                  name={nameOf(conversation.peer)}
                  isChosen={chosen?.accountId === conversation.accountId && chosen.peer === conversation.peer}
                  onChoose={() => setChosen({ accountId: conversation.accountId, peer: conversation.peer })}
                />
              ))}
            </ul>
          )}
        </div>
        {chosen ? (
          <Conversation key={`${chosen.accountId} ${chosen.peer}`} chosen={chosen} name={nameOf(chosen.peer)} onPeerNamed={setChosen} />
        ) : (
          <p className="empty-hint messages-hint">{t('chat.selectHint')}</p>
        )}
      </div>
    </section>
  );
}

function usePeerNamer(): (peer: string) => string {
  const directory = useContactDirectory();
  return (peer) => directory.find(peer)?.contact.name ?? displayUri(peer);
}

function NewConversation({ onOpen }: { onOpen(chosen: Chosen): void }) {
  const t = useT();
  const ids = { to: useId(), account: useId() };
  const accounts = useAccounts().filter((account) => account.enabled);
  const [accountId, setAccountId] = useState<string | null>(null);
  const [to, setTo] = useState('');
  const account = preferredAccount(accounts, accountId);
  const open = (event: FormEvent) => {
    event.preventDefault();
    if (!account || to.trim() === '') return;
    onOpen({ accountId: account.id, peer: to.trim() });
    setTo('');
  };
  return (
    <form className="new-conversation" aria-label={t('chat.newMessage')} onSubmit={open}>
      {accounts.length > 1 && (
        <div className="field">
          <label htmlFor={ids.account}>{t('chat.account')}</label>
          <select id={ids.account} value={account?.id ?? ''} onChange={(event) => setAccountId(event.target.value)}>
            {accounts.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.displayName || candidate.sipAddress}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor={ids.to}>{t('chat.to')}</label>
        <input id={ids.to} value={to} placeholder={t('chat.toPlaceholder')} autoComplete="off" onChange={(event) => setTo(event.target.value)} />
      </div>
      <button type="submit" className="button" disabled={to.trim() === ''}>
        {t('chat.open')}
      </button>
    </form>
  );
}

function ConversationRow(props: { conversation: ChatConversation; name: string; isChosen: boolean; onChoose(): void }) {
  const t = useT();
  const { conversation } = props;
  return (
    <li>
      <button
        type="button"
        className="conversation-row"
        aria-current={props.isChosen ? 'true' : undefined}
        aria-label={conversation.unread > 0 ? `${props.name}, ${t('chat.unread', { count: conversation.unread })}` : props.name}
        onClick={props.onChoose}
      >
        <span className="conversation-name">{props.name}</span>
        <span className="conversation-preview">{conversation.lastMessage.body}</span>
        {conversation.unread > 0 && (
          <span className="rail-badge" aria-hidden="true">
            {conversation.unread > 99 ? '99+' : conversation.unread}
          </span>
        )}
      </button>
    </li>
  );
}

function Conversation({ chosen, name, onPeerNamed }: { chosen: Chosen; name: string; onPeerNamed(chosen: Chosen): void }) {
  const t = useT();
  const api = useApi();
  const { i18n } = useTranslation();
  const messages = useConversation(chosen.accountId, chosen.peer);
  const typing = useComposingPeers().some((entry) => entry.accountId === chosen.accountId && entry.peer === chosen.peer);
  const composeId = useId();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const endRef = useRef<HTMLLIElement>(null);
  const unseen = messages.filter((message) => message.direction === 'incoming').length;

  useEffect(() => {
    if (unseen > 0) void api.markConversationRead(chosen);
    endRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [api, chosen, unseen, messages.length]);

  const send = async (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() === '') return;
    try {
      const result = await api.sendChatMessage({ accountId: chosen.accountId, to: chosen.peer, text });
      if (!result.ok) return setError(errorWords(t, result.error));
      setError(null);
      setText('');
      if (result.value.peer !== chosen.peer) onPeerNamed({ accountId: chosen.accountId, peer: result.value.peer });
    } catch (failure) {
      setError(errorWords(t, unexpectedError(failure)));
    }
  };
  const onType = (value: string) => {
    setText(value);
    if (value.trim() !== '') void api.reportTyping(chosen);
  };

  return (
    <section className="conversation" aria-label={t('chat.messagesLabel', { name })}>
      <h2>{name}</h2>
      <ol className="message-list" role="log" aria-label={t('chat.messagesLabel', { name })}>
        {messages.map((message) => (
          <li key={message.id} className="message" data-direction={message.direction} data-state={message.state}>
            <p className="message-body">{message.body}</p>
            <p className="message-meta">
              <span>{message.direction === 'outgoing' ? t('chat.you') : name}</span> · <span>{formatMoment(i18n.language, message.at)}</span>
              {message.direction === 'outgoing' && (
                <>
                  {' · '}
                  <span className="message-state">{chatStateWords(t, message)}</span>
                </>
              )}
            </p>
          </li>
        ))}
        <li ref={endRef} aria-hidden="true" className="message-end" />
      </ol>
      <p className="typing-indicator" role="status">
        {typing ? t('chat.typing', { name }) : ''}
      </p>
      {error && (
        <p className="inline-error" role="alert">
          {t('chat.sendFailed', { message: error })}
        </p>
      )}
      <form className="compose" onSubmit={(event) => void send(event)}>
        <label htmlFor={composeId} className="visually-hidden">
          {t('chat.composeLabel', { name })}
        </label>
        <textarea
          id={composeId}
          rows={2}
          value={text}
          onChange={(event) => onType(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey) {
              event.preventDefault();
              void send(event);
            }
          }}
        />
        <button type="submit" className="button button-primary" disabled={text.trim() === ''}>
          {t('chat.send')}
        </button>
      </form>
    </section>
  );
}
