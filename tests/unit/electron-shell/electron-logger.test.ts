/** The app's electron-log setup writes the profile's log file, redacted, uncaught errors included. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createElectronLogger } from '../../../main/electron/electron-logger';
import { logFolderOf } from '../../../main/core/logger';
import { waitFor } from '../../support/wait-for';

test('lines reach <profile>/logs/main.log without the secrets in them', async () => {
  const folder = logFolderOf(mkdtempSync(join(tmpdir(), 'softphone-electron-log-')));
  const log = createElectronLogger(folder, 'main');
  const ha1 = '0f3c5b1e9d2a4c6b8e7f1a2b3c4d5e6f';
  log.info(`attached ${JSON.stringify({ authorizationUsername: 'alice', authorizationHa1: ha1 })}`);
  log.error('Authorization: Digest username="alice", response="6629fae49393a05397450978507c4ef1"');
  const text = await waitFor('both lines in the file', () => {
    try {
      const content = readFileSync(join(folder, 'main.log'), 'utf8');
      return content.includes('Authorization') ? content : undefined;
    } catch {
      return undefined;
    }
  });
  assert.match(text, /\(main\)\s*attached/);
  assert.match(text, /"authorizationUsername":"alice"/);
  assert.ok(!text.includes(ha1) && !text.includes('6629fae4'), `a secret reached the file:\n${text}`);
});
