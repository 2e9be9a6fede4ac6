/**
 * Settings → Audio in Debian Chromium with its fake devices ("Fake Audio
 * Input 1/2", "Fake Audio Output 1/2" besides the defaults): the chosen
 * speaker carries the call's audio, choices are remembered by name across a
 * restart (where every deviceId changes), a remembered device that is not
 * plugged in is named and the default used, and the microphone test shows a
 * live level.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { startRegisteredPair, type RegisteredPair } from '../support/registered-pair';
import { assertE2ePrerequisites, SCREENSHOT_DIR, startSoftphone } from '../support/softphone-under-test';
import { callPanel, dial, incomingPanel } from '../support/ui-actions';
import { waitFor } from '../support/wait-for';
import { playedTones, recordPlayedTones, type PlayedTone } from '../support/played-tones';

const SPEAKER = 'Fake Audio Output 2';

async function openAudioSettings(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('heading', { name: 'Audio' }).waitFor();
}

/** The id this page's browser gives the device with this label right now. */
function deviceIdOf(page: Page, kind: MediaDeviceKind, label: string): Promise<string | undefined> {
  return page.evaluate(
    async ([kind, label]) => (await navigator.mediaDevices.enumerateDevices()).find((device) => device.kind === kind && device.label === label)?.deviceId,
    [kind, label] as const,
  );
}

/** One softphone on a profile folder that outlives it, so it can be restarted. */
const startOnProfile = (profileDir: string) => startSoftphone('audio', 700, undefined, { profileDir });

describe('audio settings on one softphone', () => {
  let profileDir: string;
  before(() => {
    assertE2ePrerequisites();
    profileDir = mkdtempSync(join(tmpdir(), 'softphone-audio-'));
  });
  after(() => rmSync(profileDir, { recursive: true, force: true }));

  test('speaker, ringer and ringtone chosen by name survive a restart, though every deviceId changed', async () => {
    const first = await startOnProfile(profileDir);
    let firstSpeakerId: string | undefined;
    try {
      await openAudioSettings(first.page);
      await first.page.getByLabel('Speaker').selectOption({ label: SPEAKER });
      await first.page.getByLabel('Ringer', { exact: true }).selectOption({ label: 'Fake Audio Output 1' });
      await first.page.getByLabel('Ringtone', { exact: true }).selectOption({ label: 'Chime' });
      await waitFor('main to store the choices', () => {
        const audio = first.phone.core.snapshot.settings.audio;
        return audio.speakerLabel === SPEAKER && audio.ringerLabel === 'Fake Audio Output 1' && audio.ringtone === 'chime';
      });
      firstSpeakerId = await deviceIdOf(first.page, 'audiooutput', SPEAKER);
    } finally {
      await first.close();
    }

    const second = await startOnProfile(profileDir);
    try {
      await openAudioSettings(second.page);
      const speaker = second.page.getByLabel('Speaker');
      await waitFor('the remembered speaker to be selected', async () => (await speaker.locator('option:checked').textContent()) === SPEAKER);
      assert.equal(await second.page.getByLabel('Ringer', { exact: true }).locator('option:checked').textContent(), 'Fake Audio Output 1');
      assert.equal(await second.page.getByLabel('Ringtone', { exact: true }).locator('option:checked').textContent(), 'Chime');
      assert.equal(await second.page.getByText(/is not connected/).count(), 0, 'the remembered devices are found again');
      const secondSpeakerId = await deviceIdOf(second.page, 'audiooutput', SPEAKER);
      assert.ok(firstSpeakerId && secondSpeakerId);
      assert.notEqual(secondSpeakerId, firstSpeakerId, 'a new browser profile gives the device a new id: only the label could find it');
    } finally {
      await second.close();
    }
  });

  test('a remembered device that is not plugged in is named, and the system default is used meanwhile', async () => {
    const softphone = await startOnProfile(profileDir);
    try {
      const result = await softphone.phone.invoke('settings:update', { audio: { microphoneLabel: 'Jabra Evolve 40' } });
      assert.ok(result.ok);
      await openAudioSettings(softphone.page);
      await softphone.page.getByText('“Jabra Evolve 40” is not connected. The system default is used until it is plugged in again.').waitFor();
      const microphone = softphone.page.getByLabel('Microphone', { exact: true });
      assert.equal(await microphone.locator('option:checked').textContent(), 'Jabra Evolve 40 (not connected)');
      // Choosing the default forgets it.
      await microphone.selectOption({ label: 'System default' });
      await waitFor('main to forget the microphone', () => softphone.phone.core.snapshot.settings.audio.microphoneLabel === undefined);
      await softphone.page.getByText(/is not connected/).waitFor({ state: 'detached' });
    } finally {
      await softphone.close();
    }
  });

  test('the microphone test shows a live level from the chosen microphone, and the speaker test says where it plays', async () => {
    const softphone = await startOnProfile(profileDir);
    try {
      const { page } = softphone;
      await openAudioSettings(page);
      await page.getByLabel('Microphone', { exact: true }).selectOption({ label: 'Fake Audio Input 2' });
      await page.getByRole('button', { name: 'Test microphone' }).click();
      const meter = page.getByRole('meter', { name: 'Microphone level' });
      // The fake microphone plays a steady tone: the meter must rise well above silence.
      await waitFor('the level meter to show sound', async () => Number(await meter.evaluate((element: HTMLMeterElement) => element.value)) > 0.2);
      await page.getByRole('button', { name: 'Stop microphone test' }).click();
      await waitFor('the meter to drop back', async () => Number(await meter.evaluate((element: HTMLMeterElement) => element.value)) === 0);

      await page.getByLabel('Speaker').selectOption({ label: SPEAKER });
      await page.getByRole('button', { name: 'Test speaker' }).click();
      await page.getByRole('status').filter({ hasText: `Playing a test tone on ${SPEAKER}.` }).waitFor();
      await page.getByRole('button', { name: 'Preview ringtone' }).click();
      await page.getByRole('status').filter({ hasText: 'Playing the ringtone once.' }).waitFor();

      await page.locator('.audio-settings').screenshot({ path: join(SCREENSHOT_DIR, 'settings-audio.png') });
      const { violations } = await new AxeBuilder({ page }).include('.audio-settings').analyze();
      assert.deepEqual(violations.map((violation) => `${violation.id}: ${violation.help}`), [], 'Settings → Audio has no accessibility violations');
    } finally {
      await softphone.close();
    }
  });
});

describe('the chosen speaker carries the call', () => {
  let pair: RegisteredPair;
  before(async () => {
    pair = await startRegisteredPair();
  });
  after(async () => pair?.close());

  test("the remote audio plays on the speaker chosen in Settings → Audio, by that device's current id", async () => {
    const { bob } = pair;
    await openAudioSettings(bob.page);
    await bob.page.getByLabel('Speaker').selectOption({ label: SPEAKER });
    await waitFor('main to store the speaker', () => bob.phone.core.snapshot.settings.audio.speakerLabel === SPEAKER);
    await pair.connectCall();
    const expectedId = await deviceIdOf(bob.page, 'audiooutput', SPEAKER);
    assert.ok(expectedId && expectedId !== 'default');
    await waitFor('the call audio to be routed to the chosen speaker', async () =>
      (await bob.page.locator('audio.remote-audio').evaluate((element: HTMLAudioElement) => element.sinkId)) === expectedId,
    );

    // Choosing another speaker mid-call moves the call's audio at once.
    await openAudioSettings(bob.page);
    await bob.page.getByLabel('Speaker').selectOption({ label: 'System default' });
    await waitFor('the call audio to return to the default output', async () =>
      (await bob.page.locator('audio.remote-audio').evaluate((element: HTMLAudioElement) => element.sinkId)) === '',
    );
    await callPanel(bob.page).getByRole('button', { name: 'Hang up' }).click();
    await callPanel(bob.page).waitFor({ state: 'detached', timeout: 10_000 });
  });

  test('the chosen ringtone rings on every output when "Ring on all outputs" is on', async () => {
    const { alice, bob } = pair;
    await openAudioSettings(bob.page);
    await bob.page.getByLabel('Ringtone', { exact: true }).selectOption({ label: 'Chime' });
    await bob.page.getByRole('switch', { name: 'Ring on all outputs' }).check();
    await waitFor('main to store the ringtone choice', () => {
      const audio = bob.phone.core.snapshot.settings.audio;
      return audio.ringtone === 'chime' && audio.ringOnAllOutputs;
    });
    await recordPlayedTones(bob.page);
    const outputIds = await Promise.all(['Fake Audio Output 1', SPEAKER].map((label) => deviceIdOf(bob.page, 'audiooutput', label)));
    await dial(alice.page, 'bob');
    await incomingPanel(bob.page).waitFor();
    const chimeFirstNoteOn = (played: PlayedTone[]) => outputIds.every((id) => played.some((tone) => tone.sinkId === id && tone.hz === 659));
    await waitFor('the chime to ring on both outputs', async () => chimeFirstNoteOn(await playedTones(bob.page)));
    await incomingPanel(bob.page).getByRole('button', { name: 'Decline' }).click();
    await callPanel(alice.page).getByText('Busy').waitFor();
    await callPanel(alice.page).getByRole('button', { name: 'Close' }).click();
  });
});
