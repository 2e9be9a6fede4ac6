/**
 * RFC 4235 dialog state (`application/dialog-info+xml`, event `dialog`), as
 * a busy lamp reads it.
 */

export const DIALOG_EVENT = 'dialog';
export const DIALOG_INFO_CONTENT_TYPE = 'application/dialog-info+xml';

/** What a lamp shows of a watched line: no call, ringing (early dialog), or in a call. */
export type LineActivity = 'idle' | 'ringing' | 'busy';

export interface DialogInfo {
  readonly activity: LineActivity;
  /** The ringing dialog, when the server shows it (for a directed pickup with Replaces). */
  readonly ringing?: RingingDialog;
}

/**
 * A call ringing at the watched line, as the notifier shows it: tags from the
 * watched line's side (`localTag` is the line's, `remoteTag` the caller's),
 * and the caller's identity, to whom a pickup INVITE with Replaces goes.
 */
export interface RingingDialog {
  readonly callId: string;
  readonly localTag?: string;
  readonly remoteTag?: string;
  readonly caller?: string;
}

const MAX_DOCUMENT_CHARS = 65_536;
const EARLY_STATES = new Set(['trying', 'proceeding', 'early']);

/**
 * Reads a dialog-info document; undefined when it is not one (no
 * `dialog-info` root, a dialog without a state), so the caller can log and
 * ignore it. A document with no dialog, or only terminated ones, is idle.
 */
export function parseDialogInfo(body: string): DialogInfo | undefined {
  if (body.length > MAX_DOCUMENT_CHARS) return undefined;
  if (!/<(?:[\w-]+:)?dialog-info[\s>]/.test(body) || !/<\/(?:[\w-]+:)?dialog-info\s*>/.test(body)) return undefined;
  let activity: LineActivity = 'idle';
  let ringing: DialogInfo['ringing'];
  for (const match of body.matchAll(/<(?:[\w-]+:)?dialog(\s[^>]*)?>([\s\S]*?)<\/(?:[\w-]+:)?dialog\s*>/g)) {
    const attributes = match[1] ?? '';
    const state = /<(?:[\w-]+:)?state(?:\s[^>]*)?>\s*([a-z]+)\s*<\/(?:[\w-]+:)?state>/.exec(match[2] ?? '')?.[1];
    if (!state) return undefined;
    if (state === 'confirmed') activity = 'busy';
    else if (EARLY_STATES.has(state)) {
      if (activity === 'idle') activity = 'ringing';
      const callId = attributeOf(attributes, 'call-id');
      // Only a call coming in to the line can be picked up, not one it places.
      const isIncoming = attributeOf(attributes, 'direction') !== 'initiator';
      if (callId && isIncoming && !ringing) {
        const caller = /<(?:[\w-]+:)?remote(?:\s[^>]*)?>[\s\S]*?<(?:[\w-]+:)?identity(?:\s[^>]*)?>\s*([^<\s]{1,512})\s*</.exec(match[2] ?? '')?.[1];
        ringing = {
          callId,
          ...optional('localTag', attributeOf(attributes, 'local-tag')),
          ...optional('remoteTag', attributeOf(attributes, 'remote-tag')),
          ...optional('caller', caller ? decodeXmlEntities(caller) : undefined),
        };
      }
    } else if (state !== 'terminated') return undefined;
  }
  return activity === 'ringing' && ringing ? { activity, ringing } : { activity };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

function decodeXmlEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

function attributeOf(attributes: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]{1,256})"`).exec(attributes)?.[1];
}
