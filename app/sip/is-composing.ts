/**
 * RFC 3994 "is composing" indications: the small XML document a chat peer
 * sends in a MESSAGE while its user types (`active`) and after it stopped
 * (`idle`).
 */

export const IS_COMPOSING_CONTENT_TYPE = 'application/im-iscomposing+xml';

/** How long an `active` indication lasts at the receiver without a refresh (RFC 3994 §3.3: 120 s). */
export const DEFAULT_ACTIVE_TIMEOUT_SEC = 120;

/** How often we refresh our own `active` state while the user keeps typing (RFC 3994 suggests 60–120 s). */
export const ACTIVE_REFRESH_SEC = 60;

export interface ComposingIndication {
  readonly state: 'active' | 'idle';
  /** Seconds an `active` state lasts; absent when the sender gave none. */
  readonly refreshSec?: number;
}

const MAX_DOCUMENT_CHARS = 2_048;

/** Builds the isComposing document for `state`. */
export function buildIsComposing(state: ComposingIndication['state']): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<isComposing xmlns="urn:ietf:params:xml:ns:im-iscomposing">',
    `  <state>${state}</state>`,
    '  <contenttype>text/plain</contenttype>',
    ...(state === 'active' ? [`  <refresh>${ACTIVE_REFRESH_SEC}</refresh>`] : []),
    '</isComposing>',
    '',
  ].join('\n');
}

/**
 * Reads an isComposing document; undefined when it is not one (no root
 * element, no or an unknown state, an absurd refresh), so the caller can
 * log and ignore it.
 */
export function parseIsComposing(body: string): ComposingIndication | undefined {
  if (body.length > MAX_DOCUMENT_CHARS) return undefined;
  if (!/<(?:[\w-]+:)?isComposing[\s>]/.test(body) || !/<\/(?:[\w-]+:)?isComposing\s*>/.test(body)) return undefined;
  const state = /<(?:[\w-]+:)?state>\s*([a-z]+)\s*<\/(?:[\w-]+:)?state>/.exec(body)?.[1];
  if (state !== 'active' && state !== 'idle') return undefined;
  const refreshText = /<(?:[\w-]+:)?refresh>\s*([^<]*?)\s*<\/(?:[\w-]+:)?refresh>/.exec(body)?.[1];
  if (refreshText === undefined) return { state };
  const refreshSec = Number(refreshText);
  if (!/^\d{1,6}$/.test(refreshText) || refreshSec <= 0) return undefined;
  return { state, refreshSec };
}
