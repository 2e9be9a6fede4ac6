/**
 * Accounts over SIP's own transports, added in the real UI against a real
 * Kamailio: a UDP account through its proxy registers, and a TLS server
 * whose certificate no system CA vouches for is refused until the user
 * trusts that certificate from the form.
 */
import { after, before, describe, test } from 'node:test';
import { startKamailio, type KamailioServer } from '../support/kamailio';
import { assertE2ePrerequisites, startSoftphone, type SoftphoneUnderTest } from '../support/softphone-under-test';
import { makeTestCertificates, type TestCertificates } from '../support/test-certificates';
import { expectAccountStatus } from '../support/ui-actions';

describe('UDP and TLS accounts in the UI', () => {
  let kamailio: KamailioServer;
  let certificates: TestCertificates;
  let dave: SoftphoneUnderTest;

  before(async () => {
    assertE2ePrerequisites();
    certificates = makeTestCertificates(['sip.softphone.test']);
    kamailio = await startKamailio({ tls: { certificatePath: certificates.certificatePath, keyPath: certificates.keyPath } });
    dave = await startSoftphone('dave', 800, { width: 720, height: 720 });
  });
  after(async () => {
    await dave?.close();
    await kamailio?.stop();
    certificates?.remove();
  });

  async function addPlainAccount(name: string, user: string, transport: string, proxy: string): Promise<void> {
    const { page } = dave;
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Add account' }).first().click();
    await page.getByLabel('Display name').fill(name);
    await page.getByLabel('SIP address').fill(`${user}@${kamailio.domain}`);
    await page.getByLabel('Password').fill(kamailio.users[user]!);
    await page.getByLabel('Transport').selectOption(transport);
    await page.getByLabel('Registrar / outbound proxy (optional)').fill(proxy);
    await page.getByRole('button', { name: 'Save' }).click();
  }

  test('a UDP account with a proxy host:port registers', async () => {
    await addPlainAccount('Dave UDP', 'dave', 'udp', `127.0.0.1:${kamailio.udpPort}`);
    await expectAccountStatus(dave.page, 'Dave UDP', 'Registered');
  });

  test('a TLS certificate no system CA vouches for is refused in words; trusting it in the form registers', async () => {
    const { page } = dave;
    await addPlainAccount('Carol TLS', 'carol', 'tls', `127.0.0.1:${kamailio.tlsPort}`);
    await expectAccountStatus(page, 'Carol TLS', 'TLS error');
    await page.getByRole('listitem', { name: /Carol TLS/ }).getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('button', { name: 'Trust this certificate for this account' }).click();
    await page.getByLabel('Trusted server certificate (SHA-256)').and(page.locator(`[value="${certificates.fingerprint256}"]`)).waitFor();
    await dave.screenshot('40-trust-tls-certificate');
    await page.getByRole('button', { name: 'Save' }).click();
    await expectAccountStatus(page, 'Carol TLS', 'Registered');
  });
});
