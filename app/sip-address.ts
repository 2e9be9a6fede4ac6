/**
 * Parsing of what people type: account addresses (into the one
 * {@link SipAddress} value every process passes around), server URLs and
 * dial targets. Every refusal comes with a sentence saying what is wrong.
 */
import { fail, ok, type Result } from './result';

// Type-only brand: an object literal cannot pass for a checked address.
declare const madeByParser: unique symbol;

/**
 * The address of a SIP account or peer: `user@domain`, and the address of
 * record (AOR) `sip:user@domain` that REGISTERs bind and calls go to.
 *
 * @remarks
 * Immutable, and made only by {@link parseSipAddress} and
 * {@link sipAddressOf} (the brand keeps object literals out), so every one
 * has passed the same checks: the user part is kept as written (RFC 3261
 * compares it case-sensitively), the domain is lower case (compared
 * case-insensitively), so {@link SipAddress.equals} can compare the text.
 * Shapes that cross IPC or go to disk keep plain strings; they are parsed
 * into this value where they come in.
 */
export interface SipAddress {
  readonly user: string;
  /** Lower case; may carry a `:port`. */
  readonly domain: string;
  /** `sip:user@domain`. */
  readonly aor: string;
  /** Same user and domain. */
  equals(other: SipAddress): boolean;
  /** `user@domain`, the form people read and type. */
  toString(): string;
  readonly [madeByParser]: true;
}

class CheckedSipAddress {
  readonly aor: string;

  constructor(
    readonly user: string,
    readonly domain: string,
  ) {
    this.aor = `sip:${user}@${domain}`;
    Object.freeze(this);
  }

  equals(other: SipAddress): boolean {
    return this.user === other.user && this.domain === other.domain;
  }

  toString(): string {
    return `${this.user}@${this.domain}`;
  }
}

// RFC 3261 "user" characters (unreserved / escaped / user-unreserved), kept
// deliberately strict so that typos are caught in the form, not by the server.
const USER_PATTERN = /^[A-Za-z0-9\-_.!~*'()&=+$,;?/%]+$/;
// A host name or an IPv4 address, with an optional port.
const DOMAIN_PATTERN = /^(?=.{1,253}(:\d+)?$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(:\d{1,5})?$/;

/**
 * Parses `user@domain` (a leading `sip:` or `sips:` is accepted) into a {@link SipAddress}.
 * A pasted full URI's parameters and headers (`;transport=ws`, `?subject=…`) are left out:
 * an address names a user at a domain, and the account's own connection decides the transport.
 */
export function parseSipAddress(text: string): Result<SipAddress> {
  const parts = splitSipUri(text);
  return parts.ok ? sipAddressOf(parts.value.user, parts.value.host) : parts;
}

/** `user@host;params?headers` taken apart; the host is as typed (the checks come later). */
interface SipUriParts {
  readonly user: string;
  readonly host: string;
  /** Each `;name` or `;name=value` after the host, without the `;`. */
  readonly parameters: readonly string[];
}

function splitSipUri(text: string): Result<SipUriParts> {
  const trimmed = text.trim().replace(/^sips?:/i, '');
  if (trimmed === '') return fail('sip-address-empty', 'Enter a SIP address such as alice@example.com.');
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || at === trimmed.length - 1) {
    return fail('sip-address-format', 'A SIP address needs a user and a domain, like alice@example.com.');
  }
  // The user part may hold ';' (a telephone-subscriber's parameters); the host's own parameters start after '@'.
  const [hostAndParameters = ''] = trimmed.slice(at + 1).split('?', 1);
  const [host = '', ...parameters] = hostAndParameters.split(';');
  return ok({ user: trimmed.slice(0, at), host, parameters: parameters.filter((parameter) => parameter !== '') });
}

// RFC 3261 uri-parameter: a token name with an optional token value.
const URI_PARAMETER_PATTERN = /^[A-Za-z0-9\-_.!~*'()%]+(=[A-Za-z0-9\-_.!~*'()%\[\]/:&+$]+)?$/;

/**
 * The parameters of a dialled URI that travel with the call: all but
 * `transport`, which names the dialler's connection (this account's WebSocket
 * decides it), not something the callee's address needs.
 */
function dialledParameters(parameters: readonly string[]): string | undefined {
  const kept = parameters.filter((parameter) => !/^transport(=|$)/i.test(parameter));
  if (!kept.every((parameter) => URI_PARAMETER_PATTERN.test(parameter))) return undefined;
  return kept.map((parameter) => `;${parameter}`).join('');
}

/** The {@link SipAddress} of a user and a domain kept apart (a saved account), with the checks of {@link parseSipAddress}. */
export function sipAddressOf(user: string, domain: string): Result<SipAddress> {
  if (user === '' || domain === '') return fail('sip-address-format', 'A SIP address needs a user and a domain, like alice@example.com.');
  const lowerDomain = domain.toLowerCase();
  if (!USER_PATTERN.test(user)) {
    return fail('sip-address-user', `"${user}" contains characters a SIP user name cannot have.`);
  }
  if (!DOMAIN_PATTERN.test(lowerDomain)) {
    return fail('sip-address-domain', `"${lowerDomain}" is not a valid domain name.`);
  }
  return ok(new CheckedSipAddress(user, lowerDomain) as unknown as SipAddress);
}

/** Accepts only `ws://` and `wss://` URLs with a host: SIP over WebSocket (RFC 7118). */
export function parseServerUrl(text: string): Result<string> {
  const trimmed = text.trim();
  if (trimmed === '') return fail('server-url-empty', 'Enter the WebSocket server, such as wss://sip.example.com:8089/ws.');
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return fail('server-url-format', `"${trimmed}" is not a URL. It should look like wss://sip.example.com:8089/ws.`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    return fail('server-url-scheme', 'The server URL must start with ws:// or wss:// (SIP over WebSocket).');
  }
  if (url.hostname === '') return fail('server-url-host', 'The server URL has no host name.');
  return ok(url.toString());
}

/** `sip:`, `sips:`, `tel:` or `callto:` (with an optional `//`) at the start of an address; group 1 is the scheme. */
export const DIAL_SCHEME_PREFIX = /^(sips?|tel|callto):(?:\/\/)?/i;

/**
 * Turns what the user typed in the dial field into a SIP URI, using the
 * account's domain for bare numbers and names. Pasted phone numbers are
 * cleaned of visual separators.
 */
export function parseDialTarget(text: string, account: SipAddress): Result<string> {
  let trimmed = text.trim().replace(DIAL_SCHEME_PREFIX, '');
  if (trimmed === '') return fail('dial-empty', 'Enter a number or a SIP address to call.');
  if (trimmed.includes('@')) {
    const parts = splitSipUri(trimmed);
    if (!parts.ok) return parts;
    const address = sipAddressOf(parts.value.user, parts.value.host);
    if (!address.ok) return address;
    const parameters = dialledParameters(parts.value.parameters);
    if (parameters === undefined) return fail('dial-format', `"${text.trim()}" is neither a number nor a SIP address.`);
    return ok(address.value.aor + parameters);
  }
  if (/^[+\d\s().\-/]+$/.test(trimmed)) {
    trimmed = trimmed.replace(/[\s().\-/]/g, '');
    if (!/^\+?[\d]+$/.test(trimmed)) return fail('dial-number', `"${text.trim()}" is not a phone number.`);
  } else if (/[*#]/.test(trimmed) && /^[\d*#+]+$/.test(trimmed)) {
    // Feature codes such as *97 or #31# go to the server as they are.
  } else if (!USER_PATTERN.test(trimmed)) {
    return fail('dial-format', `"${text.trim()}" is neither a number nor a SIP address.`);
  }
  const target = sipAddressOf(encodeUserPart(trimmed), account.domain);
  return target.ok ? ok(target.value.aor) : target;
}

function encodeUserPart(user: string): string {
  // '#' is not allowed raw in a SIP URI user part.
  return user.replace(/#/g, '%23');
}
