/**
 * The digest realms an account's server has challenged with, read from every
 * 401/407 on the account's connection (to main's requests or the renderer's).
 *
 * @remarks
 * The renderer's call agent gets a digest key per realm, never the password;
 * main hands out a key only for a realm this account's server has actually
 * challenged with (a server's realm often differs from its SIP domain:
 * Asterisk's default is `asterisk`).
 */
import { challengedRealmOf, digestRealmOf } from '../../app/sip/digest-challenge';
import type { ParsedResponse } from './sip-message';

/** Real servers use one or two realms; a server naming a new one in every challenge must not grow memory. */
const MAX_REALMS = 16;

export class ChallengeRealms {
  /** In order of last use, oldest first. */
  private readonly seen = new Set<string>();

  has(realm: string): boolean {
    return this.seen.has(realm);
  }

  /** Every realm noted, least recently used first. */
  list(): string[] {
    return [...this.seen];
  }

  /** Notes the realm of a 401/407; other responses are ignored. */
  note(response: ParsedResponse): void {
    if (response.statusCode !== 401 && response.statusCode !== 407) return;
    const challenge = response.getHeader(response.statusCode === 401 ? 'www-authenticate' : 'proxy-authenticate');
    this.add(challenge ? digestRealmOf(challenge) : undefined);
  }

  /** The same for a response main relays unparsed (its raw text). */
  noteRaw(text: string): void {
    this.add(challengedRealmOf(text));
  }

  private add(realm: string | undefined): void {
    if (realm === undefined) return;
    this.seen.delete(realm);
    this.seen.add(realm);
    if (this.seen.size > MAX_REALMS) this.seen.delete(this.seen.values().next().value!);
  }
}
