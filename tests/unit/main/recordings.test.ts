/**
 * Recording through main's contract door, as a window would drive it: what
 * main accepts, where the file lands, who may write to it, and how the file
 * ends up linked to the call's history entry.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import type { CallRecording } from '../../../app/recording';
import { floatToPcm16 } from '../../../app/recording';
import { startTestCore, type TestCore } from '../../support/core-fixture';
import { wavSizes } from '../../support/recorded-tones';

const ONE_SECOND = Buffer.from(floatToPcm16(new Float32Array(16_000).fill(0.25))).toString('base64');

async function phoneWithAccount(options: Parameters<typeof startTestCore>[0] = {}) {
  const phone = startTestCore(options);
  const accountId = await phone.addAccount({ sipAddress: 'alice@127.0.0.1', password: 'secret', serverUrl: 'ws://127.0.0.1:9', enabled: false });
  return { phone, accountId };
}

function startRequest(accountId: string, callId = 'call-1') {
  return { callId, accountId, remoteUri: 'sip:bob/../../etc@127.0.0.1', sampleRate: 16_000 };
}

function callRecord(accountId: string, id = 'call-1') {
  return { id, accountId, direction: 'outgoing', remoteUri: 'sip:bob@127.0.0.1', startedAt: 1, answeredAt: 2, endedAt: 3 };
}

async function startedRecording(phone: TestCore, accountId: string, callId = 'call-1'): Promise<string> {
  const started = await phone.invoke<{ recordingId: string }>('recordings:start', startRequest(accountId, callId));
  assert.ok(started.ok, JSON.stringify(started));
  return started.value.recordingId;
}

test('a recording lands in the profile folder under a name main chose, and links to history whichever comes first', async () => {
  const { phone, accountId } = await phoneWithAccount();
  try {
    assert.deepEqual(phone.core.snapshot.recording, { path: join(phone.profileDir, 'recordings'), canChoose: false, canShowFile: false });
    // Stop first, then the history entry.
    const first = await startedRecording(phone, accountId, 'call-1');
    assert.ok((await phone.invoke('recordings:append', { recordingId: first, pcm: ONE_SECOND })).ok);
    const stopped = await phone.invoke<CallRecording>('recordings:stop', { recordingId: first });
    assert.ok(stopped.ok);
    assert.equal(dirname(stopped.value.path), join(phone.profileDir, 'recordings'), 'a "../" in the address never leaves the folder');
    assert.match(stopped.value.path, /_bobetc_[0-9a-f]{6}\.wav$/);
    assert.deepEqual({ durationMs: stopped.value.durationMs, isComplete: stopped.value.isComplete }, { durationMs: 1_000, isComplete: true });
    assert.ok((await phone.invoke('history:record', callRecord(accountId, 'call-1'))).ok);
    assert.deepEqual(phone.core.snapshot.history.at(-1)?.recording, stopped.value);

    // The history entry first, then stop.
    const second = await startedRecording(phone, accountId, 'call-2');
    assert.ok((await phone.invoke('history:record', callRecord(accountId, 'call-2'))).ok);
    assert.equal(phone.core.snapshot.history.at(-1)?.recording, undefined);
    assert.ok((await phone.invoke('recordings:stop', { recordingId: second })).ok);
    assert.equal(phone.core.snapshot.history.at(-1)?.recording?.durationMs, 0);

    // A later report of the same call (a reload re-reporting it) keeps the link.
    assert.ok((await phone.invoke('history:record', callRecord(accountId, 'call-1'))).ok);
    assert.equal(phone.core.snapshot.history.find((record) => record.id === 'call-1')?.recording?.path, stopped.value.path);

    // Played back in slices that add up to the file.
    const read = await phone.invoke<{ data: string; totalBytes: number; nextOffset: number | null }>('recordings:read', { callId: 'call-1', offset: 0 });
    assert.ok(read.ok);
    assert.deepEqual(Buffer.from(read.value.data, 'base64'), readFileSync(stopped.value.path));
    assert.equal(read.value.nextOffset, null);
  } finally {
    await phone.stop();
  }
});

test('a window cannot name a file: a recording in its history report is dropped, and reading it finds none', async () => {
  const { phone, accountId } = await phoneWithAccount();
  try {
    const forged = { ...callRecord(accountId, 'forged'), recording: { path: '/etc/passwd', durationMs: 1, isComplete: true } };
    assert.ok((await phone.invoke('history:record', forged)).ok);
    assert.equal(phone.core.snapshot.history.at(-1)?.recording, undefined);
    const read = await phone.invoke('recordings:read', { callId: 'forged', offset: 0 });
    assert.equal(read.ok ? 'read' : read.error.code, 'recording-not-linked');
    // Nor can it choose the folder through a settings change.
    const change = await phone.invoke('settings:update', { recordingFolder: '/etc' });
    assert.equal(change.ok ? 'changed' : change.error.code, 'invalid-request');
  } finally {
    await phone.stop();
  }
});

test('malformed requests are refused at the door', async () => {
  const { phone, accountId } = await phoneWithAccount();
  try {
    const recordingId = await startedRecording(phone, accountId);
    const refused: [string, unknown][] = [
      ['recordings:start', { ...startRequest(accountId), sampleRate: 1_000 }],
      ['recordings:start', { ...startRequest(accountId), path: '/tmp/x.wav' }],
      ['recordings:start', { ...startRequest(accountId), accountId: '../x' }],
      ['recordings:append', { recordingId, pcm: 'not base64!' }],
      ['recordings:append', { recordingId, pcm: 'A'.repeat(700_000) }],
      ['recordings:append', { recordingId: '../../x', pcm: ONE_SECOND }],
      ['recordings:append', { recordingId, pcm: ONE_SECOND, offset: 0 }],
      ['recordings:stop', { recordingId: 42 }],
      ['recordings:read', { callId: 'call-1', offset: -1 }],
      ['recordings:show', {}],
    ];
    for (const [channel, payload] of refused) {
      const result = await phone.invoke(channel, payload);
      assert.equal(result.ok ? 'accepted' : result.error.code, 'invalid-request', `${channel} ${JSON.stringify(payload).slice(0, 80)}`);
    }
    const unknown = await phone.invoke('recordings:append', { recordingId: 'f00d', pcm: ONE_SECOND });
    assert.equal(unknown.ok ? 'accepted' : unknown.error.code, 'recording-not-found');
  } finally {
    await phone.stop();
  }
});

test('only the window that started a recording writes to it; a window that goes leaves a finished, playable file', async () => {
  const { phone, accountId } = await phoneWithAccount();
  const other = phone.core.connectRenderer(() => undefined);
  try {
    const recordingId = await startedRecording(phone, accountId);
    assert.ok((await phone.invoke('recordings:append', { recordingId, pcm: ONE_SECOND })).ok);
    for (const [channel, payload] of [['recordings:append', { recordingId, pcm: ONE_SECOND }], ['recordings:stop', { recordingId }]] as const) {
      const result = await other.invoke(channel, payload);
      assert.equal(result.ok ? 'accepted' : result.error.code, 'recording-not-found', channel);
    }
    phone.renderer.close();
    const folder = join(phone.profileDir, 'recordings');
    const files = readdirSync(folder);
    assert.equal(files.length, 1);
    assert.match(files[0]!, /\.wav$/);
    assert.doesNotMatch(files[0]!, /partial/);
    assert.equal(wavSizes(join(folder, files[0]!)).dataBytes, 32_000, 'the other window\'s chunk was not written');
  } finally {
    other.close();
    await phone.stop();
  }
});

test('a chosen folder that is gone is said so, and is never created again in its place', async () => {
  const chosenParent = mkdtempSync(join(tmpdir(), 'chosen-'));
  const chosen = join(chosenParent, 'recordings here');
  mkdirSync(chosen, { recursive: true });
  const { phone, accountId } = await phoneWithAccount({ recordings: { defaultFolder: join(chosenParent, 'never-used-default'), chooseFolder: async () => chosen } });
  try {
    const choice = await phone.invoke<{ path: string } | null>('recordings:choose-folder');
    assert.deepEqual(choice.ok && choice.value, { path: chosen });
    assert.deepEqual(phone.core.snapshot.recording, { path: chosen, canChoose: true, canShowFile: false });
    const recordingId = await startedRecording(phone, accountId);
    assert.ok((await phone.invoke('recordings:stop', { recordingId })).ok);
    assert.equal(readdirSync(chosen).length, 1);

    rmSync(chosenParent, { recursive: true, force: true });
    const started = await phone.invoke('recordings:start', startRequest(accountId, 'call-2'));
    assert.equal(started.ok ? 'started' : started.error.code, 'recording-folder-missing');
    assert.equal(existsSync(chosen), false);
    assert.equal(existsSync(join(chosenParent, 'never-used-default')), false);
  } finally {
    await phone.stop();
    rmSync(chosenParent, { recursive: true, force: true });
  }
});

test('without a folder picker, choosing a folder is refused in words the UI has', async () => {
  const { phone } = await phoneWithAccount();
  try {
    const choice = await phone.invoke('recordings:choose-folder');
    assert.equal(choice.ok ? 'chosen' : choice.error.code, 'recording-folder-choice-unavailable');
    const show = await phone.invoke('recordings:show', { callId: 'nothing' });
    assert.equal(show.ok ? 'shown' : show.error.code, 'recording-not-linked');
  } finally {
    await phone.stop();
  }
});
