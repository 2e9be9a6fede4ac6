/**
 * Every `AppError` the user can meet, in the UI's language. Errors carry a
 * stable code and an English message (for logs); the words come from here.
 * A value the message quotes ("…") becomes `{{value}}`; other values travel
 * in `error.params`. Codes with no words here show the English message, and
 * tests/unit/renderer/error-words.test.ts fails when the code base raises one.
 */
import { describeError, type AppError } from '../../app/result';
import type { Translate, TranslationKey } from '../i18n/i18n';

const ERROR_KEYS: Readonly<Record<string, TranslationKey>> = {
  // Account fields (app/sip-address.ts, app/account.ts)
  'sip-address-empty': 'validation.sipAddressEmpty',
  'sip-address-format': 'validation.sipAddressFormat',
  'sip-address-user': 'validation.sipAddressUser',
  'sip-address-domain': 'validation.sipAddressDomain',
  'server-url-empty': 'validation.serverUrlEmpty',
  'server-url-format': 'validation.serverUrlFormat',
  'server-url-scheme': 'validation.serverUrlScheme',
  'server-url-host': 'validation.serverUrlHost',
  'password-empty': 'validation.passwordEmpty',
  'auth-user-format': 'validation.authUserFormat',
  'display-name-control': 'validation.displayNameControl',
  'keep-alive-range': 'validation.keepAliveRange',
  'keep-alive-format': 'validation.keepAliveFormat',
  'proxy-format': 'validation.proxyFormat',
  'register-expiry-range': 'validation.registerExpiryRange',
  'fingerprint-format': 'validation.fingerprintFormat',
  'invalid-account': 'errors.invalidAccount',
  'account-not-found': 'errors.accountNotFound',
  'account-not-active': 'errors.accountNotActive',
  'password-unreadable': 'errors.passwordUnreadable',
  'password-for-new-server': 'errors.passwordForNewServer',
  // Dialling and transfer (app/sip-address.ts, renderer/sip/call-engine.ts)
  'dial-empty': 'errors.dialEmpty',
  'dial-number': 'errors.dialNumber',
  'dial-format': 'errors.dialFormat',
  'call-no-account': 'errors.callNoAccount',
  'call-not-connected': 'errors.callNotConnected',
  'call-address': 'errors.callAddress',
  'transfer-not-connected': 'errors.transferNotConnected',
  'merge-not-connected': 'errors.mergeNotConnected',
  'merge-resume': 'errors.mergeResume',
  'merge-audio': 'errors.mergeAudio',
  // Links (app/dial-link.ts)
  'link-scheme': 'errors.linkScheme',
  'link-encoding': 'errors.linkEncoding',
  'link-number': 'errors.linkNumber',
  'link-address': 'errors.linkAddress',
  // Settings (app/ice-servers.ts, app/accelerator.ts)
  'ice-url-empty': 'network.urlEmpty',
  'ice-url-scheme': 'network.urlScheme',
  'ice-url-format': 'network.urlFormat',
  'ice-turn-credentials': 'network.turnCredentials',
  'ice-stun-credentials': 'network.stunCredentials',
  'ice-too-many': 'errors.iceTooMany',
  'shortcut-format': 'general.shortcutFormat',
  'shortcut-modifier': 'general.shortcutModifier',
  'shortcut-key': 'general.shortcutKey',
  'shortcut-needs-modifier': 'general.shortcutNeedsModifier',
  // Contacts (app/contact.ts, main/core/contacts-service.ts)
  'contact-name-empty': 'contacts.errors.nameEmpty',
  'contact-number-empty': 'contacts.errors.numberEmpty',
  'contact-number-format': 'contacts.errors.numberFormat',
  'contact-not-found': 'contacts.errors.notFound',
  'contacts-format': 'contacts.errors.format',
  'contacts-export-failed': 'contacts.errors.exportFailed',
  // Chat (main/core/chat-service.ts, app/chat.ts)
  'chat-too-long': 'chat.errors.tooLong',
  'chat-empty': 'chat.errors.empty',
  'chat-not-stored': 'chat.errors.notStored',
  'message-refused': 'chat.failure.refused',
  'message-unanswered': 'chat.failure.unanswered',
  'message-not-connected': 'chat.failure.notConnected',
  'lamps-too-many': 'lamps.tooMany',
  // Call recording (main/core/recording-service.ts, recording-handlers.ts, renderer/sip/call-recorder.ts)
  'recording-disk-full': 'errors.recordingDiskFull',
  'recording-folder-missing': 'errors.recordingFolderMissing',
  'recording-folder-denied': 'errors.recordingFolderDenied',
  'recording-failed': 'errors.recordingFailed',
  'recording-too-long': 'errors.recordingTooLong',
  'recording-not-found': 'errors.recordingNotFound',
  'recording-not-linked': 'errors.recordingNotLinked',
  'recording-unavailable': 'errors.recordingUnavailable',
  'recording-folder-choice-unavailable': 'errors.recordingFolderChoiceUnavailable',
  'recording-show-unavailable': 'errors.recordingShowUnavailable',
  'recording-file-missing': 'errors.recordingFileMissing',
  'recording-unreadable': 'errors.recordingUnreadable',
  'recording-no-audio': 'errors.recordingNoAudio',
  'recording-not-connected': 'errors.recordingNotConnected',
  // Between the window and main (main/core); a bug or a closing window, not the user's doing
  'not-attached': 'errors.notAttached',
  'realm-not-challenged': 'errors.realmNotChallenged',
  'not-connected': 'errors.notConnected',
  'not-started': 'errors.notStarted',
  'renderer-closed': 'errors.rendererClosed',
  'host-gone': 'errors.rendererClosed',
  'invalid-request': 'errors.badRequest',
  'unknown-channel': 'errors.badRequest',
  'internal-error': 'errors.internal',
  'log-folder-unavailable': 'errors.logFolderUnavailable',
};

export function hasErrorWords(code: string): boolean {
  return Object.hasOwn(ERROR_KEYS, code);
}

export function errorWords(t: Translate, error: Pick<AppError, 'code' | 'message' | 'params'>): string {
  const key = hasErrorWords(error.code) ? ERROR_KEYS[error.code] : undefined;
  if (!key) return error.message;
  const value = /"(.*?)"/.exec(error.message)?.[1] ?? '';
  return t(key, { value, ...error.params, defaultValue: error.message });
}

/** What a promise that rejected (IPC gone, a bug) shows: the internal-error words. */
export function unexpectedError(failure: unknown): AppError {
  return { code: 'internal-error', message: describeError(failure) };
}
