/**
 * The one IPC contract between main and the renderer. Every channel is
 * declared here once (name `domain:verb`, payload schema, result type); the
 * preload exposes one method per channel and main validates every payload
 * against these schemas before it looks at it.
 *
 * Two adapters carry it: Electron IPC (the product) and a local WebSocket
 * (the browser host used by tests and UI development).
 */
import { z } from 'zod';
import { AccountInputSchema, type AccountView } from './account';
import type { AccountTestResult } from './account-test';
import type { CallSummary } from './call-state';
import { ChatPeerSchema, ChatSendSchema, type ChatConversation, type ChatMessage, type ChatSummary } from './chat';
import type { PresenceSnapshot } from './presence';
import type { IncomingCallAction } from './incoming-call-notice';
import type { AppError, Result } from './result';
import type { StatusDetail } from './status-detail';
import { RecordIdSchema } from './record-id';
import { RecordingChunkSchema, RecordingIdSchema, RecordingStartSchema, type CallRecording, type RecordingFolderView } from './recording';
import { DIGEST_REALM_PATTERN } from './sip/digest-challenge';
import type { RtcIceServerConfig } from './ice-servers';
import { SettingsChangeSchema, type Settings } from './settings';
import { CALL_RECORD_LIMITS, MAX_HISTORY_RECORDS, ReportedCallRecordSchema, type CallRecord } from './call-history';
import {
  ContactExportFormatSchema,
  ContactIdSchema,
  ContactImportRequestSchema,
  ContactInputSchema,
  type Contact,
  type ContactExportResult,
  type ContactImportSummary,
} from './contact';

const AccountIdSchema = RecordIdSchema;

const CallSummarySchema = z.object({
  id: z.string().max(128),
  accountId: AccountIdSchema,
  direction: z.enum(['outgoing', 'incoming']),
  remoteUri: z.string().max(512),
  remoteName: z.string().max(256).optional(),
  phase: z.enum(['calling', 'ringing', 'connected', 'ended']),
  startedAt: z.number(),
  answeredAt: z.number().optional(),
  isMuted: z.boolean(),
});

/** How the password is kept on disk: the UI warns when it is not encrypted. */
export type CredentialStorage = 'encrypted' | 'plain-text';

/** Something main tells the user once (a file kept aside, a link with nothing callable): an `AppError` with an id to dismiss it by. */
export interface Notice extends AppError {
  readonly id: string;
}

/** A stretch of time when an account could not receive calls. */
export interface UnreachablePeriodView {
  readonly id: string;
  readonly accountId: string;
  readonly from: number;
  /** Absent while it lasts. */
  readonly to?: number;
  /** Why calls could not reach the account, as a code the UI words. */
  readonly detail: StatusDetail;
  /** The user has seen it ("you may have missed calls …" dismissed). */
  readonly acknowledged: boolean;
}

/**
 * What the shell main runs in can do. The Electron app can do all of it;
 * the browser host (`npm run start:browser`, the tests) has no login items,
 * tray, link handler, global shortcut or desktop notifications, so the UI
 * says those settings do nothing there and the page notifies by itself.
 */
export interface DesktopFeatures {
  readonly startAtLogin: boolean;
  readonly tray: boolean;
  readonly links: boolean;
  readonly globalShortcut: boolean;
  readonly notifications: boolean;
}

/** Everything main owns, pushed whole with a revision so the renderer can drop stale copies. */
export interface AppSnapshot {
  readonly revision: number;
  readonly accounts: readonly AccountView[];
  readonly calls: readonly CallSummary[];
  readonly credentialStorage: CredentialStorage;
  /**
   * Which storage that is, down to the backend (`plain-text:basic_text`): a
   * dismissed warning about it comes back when this changes.
   */
  readonly credentialStorageId: string;
  readonly desktop: DesktopFeatures;
  readonly notices: readonly Notice[];
  readonly settings: Settings;
  /** The most recent finished calls, oldest first. */
  readonly history: readonly CallRecord[];
  /** Missed calls since the user last opened the history (the badge). */
  readonly unseenMissedCalls: number;
  /** A number from a link, waiting to be put in the dial field (never dialled by itself). */
  readonly pendingDial?: { readonly id: string; readonly target: string };
  /** The most recent periods, oldest first. */
  readonly unreachablePeriods: readonly UnreachablePeriodView[];
  /** Changes whenever the contacts do; the list itself is fetched with `contacts:list`. */
  readonly contactsRevision?: number;
  /** Chat: unread count, who is typing, and a revision that changes with any message (they are fetched with `chat:conversation`). */
  readonly chat?: ChatSummary;
  /** Every watched line's busy lamp, per account. */
  readonly lamps?: readonly LampSnapshot[];
  /** The status every account publishes, and the status of watched contacts. */
  readonly presence?: PresenceSnapshot;
  /** Where call recordings go and what the shell can do with them; absent where the shell cannot record. */
  readonly recording?: RecordingFolderView;
  /** Where the log files are; `canOpen` when main can show the folder (`app:open-log-folder`), else the UI shows the path. */
  readonly logFolder?: { readonly path: string; readonly canOpen: boolean };
}

/** A busy lamp: the line, and idle / ringing / in a call, or unknown / not offered by the server. */
export interface LampSnapshot {
  readonly accountId: string;
  readonly target: string;
  readonly state: 'idle' | 'ringing' | 'busy' | 'unknown' | 'not-offered';
  readonly ringing?: { readonly callId: string; readonly localTag?: string; readonly remoteTag?: string };
}

/** What the renderer's call-only UserAgent needs. The password itself never leaves main. */
export interface CallAgentConfig {
  readonly accountId: string;
  readonly aor: string;
  readonly displayName: string;
  readonly authorizationUsername: string;
  /** Its own Via host, so main can route responses to it and not to the registration agent. */
  readonly viaHost: string;
}

interface InvokeChannel<Request extends z.ZodType, Value> {
  readonly method: string;
  readonly request: Request;
  /** Type-only marker of the result; never read at run time. */
  readonly result?: Result<Value>;
}

function invoke<Value>() {
  return <const Method extends string, Request extends z.ZodType>(method: Method, request: Request) =>
    ({ method, request }) as InvokeChannel<Request, Value> & { readonly method: Method };
}

function event<Payload>() {
  return <const Method extends string>(method: Method) => ({ method }) as { readonly method: Method; readonly payload?: Payload };
}

export const invokeContract = {
  'app:get-snapshot': invoke<AppSnapshot>()('getSnapshot', z.undefined()),
  /** Shows the log folder in the OS file manager. */
  'app:open-log-folder': invoke<null>()('openLogFolder', z.undefined()),
  'accounts:add': invoke<{ id: string }>()('addAccount', AccountInputSchema),
  'accounts:update': invoke<null>()('updateAccount', z.object({ id: AccountIdSchema, input: AccountInputSchema })),
  'accounts:set-enabled': invoke<null>()('setAccountEnabled', z.object({ id: AccountIdSchema, enabled: z.boolean() })),
  'accounts:remove': invoke<null>()('removeAccount', z.object({ id: AccountIdSchema })),
  'accounts:retry': invoke<null>()('retryAccount', z.object({ id: AccountIdSchema })),
  /** Registers the entered settings once on a temporary connection; an empty password on edit uses the saved one. */
  'accounts:test': invoke<AccountTestResult>()('testAccount', z.object({ input: AccountInputSchema, accountId: AccountIdSchema.optional() })),
  'notices:dismiss': invoke<null>()('dismissNotice', z.object({ id: z.string().max(64) })),
  'sip:attach': invoke<CallAgentConfig>()('attachSip', z.object({ accountId: AccountIdSchema })),
  /**
   * The digest key (HA1) for a realm that challenged a request of this
   * account's call agent; main answers only the window that attached the
   * account, and only for a realm its connection was really challenged with.
   */
  'sip:digest-key': invoke<{ ha1: string }>()('digestKey', z.object({ accountId: AccountIdSchema, realm: z.string().regex(DIGEST_REALM_PATTERN) })),
  /** The window's call agent for the account is started: main may now deliver its messages (until then main holds them). */
  'sip:ready': invoke<null>()('readySip', z.object({ accountId: AccountIdSchema })),
  'sip:send': invoke<null>()('sendSip', z.object({ accountId: AccountIdSchema, message: z.string().max(65_536) })),
  'settings:update': invoke<null>()('updateSettings', SettingsChangeSchema),
  /** The STUN/TURN servers with their passwords, for a call's ICE configuration (snapshots carry no TURN password). */
  'settings:ice-servers': invoke<RtcIceServerConfig[]>()('getIceServers', z.undefined()),
  'reachability:acknowledge': invoke<null>()('acknowledgeUnreachablePeriod', z.object({ id: z.string().max(64) })),
  'history:record': invoke<null>()('recordCall', ReportedCallRecordSchema),
  'history:mark-missed-seen': invoke<null>()('markMissedCallsSeen', z.undefined()),
  /** Deletes these calls from history; ids history does not hold are ignored. */
  'history:remove': invoke<null>()('removeCalls', z.object({ ids: z.array(z.string().min(1).max(CALL_RECORD_LIMITS.id)).min(1).max(MAX_HISTORY_RECORDS) }).strict()),
  /** Deletes every call from history. */
  'history:clear': invoke<null>()('clearHistory', z.undefined()),
  'dial:consume': invoke<null>()('consumeDialRequest', z.object({ id: z.string().max(64) })),
  'contacts:list': invoke<Contact[]>()('listContacts', z.undefined()),
  'contacts:add': invoke<{ id: string }>()('addContact', ContactInputSchema),
  'contacts:update': invoke<null>()('updateContact', z.object({ id: ContactIdSchema, input: ContactInputSchema })),
  'contacts:set-favourite': invoke<null>()('setContactFavourite', z.object({ id: ContactIdSchema, isFavourite: z.boolean() })),
  'contacts:remove': invoke<null>()('removeContact', z.object({ id: ContactIdSchema })),
  'contacts:import': invoke<ContactImportSummary>()('importContacts', ContactImportRequestSchema),
  'contacts:export': invoke<ContactExportResult>()('exportContacts', z.object({ format: ContactExportFormatSchema })),
  /** Every conversation, the most recently active first. */
  'chat:conversations': invoke<ChatConversation[]>()('listConversations', z.undefined()),
  /** The messages with one peer, oldest first. */
  'chat:conversation': invoke<ChatMessage[]>()('getConversation', ChatPeerSchema),
  /** Sends a chat message from the account; resolves once it is kept (as `sending`), its outcome follows in the history. */
  'chat:send': invoke<{ id: string; peer: string }>()('sendChatMessage', ChatSendSchema),
  'chat:mark-read': invoke<null>()('markConversationRead', ChatPeerSchema),
  /** The user typed in a conversation: main tells the peer (RFC 3994) when due. */
  'chat:typing': invoke<null>()('reportTyping', ChatPeerSchema),
  /** Watches a line's busy lamp from the account (RFC 4235); the lamp follows in the snapshot. */
  'lamps:watch': invoke<{ target: string }>()('watchLamp', z.object({ accountId: AccountIdSchema, target: z.string().min(1).max(512) })),
  'lamps:unwatch': invoke<null>()('unwatchLamp', z.object({ accountId: AccountIdSchema, target: z.string().min(1).max(512) })),
  /** Starts recording a connected call into a new file in the recording folder; main names the file. */
  'recordings:start': invoke<{ recordingId: string }>()('startRecording', RecordingStartSchema),
  /** The next chunk of the call's mix (16-bit mono PCM, base64); only the window that started the recording may send it. */
  'recordings:append': invoke<null>()('appendRecording', RecordingChunkSchema),
  /** Finishes the file and links it to the call's history entry. */
  'recordings:stop': invoke<CallRecording>()('stopRecording', z.object({ recordingId: RecordingIdSchema }).strict()),
  /** Shows the shell's folder picker; null when the user cancelled. */
  'recordings:choose-folder': invoke<{ path: string } | null>()('chooseRecordingFolder', z.undefined()),
  /** A slice of the recording linked to a history entry (base64), from `offset`; `nextOffset` is null after the last slice. */
  'recordings:read': invoke<{ data: string; totalBytes: number; nextOffset: number | null }>()(
    'readRecording',
    z.object({ callId: z.string().min(1).max(CALL_RECORD_LIMITS.id), offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }).strict(),
  ),
  /** Shows the recording of a history entry in the OS file manager. */
  'recordings:show': invoke<null>()('showRecording', z.object({ callId: z.string().min(1).max(CALL_RECORD_LIMITS.id) }).strict()),
  'calls:report': invoke<null>()('reportCalls', z.object({ calls: z.array(CallSummarySchema).max(16) })),
} as const;

export const eventContract = {
  'app:snapshot': event<AppSnapshot>()('onSnapshot'),
  'sip:message': event<{ accountId: string; message: string }>()('onSipMessage'),
  'sip:connection': event<{ accountId: string; isConnected: boolean }>()('onSipConnection'),
  /** Answer or Decline chosen on the desktop notification; the renderer checks it with IncomingCallActionSchema. */
  'calls:incoming-action': event<IncomingCallAction>()('onIncomingCallAction'),
  /** The global shortcut was pressed: answer the ringing call, or hang up the active one. */
  'calls:shortcut': event<Record<string, never>>()('onCallShortcut'),
} as const;

export type InvokeContract = typeof invokeContract;
export type InvokeChannelName = keyof InvokeContract;
export type EventContract = typeof eventContract;
export type EventChannelName = keyof EventContract;

export type RequestOf<C extends InvokeChannelName> = z.infer<InvokeContract[C]['request']>;
export type ResultOf<C extends InvokeChannelName> = NonNullable<InvokeContract[C]['result']>;
export type EventPayloadOf<E extends EventChannelName> = NonNullable<EventContract[E]['payload']>;

/** The API the preload (or the browser host bridge) gives the page as its global `softphone`. */
export type SoftphoneApi = {
  readonly [C in InvokeChannelName as InvokeContract[C]['method']]: (
    ...args: RequestOf<C> extends undefined ? [] : [RequestOf<C>]
  ) => Promise<ResultOf<C>>;
} & {
  readonly [E in EventChannelName as EventContract[E]['method']]: (listener: (payload: EventPayloadOf<E>) => void) => () => void;
};

export const invokeChannelNames = Object.keys(invokeContract) as InvokeChannelName[];
export const eventChannelNames = Object.keys(eventContract) as EventChannelName[];

export function isInvokeChannel(name: unknown): name is InvokeChannelName {
  return typeof name === 'string' && Object.hasOwn(invokeContract, name);
}
