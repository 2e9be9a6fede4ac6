/**
 * Time, compressed: registrations that expire every 3 s and nonces that
 * expire every second, for 24 refresh cycles, against the friendly server,
 * the other-server profile (realm "asterisk", INVITE challenged with 401, no
 * stale=true) and a server that marks expired nonces stale=true. The account
 * must stay Registered throughout, every refresh must be answered with a new
 * nonce, and a call in at the end must connect.
 *
 * The three soaks run side by side (each with its own Kamailio) to keep the
 * file near 80 seconds.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OTHER_SERVER_PROFILE, type KamailioOptions } from '../support/kamailio';
import { runRegistrationSoak, type SoakResult } from '../support/registration-soak';

const CYCLES = 24;
// Not 2 s: Kamailio keeps bindings on a whole-second clock, so a 2 s binding
// granted late in a second lives barely over 1 s, and the reachability probe
// sent 1 s after registering could truthfully find no binding (404) under load.
const EXPIRES_SEC = 3;
const NONCE_EXPIRE_SEC = 1;

const SERVERS: readonly { name: string; server: KamailioOptions; isStale: boolean }[] = [
  { name: 'the friendly server (realm = domain, 407 for INVITE), no stale=true', server: { nonceExpireSec: NONCE_EXPIRE_SEC }, isStale: false },
  { name: 'the other-server profile (realm "asterisk", 401 for INVITE), no stale=true', server: { ...OTHER_SERVER_PROFILE, nonceExpireSec: NONCE_EXPIRE_SEC }, isStale: false },
  { name: 'a server that re-challenges expired nonces with stale=true', server: { nonceExpireSec: NONCE_EXPIRE_SEC, staleOnExpiredNonce: true }, isStale: true },
];

describe('registration soak: short expiry, short nonce lifetime', { concurrency: SERVERS.length }, () => {
  for (const { name, server, isStale } of SERVERS) {
    test(`${CYCLES} refresh cycles, each with a new nonce, Registered throughout, and a call in connects: ${name}`, async (t) => {
      const result = await runRegistrationSoak({ server, expiresSec: EXPIRES_SEC, cycles: CYCLES });
      try {
        assertSoak(result, isStale);
      } catch (error) {
        t.diagnostic(`soak: ${JSON.stringify({ ...result, wire: undefined })}`);
        for (const line of result.wire) t.diagnostic(line);
        throw error;
      }
    });
  }
});

function assertSoak(result: SoakResult, isStale: boolean): void {
  const kinds = result.changesAfterRegistered.map((change) => `${change.status.kind}${'reason' in change.status ? `(${change.status.reason})` : ''}`);
  assert.deepEqual(kinds, [], 'after the first registration the account never left Registered');
  assert.ok(result.refreshCycles >= CYCLES, `${result.refreshCycles} refresh cycles (of ${CYCLES}) in ${result.durationMs} ms`);
  // The first registration's nonce, then a new one for at least CYCLES refreshes.
  assert.ok(result.distinctNonces > CYCLES, `${result.distinctNonces} distinct nonces in ${result.challenges} challenges`);
  if (isStale) assert.ok(result.staleChallenges >= CYCLES, `${result.staleChallenges} challenges with stale=true`);
  else assert.equal(result.staleChallenges, 0, 'this server never sends stale=true');
  assert.equal(result.registeredFraction, 1);
  assert.equal(result.callInStatus, 200, 'the call in at the end was answered');
}
