/**
 * The digest realms an account's server has challenged with, read from every
 * 401/407 on the account's connection (to main's requests or the renderer's).
 *
 * @remarks
 * The renderer's call agent gets only the HA1, which depends on the realm; a
 * server's realm often differs from its SIP domain (Asterisk's default is
 * `asterisk`). The realm of main's REGISTER challenge is the one the
 * renderer's HA1 is computed with; any realm seen may be asked for.
 */
import type { ParsedResponse } from './sip-message';

export class ChallengeRealms {
  private readonly seen = new Set<string>();
  private registrationRealm: string | undefined;

  /** `mainViaHost`: Via host of main's agent, which marks answers to its REGISTERs. */
  constructor(private readonly mainViaHost: string) {}

  /** The realm main's REGISTER was last challenged with, if it has been. */
  get ofRegistration(): string | undefined {
    return this.registrationRealm;
  }

  has(realm: string): boolean {
    return this.seen.has(realm);
  }

  /** Notes the realm of a 401/407; other responses are ignored. */
  note(response: ParsedResponse): void {
    if (response.statusCode !== 401 && response.statusCode !== 407) return;
    const challenge = response.getHeader(response.statusCode === 401 ? 'www-authenticate' : 'proxy-authenticate');
    const realm = challenge ? /realm\s*=\s*"([^"]*)"/i.exec(challenge)?.[1] : undefined;
    if (realm === undefined) return;
    this.seen.add(realm);
    if (response.method === 'REGISTER' && response.via?.host === this.mainViaHost) this.registrationRealm = realm;
  }
}
