/**
 * A throw-away certificate authority and a server certificate it signed,
 * made with the openssl command line for a test's TLS server. The CA is in
 * no system store, so a client that checks against the system's CAs must
 * refuse the server until told to trust this very certificate.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificates {
  readonly certificatePath: string;
  readonly keyPath: string;
  /** SHA-256 fingerprint of the server certificate, `AB:CD:…` as Node prints it. */
  readonly fingerprint256: string;
  remove(): void;
}

/** A CA and a server certificate for `names` (DNS names; 127.0.0.1 is always added as an IP). */
export function makeTestCertificates(names: readonly string[]): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'softphone-certs-'));
  const path = (name: string): string => join(dir, name);
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { stdio: 'ignore' });
  };
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=Softphone Test CA', '-keyout', path('ca.key'), '-out', path('ca.pem'));
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${names[0] ?? 'localhost'}`, '-keyout', path('server.key'), '-out', path('server.csr'));
  writeFileSync(path('ext.cnf'), `subjectAltName=${[...names.map((name) => `DNS:${name}`), 'IP:127.0.0.1'].join(',')}\n`);
  openssl('x509', '-req', '-in', path('server.csr'), '-CA', path('ca.pem'), '-CAkey', path('ca.key'), '-CAcreateserial', '-days', '2', '-extfile', path('ext.cnf'), '-out', path('server.pem'));
  return {
    certificatePath: path('server.pem'),
    keyPath: path('server.key'),
    fingerprint256: new X509Certificate(readFileSync(path('server.pem'))).fingerprint256,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
