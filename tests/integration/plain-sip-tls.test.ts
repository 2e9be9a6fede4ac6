/**
 * SIP over TLS against a real Kamailio whose certificate comes from a CA
 * the system does not trust: refused with words saying why, until the user
 * trusts that one certificate for the account.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { statusDetailWords } from '../../app/status-words';
import { i18n, initI18n, type Translate } from '../../renderer/i18n/i18n';
import { startTestCore } from '../support/core-fixture';
import { startKamailio, type KamailioServer } from '../support/kamailio';
import { makeTestCertificates, type TestCertificates } from '../support/test-certificates';

describe('registration over TLS through a real Kamailio', () => {
  let kamailio: KamailioServer;
  let certificates: TestCertificates;

  let englishT: Translate;

  before(async () => {
    initI18n('en');
    const fixed = i18n.getFixedT('en');
    englishT = (key, options) => String(fixed(key, options ?? {}));
    certificates = makeTestCertificates(['sip.softphone.test']);
    kamailio = await startKamailio({ tls: { certificatePath: certificates.certificatePath, keyPath: certificates.keyPath } });
  });
  after(async () => {
    await kamailio?.stop();
    certificates?.remove();
  });

  test('a certificate no system CA vouches for is refused in words with its fingerprint; trusting that one registers', async () => {
    const phone = startTestCore();
    try {
      const input = { sipAddress: `alice@${kamailio.domain}`, password: kamailio.users.alice!, serverUrl: `127.0.0.1:${kamailio.tlsPort}`, transport: 'tls' as const };
      const id = await phone.addAccount(input);
      const failed = await phone.waitForStatus(id, 'failed');
      assert.equal(failed.status.kind === 'failed' && failed.status.reason, 'tls-error');
      const detail = failed.status.kind === 'failed' ? failed.status.detail : undefined;
      assert.equal(detail?.code, 'tls-untrusted');
      const words = statusDetailWords(englishT, detail!);
      assert.match(words, /not trusted/);
      assert.ok(words.includes(certificates.fingerprint256), words);

      const trusted = await phone.invoke('accounts:update', { id, input: { ...input, displayName: '', authUser: '', enabled: true, password: '', trustedCertificateSha256: certificates.fingerprint256 } });
      assert.ok(trusted.ok, JSON.stringify(trusted));
      await phone.waitForStatus(id, 'registered');
    } finally {
      await phone.stop();
    }
  });

  test('a trusted fingerprint that is not the server\'s certificate is still refused', async () => {
    const phone = startTestCore();
    try {
      const other = makeTestCertificates(['other.test']);
      other.remove();
      const id = await phone.addAccount({
        sipAddress: `alice@${kamailio.domain}`,
        password: kamailio.users.alice!,
        serverUrl: `127.0.0.1:${kamailio.tlsPort}`,
        transport: 'tls',
        trustedCertificateSha256: other.fingerprint256,
      });
      const failed = await phone.waitForStatus(id, 'failed');
      assert.equal(failed.status.kind === 'failed' && failed.status.detail?.code, 'tls-untrusted');
    } finally {
      await phone.stop();
    }
  });
});
