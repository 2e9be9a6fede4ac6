/**
 * STUN/TURN servers the user configured, and the checks on them. None by
 * default: no traffic goes to a server the user did not choose.
 *
 * @remarks A TURN password is sealed by main's credential vault like an
 * account password: snapshots carry only {@link IceServerView} (whether one
 * is saved), and the renderer fetches the servers with their passwords
 * (`settings:ice-servers`) when it builds a call's ICE configuration.
 */
import { z } from 'zod';
import { fail, ok, type AppError, type Result } from './result';

export const IceServerSchema = z.object({
  /** One `stun:`, `turn:` or `turns:` URL (RFC 7064 / 7065). */
  url: z.string().max(512),
  /** TURN only. */
  username: z.string().max(256).optional(),
  /** TURN only. */
  credential: z.string().max(256).optional(),
});
export type IceServerSetting = z.infer<typeof IceServerSchema>;

/** A server as snapshots show it: whether a TURN password is saved, never the password. */
export const IceServerViewSchema = z.object({
  url: z.string().max(512),
  username: z.string().max(256).optional(),
  hasCredential: z.boolean().optional(),
});
export type IceServerView = z.infer<typeof IceServerViewSchema>;

/** What WebRTC takes (`RTCIceServer`), shaped without the DOM types so `app/` stays DOM-free. */
export interface RtcIceServerConfig {
  readonly urls: string;
  readonly username?: string;
  readonly credential?: string;
}

/**
 * Whether a password is saved for this URL and user name. A saved TURN
 * password only ever goes to the server it was saved for: change the URL or
 * the user name and it must be typed again.
 */
export type HasSavedCredential = (entry: { readonly url: string; readonly username?: string | undefined }) => boolean;

const NO_SAVED_CREDENTIAL: HasSavedCredential = () => false;

/** True when two entries name the same server and user (URLs compared trimmed, as they are saved). */
export function isSameIceServer(a: { readonly url: string; readonly username?: string | undefined }, b: { readonly url: string; readonly username?: string | undefined }): boolean {
  return a.url.trim() === b.url.trim() && (a.username?.trim() ?? '') === (b.username?.trim() ?? '');
}

export const MAX_ICE_SERVERS = 8;

export type IceServerField = 'url' | 'username' | 'credential';

export interface IceServerError extends AppError {
  readonly field: IceServerField;
  readonly code: 'ice-url-empty' | 'ice-url-scheme' | 'ice-url-format' | 'ice-turn-credentials' | 'ice-stun-credentials';
}

// host (name, IPv4 or [IPv6]) with an optional port, then optional ?transport=udp|tcp.
const ICE_URL = /^(stuns?|turns?):(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?(\?transport=(udp|tcp))?$/;

/** Checks one entry; the URL is trimmed. A TURN entry without a password keeps the saved one, if there is one for it. */
export function validateIceServer(
  entry: IceServerSetting,
  hasSavedCredential: HasSavedCredential = NO_SAVED_CREDENTIAL,
): Result<IceServerSetting> & { readonly fieldError?: IceServerError } {
  const url = entry.url.trim();
  const error = (field: IceServerField, code: IceServerError['code'], message: string) => ({ ...fail(code, message), fieldError: { field, code, message } });
  if (url === '') return error('url', 'ice-url-empty', 'Enter a server URL such as stun:stun.example.com:3478.');
  const scheme = /^([a-z]+):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme !== 'stun' && scheme !== 'turn' && scheme !== 'turns') {
    return error('url', 'ice-url-scheme', 'The URL must start with stun:, turn: or turns:.');
  }
  const match = ICE_URL.exec(url);
  const port = match?.[3] ? Number(match[3].slice(1)) : undefined;
  if (!match || (port !== undefined && (port < 1 || port > 65_535)) || (scheme === 'stun' && match[4])) {
    return error('url', 'ice-url-format', `"${url}" is not a valid ${scheme}: URL. It should look like ${scheme}:host.example.com:3478.`);
  }
  const username = entry.username?.trim() ?? '';
  const credential = entry.credential ?? '';
  if (scheme === 'stun') {
    if (username !== '' || credential !== '') return error('username', 'ice-stun-credentials', 'STUN servers take no user name or password; leave them empty.');
    return ok({ url });
  }
  if (username === '') return error('username', 'ice-turn-credentials', 'A TURN server needs a user name and a password.');
  if (credential !== '') return ok({ url, username, credential });
  if (hasSavedCredential({ url, username })) return ok({ url, username });
  return error('credential', 'ice-turn-credentials', 'A TURN server needs a user name and a password.');
}

/** Checks every entry; the first error wins, with the index of its entry. */
export function validateIceServers(
  entries: readonly IceServerSetting[],
  hasSavedCredential: HasSavedCredential = NO_SAVED_CREDENTIAL,
): Result<IceServerSetting[]> & { readonly index?: number; readonly fieldError?: IceServerError } {
  if (entries.length > MAX_ICE_SERVERS) return fail('ice-too-many', `At most ${MAX_ICE_SERVERS} servers.`, { max: MAX_ICE_SERVERS });
  const valid: IceServerSetting[] = [];
  for (const [index, entry] of entries.entries()) {
    const checked = validateIceServer(entry, hasSavedCredential);
    if (!checked.ok) return { ...checked, index };
    valid.push(checked.value);
  }
  return ok(valid);
}

/** The servers as WebRTC takes them, passwords included: built by main for `settings:ice-servers`. */
export function toRtcIceServers(entries: readonly IceServerSetting[]): RtcIceServerConfig[] {
  return entries.map((entry) => ({
    urls: entry.url,
    ...(entry.username ? { username: entry.username } : {}),
    ...(entry.credential ? { credential: entry.credential } : {}),
  }));
}
