/** Audio settings as main stores them: defaults for old files, changes that forget a device. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AUDIO_SETTINGS_DEFAULTS, applyAudioSettingsChange } from '../../../app/audio-settings';
import { SettingsChangeSchema, SettingsSchema } from '../../../app/settings';

test('a settings file from before audio settings keeps its values and gets audio defaults', () => {
  const old = SettingsSchema.parse({ doNotDisturb: true, closeToTray: false });
  assert.equal(old.doNotDisturb, true);
  assert.equal(old.closeToTray, false);
  assert.deepEqual(old.audio, { ringOnAllOutputs: false, ringtone: 'classic', ringtoneVolume: 0.8 });
});

test('a damaged audio section falls back to defaults without losing the other settings', () => {
  const parsed = SettingsSchema.parse({ doNotDisturb: true, audio: { ringtoneVolume: 7, ringtone: 'kazoo' } });
  assert.equal(parsed.doNotDisturb, true);
  assert.deepEqual(parsed.audio, AUDIO_SETTINGS_DEFAULTS);
});

test('a change sets a device by label, and null forgets it (back to the system default)', () => {
  const chosen = applyAudioSettingsChange(AUDIO_SETTINGS_DEFAULTS, { speakerLabel: 'Jabra Evolve 40', ringtoneVolume: 0.5 });
  assert.equal(chosen.speakerLabel, 'Jabra Evolve 40');
  assert.equal(chosen.ringtoneVolume, 0.5);
  const forgotten = applyAudioSettingsChange(chosen, { speakerLabel: null });
  assert.equal('speakerLabel' in forgotten, false);
  assert.equal(forgotten.ringtoneVolume, 0.5, 'other audio settings are kept');
});

test('bad audio changes are refused at the door', () => {
  assert.equal(SettingsChangeSchema.safeParse({ audio: { ringtoneVolume: 2 } }).success, false);
  assert.equal(SettingsChangeSchema.safeParse({ audio: { ringtone: 'kazoo' } }).success, false);
  assert.equal(SettingsChangeSchema.safeParse({ audio: { speakerLabel: '' } }).success, false);
  assert.equal(SettingsChangeSchema.safeParse({ audio: { sinkId: 'x' } }).success, false);
  assert.equal(SettingsChangeSchema.safeParse({ audio: { speakerLabel: null, ringOnAllOutputs: true } }).success, true);
});
