/**
 * Call recording between two real softphones through Kamailio, each fake
 * microphone playing its own tone: the file on disk holds both parties'
 * tones (checked by frequency), history links and plays it, and "record
 * every call" records without a click.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CallRecord } from '../../app/call-history';
import { ALICE_TONE_HZ, BOB_TONE_HZ, startRegisteredPair, type RegisteredPair } from '../support/registered-pair';
import { recordedTones } from '../support/recorded-tones';
import type { SoftphoneUnderTest } from '../support/softphone-under-test';
import { callPanel, dial, incomingPanel } from '../support/ui-actions';
import { waitFor } from '../support/wait-for';

/** A tone counts as recorded when it is this many times stronger than any frequency nobody played. */
const RECORDED_RATIO = 20;

function recordedCall(softphone: SoftphoneUnderTest, callsBefore: number): Promise<CallRecord & { recording: NonNullable<CallRecord['recording']> }> {
  return waitFor(`${softphone.name}'s history to link a recording`, () => {
    const history = softphone.phone.core.snapshot.history;
    const latest = history.length > callsBefore ? history.at(-1) : undefined;
    return latest?.recording ? { ...latest, recording: latest.recording } : undefined;
  }, 15_000);
}

function assertHoldsBothTones(path: string, seconds: number): void {
  const heard = recordedTones(path, [ALICE_TONE_HZ, BOB_TONE_HZ]);
  assert.ok(heard.durationSec >= seconds, `the recording lasts ${heard.durationSec} s, expected at least ${seconds} s`);
  assert.ok(heard.ratios[ALICE_TONE_HZ]! >= RECORDED_RATIO, `alice's ${ALICE_TONE_HZ} Hz is in the recording (ratio ${heard.ratios[ALICE_TONE_HZ]})`);
  assert.ok(heard.ratios[BOB_TONE_HZ]! >= RECORDED_RATIO, `bob's ${BOB_TONE_HZ} Hz is in the recording (ratio ${heard.ratios[BOB_TONE_HZ]})`);
}

describe('call recording', () => {
  let pair: RegisteredPair;
  let alice: SoftphoneUnderTest;
  let bob: SoftphoneUnderTest;

  before(async () => {
    pair = await startRegisteredPair();
    ({ alice, bob } = pair);
  });

  after(async () => {
    await pair?.close();
  });

  test('alice records a call from the call panel: the file holds both tones, and history links and plays it', async () => {
    const callsBefore = alice.phone.core.snapshot.history.length;
    await pair.connectCall();
    const panel = callPanel(alice.page);
    assert.equal(await panel.getByRole('status').filter({ hasText: 'Recording' }).count(), 0, 'nothing records until asked');

    await panel.getByRole('button', { name: 'Record', exact: true }).click();
    await panel.getByRole('status').filter({ hasText: /^Recording$/ }).waitFor();
    await panel.getByRole('button', { name: 'Stop recording' }).waitFor();
    // The elapsed time runs next to the words.
    await panel.locator('.call-recording .call-timer').filter({ hasText: /^00:0[3-9]$/ }).waitFor({ timeout: 15_000 });
    await alice.screenshot('recording-in-call');
    await panel.getByRole('button', { name: 'Stop recording' }).click();
    await panel.getByRole('button', { name: 'Record', exact: true }).waitFor();
    await panel.getByRole('button', { name: 'Hang up' }).click();
    await callPanel(alice.page).waitFor({ state: 'detached', timeout: 10_000 });

    const call = await recordedCall(alice, callsBefore);
    const folder = join(alice.phone.profileDir, 'recordings');
    assert.equal(dirname(call.recording.path), folder, 'the browser version records into the profile folder');
    assert.match(call.recording.path, /\.wav$/);
    assert.ok(existsSync(call.recording.path));
    assert.equal(call.recording.isComplete, true);
    assert.deepEqual(readdirSync(folder).filter((name) => name.includes('.partial.')), [], 'no partial file is left behind');
    assertHoldsBothTones(call.recording.path, 2.5);

    // History: the entry offers the recording, plays it inline, and says where the file is.
    await alice.page.getByRole('button', { name: /^History/ }).click();
    // The newest call is the first row.
    const row = alice.page.locator('.history-row').first();
    await row.getByText(`Saved as ${call.recording.path}`, { exact: false }).waitFor();
    assert.equal(await row.getByRole('button', { name: 'Show in folder' }).count(), 0, 'the browser version cannot show the folder');
    await row.getByRole('button', { name: 'Play recording' }).click();
    await row.getByRole('button', { name: 'Play recording' }).waitFor({ state: 'detached' });
    const duration = await row.locator('audio').evaluate(async (element: HTMLAudioElement) => {
      if (Number.isNaN(element.duration) || element.readyState < 1) await new Promise((resolve) => element.addEventListener('loadedmetadata', resolve, { once: true }));
      return element.duration;
    });
    assert.ok(Math.abs(duration - call.recording.durationMs / 1000) < 0.5, `the player loaded the whole file (${duration} s of ${call.recording.durationMs} ms)`);
    await alice.page.getByRole('button', { name: 'Dial' }).click();
  });

  test('"Record every call" records bob\'s next call from the moment it connects, without a click', async () => {
    const callsBefore = bob.phone.core.snapshot.history.length;
    await bob.page.getByRole('button', { name: 'Settings' }).click();
    const everyCall = bob.page.getByRole('switch', { name: 'Record every call' });
    assert.equal(await everyCall.isChecked(), false, 'off by default');
    await bob.page.getByText('The browser version saves recordings in', { exact: false }).waitFor();
    await everyCall.check();
    await waitFor('the setting to reach main', () => bob.phone.core.snapshot.settings.recordEveryCall);
    await bob.page.getByRole('button', { name: 'Dial' }).click();

    await dial(alice.page, 'bob');
    await incomingPanel(bob.page).getByRole('button', { name: 'Answer' }).click();
    const panel = callPanel(bob.page);
    await panel.getByRole('status').filter({ hasText: /^Recording$/ }).waitFor();
    await panel.locator('.call-recording .call-timer').filter({ hasText: /^00:0[3-9]$/ }).waitFor({ timeout: 15_000 });
    // Hanging up stops the recording by itself.
    await callPanel(alice.page).getByRole('button', { name: 'Hang up' }).click();
    await callPanel(bob.page).waitFor({ state: 'detached', timeout: 10_000 });

    const call = await recordedCall(bob, callsBefore);
    assert.equal(call.recording.isComplete, true);
    assertHoldsBothTones(call.recording.path, 2.5);
    assert.equal(alice.phone.core.snapshot.history.at(-1)?.recording, undefined, 'alice did not record this call');
  });
});
