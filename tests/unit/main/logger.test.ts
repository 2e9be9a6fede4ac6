/** No secret reaches a log line or the profile's log file, and the file stays bounded. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createProfileLogger, LOG_FILE_MAX_BYTES, logFolderOf, redact } from '../../../main/core/logger';
import { plainTextVault } from '../../../main/core/credential-vault';

const HA1 = '0f3c5b1e9d2a4c6b8e7f1a2b3c4d5e6f';
const RESPONSE = '6629fae49393a05397450978507c4ef1';
const TURN_PASSWORD = 'turn-pw-93kq';

/** A REGISTER and an INVITE as they cross the wire, with their digest credentials. */
const SIP_WITH_CREDENTIALS = [
  'REGISTER sip:example.com SIP/2.0',
  'Via: SIP/2.0/WSS main.invalid;branch=z9hG4bK1',
  `Authorization: Digest username="alice", realm="asterisk", nonce="Z1x2", uri="sip:example.com", response="${RESPONSE}", algorithm=MD5, cnonce="c0ffee", qop=auth, nc=00000001`,
  'Content-Length: 0',
  '',
  'INVITE sip:bob@example.com SIP/2.0',
  `Proxy-Authorization: Digest username="alice", realm="sip.example.com", nonce="n2", uri="sip:bob@example.com", response="${RESPONSE.split('').reverse().join('')}"`,
  '',
].join('\r\n');

test('secrets never reach a log line', () => {
  const line = redact(`Authorization: Digest username="alice", nonce="abc", response="${RESPONSE}" password=hunter2 ha1: 0123abcd wss://user:pw@host/ws`);
  assert.doesNotMatch(line, /6629fae4|hunter2|0123abcd|user:pw/);
  assert.match(line, /username="alice"|Authorization: …/);
});

test('SIP messages lose their Authorization and Proxy-Authorization values, raw or JSON-escaped, and keep the rest', () => {
  for (const message of [SIP_WITH_CREDENTIALS, JSON.stringify({ message: SIP_WITH_CREDENTIALS })]) {
    const line = redact(`sent ${message}`);
    assert.doesNotMatch(line, new RegExp(`${RESPONSE}|${RESPONSE.slice(-8)}|c0ffee|Z1x2|realm="asterisk"`));
    assert.doesNotMatch(line, /uri="sip:bob@example.com"/, 'the whole credentials are gone');
    assert.match(line, /REGISTER sip:example\.com SIP\/2\.0/);
    assert.match(line, /Content-Length: 0/);
  }
});

test('HA1, passwords, TURN credentials and sealed secrets are scrubbed wherever a payload is logged', () => {
  const callAgentConfig = JSON.stringify({ accountId: 'a1', aor: 'sip:alice@example.com', authorizationUsername: 'alice', authorizationHa1: HA1 });
  const settingsChange = JSON.stringify({ iceServers: [{ url: 'turn:turn.example.com:3478', username: 'u', credential: TURN_PASSWORD }] });
  const rtcConfig = `iceServers=${JSON.stringify([{ urls: 'turn:turn.example.com', username: 'u', credential: TURN_PASSWORD }])}`;
  const account = JSON.stringify({ id: 'a1', sealedPassword: plainTextVault.seal('hunter22'), password: 'hunter22' });
  const turnUrl = `turn:u:${TURN_PASSWORD}@turn.example.com`;
  const line = redact([callAgentConfig, settingsChange, rtcConfig, account, turnUrl, `stored ${plainTextVault.seal(TURN_PASSWORD)}`].join(' | '));
  for (const secret of [HA1, TURN_PASSWORD, 'hunter22', plainTextVault.seal('hunter22').slice('plain:'.length), plainTextVault.seal(TURN_PASSWORD).slice('plain:'.length)]) {
    assert.ok(!line.includes(secret), `${secret} leaked: ${line}`);
  }
  assert.match(line, /"authorizationUsername":"alice"/, 'what is not secret stays readable');
});

test('the profile logger writes the log file in the profile, redacted, and rotates it at the size limit', () => {
  const profileDir = mkdtempSync(join(tmpdir(), 'softphone-log-'));
  const log = createProfileLogger('core', profileDir);
  const stderrWrite = process.stderr.write;
  process.stderr.write = () => true;
  try {
    log.info(`attached ${JSON.stringify({ authorizationHa1: HA1 })}`);
    log.warn(`received ${SIP_WITH_CREDENTIALS}`);
    const file = join(logFolderOf(profileDir), 'main.log');
    const text = readFileSync(file, 'utf8');
    assert.match(text, /info \[core\] attached/);
    assert.match(text, /warn \[core\] received REGISTER/);
    assert.ok(!text.includes(HA1) && !text.includes(RESPONSE), 'no secret in the file');
    assert.equal(statSync(file).mode & 0o777, 0o600, 'only the user reads it');

    const filler = 'x'.repeat(1000);
    for (let written = 0; written < LOG_FILE_MAX_BYTES * 2.5; written += filler.length) log.info(filler);
    assert.deepEqual(readdirSync(logFolderOf(profileDir)).sort(), ['main.log', 'main.old.log'], 'one current file and one older');
    assert.ok(statSync(file).size <= LOG_FILE_MAX_BYTES);
    assert.ok(statSync(join(logFolderOf(profileDir), 'main.old.log')).size <= LOG_FILE_MAX_BYTES);
    log.error('after rotation');
    assert.match(readFileSync(file, 'utf8'), /error \[core\] after rotation/);
  } finally {
    process.stderr.write = stderrWrite;
  }
});

test('a log folder that cannot be written drops lines instead of throwing', () => {
  const profileDir = join(mkdtempSync(join(tmpdir(), 'softphone-log-')), 'missing', '\0bad');
  const log = createProfileLogger('core', profileDir);
  const stderrWrite = process.stderr.write;
  process.stderr.write = () => true;
  try {
    assert.doesNotThrow(() => log.error('still running'));
  } finally {
    process.stderr.write = stderrWrite;
  }
  assert.equal(existsSync(profileDir), false);
});
