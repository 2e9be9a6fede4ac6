/**
 * Defect 1 of issue 10 against a real Kamailio: nonces that expire before
 * every refresh. Each refresh REGISTER carries the old (expired) nonce and
 * meets a 401 with a fresh one; the account must answer it and stay
 * Registered, with and without `stale=true`.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RegistrationStatus } from '../../app/registration-status';
import { startTestCore } from '../support/core-fixture';
import { startKamailio } from '../support/kamailio';
import { startSipTap } from '../support/sip-tap';
import { waitFor } from '../support/wait-for';

describe('nonce expiry (real Kamailio)', () => {
  for (const staleOnExpiredNonce of [false, true]) {
    test(`refreshes with an expired nonce are answered again and the account stays Registered (stale=${staleOnExpiredNonce})`, async () => {
      const server = await startKamailio({ nonceExpireSec: 1, staleOnExpiredNonce, minExpires: 1, maxExpires: 3 });
      const tap = await startSipTap(server.wsUrl);
      const phone = startTestCore({ tuning: { reachabilityIntervalMs: 600_000 } });
      const kinds: RegistrationStatus['kind'][] = [];
      phone.core.onSnapshot((snapshot) => {
        const kind = snapshot.accounts[0]?.status.kind;
        if (kind && kind !== kinds.at(-1)) kinds.push(kind);
      });
      try {
        const id = await phone.addAccount({ sipAddress: `alice@${server.domain}`, password: server.users.alice!, serverUrl: tap.url });
        await phone.waitForStatus(id, 'registered', 5_000);
        const challengedRefreshes = () =>
          tap.messages.filter((m) => m.direction === 'to-client' && m.text.startsWith('SIP/2.0 401') && /^CSeq:\s*\d+ REGISTER/im.test(m.text)).length - 1;
        await waitFor('four refreshes that met an expired nonce', () => challengedRefreshes() >= 4, 25_000);
        assert.deepEqual(kinds.slice(kinds.indexOf('registered')), ['registered'], `statuses: ${kinds.join(' → ')}`);
      } finally {
        await phone.stop();
        await tap.close();
        await server.stop();
      }
    });
  }
});
