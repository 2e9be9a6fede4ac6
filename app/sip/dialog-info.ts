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
  readonly ringing?: { readonly callId: string; readonly localTag?: string; readonly remoteTag?: string };
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
      if (callId && !ringing) ringing = { callId, localTag: attributeOf(attributes, 'local-tag'), remoteTag: attributeOf(attributes, 'remote-tag') };
    } else if (state !== 'terminated') return undefined;
  }
  return activity === 'ringing' && ringing ? { activity, ringing } : { activity };
}

function attributeOf(attributes: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]{1,256})"`).exec(attributes)?.[1];
}
