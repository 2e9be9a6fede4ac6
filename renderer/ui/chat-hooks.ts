/**
 * Chat as the UI reads it from main: the conversation list and one
 * conversation, fetched again whenever the snapshot's chat revision moves.
 * Only the answer to the latest request is applied.
 */
import { useEffect, useRef, useState } from 'react';
import type { ChatComposing, ChatConversation, ChatMessage } from '../../app/chat';
import { useSoftphoneStore } from '../store/softphone-store';
import { useApi } from './contexts';

const NO_COMPOSING: readonly ChatComposing[] = [];

function useChatRevision(): number {
  return useSoftphoneStore((state) => state.snapshot?.chat?.revision ?? 0);
}

/** Incoming messages not yet seen, over all conversations (the rail's badge). */
export function useUnreadMessageCount(): number {
  return useSoftphoneStore((state) => state.snapshot?.chat?.unread ?? 0);
}

export function useComposingPeers(): readonly ChatComposing[] {
  return useSoftphoneStore((state) => state.snapshot?.chat?.composing ?? NO_COMPOSING);
}

function useLatest<T>(load: () => Promise<{ ok: boolean; value?: T }>, deps: readonly unknown[], initial: T): T {
  const [value, setValue] = useState<T>(initial);
  const latest = useRef(0);
  useEffect(() => {
    const request = ++latest.current;
    void load().then((result) => {
      if (result.ok && request === latest.current) setValue(result.value as T);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return value;
}

export function useConversations(): readonly ChatConversation[] {
  const api = useApi();
  const revision = useChatRevision();
  return useLatest(() => api.listConversations(), [api, revision], []);
}

/** The messages with `peer`, oldest first; empty when none is chosen. */
export function useConversation(accountId: string | undefined, peer: string | undefined): readonly ChatMessage[] {
  const api = useApi();
  const revision = useChatRevision();
  return useLatest(
    () => (accountId && peer ? api.getConversation({ accountId, peer }) : Promise.resolve({ ok: true, value: [] })),
    [api, revision, accountId, peer],
    [],
  );
}
