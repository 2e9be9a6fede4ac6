/**
 * Which permission requests and checks the app's session grants: the
 * microphone, and the choice of speakers (call audio and the ringtone on the
 * chosen outputs, `setSinkId`), to our own page in its main frame, and
 * nothing else. Electron's defaults grant almost everything, and a media
 * request that names no device type would otherwise pass an "only audio"
 * test written as "every listed type is audio".
 */

/** Media device types as Electron lists them on a `media` request or check. */
export type MediaDeviceType = 'audio' | 'video' | 'unknown';

/** What Electron tells about one request (`setPermissionRequestHandler`) or check (`setPermissionCheckHandler`). */
export interface PermissionQuestion {
  readonly permission: string;
  /** The page asking; undefined when Electron does not say (then it is not ours). */
  readonly requestingUrl: string | undefined;
  readonly isMainFrame: boolean;
  /** The device types of a `media` request, or the one of a `media` check. */
  readonly mediaTypes: readonly MediaDeviceType[];
}

/** The page address without fragment or query: the page itself, whatever route it shows. */
function pageOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return undefined;
  }
}

/** True when `question` comes from `ownUrl` (our renderer's index page) and asks for the microphone or the speaker choice. */
export function isPermissionGranted(question: PermissionQuestion, ownUrl: string): boolean {
  const page = question.requestingUrl === undefined ? undefined : pageOf(question.requestingUrl);
  if (!question.isMainFrame || page === undefined || page !== pageOf(ownUrl)) return false;
  if (question.permission === 'speaker-selection') return true;
  if (question.permission !== 'media') return false;
  return question.mediaTypes.length > 0 && question.mediaTypes.every((type) => type === 'audio');
}
