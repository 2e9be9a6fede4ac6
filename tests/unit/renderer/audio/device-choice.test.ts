/** Choosing devices by remembered label: exact choice, fallback while missing, re-selection on hot-plug. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deviceIdOf, resolveDeviceChoice, ringerSinkIds, selectableDevices, type AudioDeviceSummary } from '../../../../renderer/audio/device-choice';

const builtIn: AudioDeviceSummary[] = [
  { kind: 'audioinput', deviceId: 'default', label: 'Default - Built-in Microphone' },
  { kind: 'audioinput', deviceId: 'mic-1', label: 'Built-in Microphone' },
  { kind: 'audiooutput', deviceId: 'default', label: 'Default - Built-in Speakers' },
  { kind: 'audiooutput', deviceId: 'communications', label: 'Communications - Built-in Speakers' },
  { kind: 'audiooutput', deviceId: 'spk-1', label: 'Built-in Speakers' },
];
const headsetToday: AudioDeviceSummary[] = [
  { kind: 'audioinput', deviceId: 'hs-in-a', label: 'Jabra Evolve 40' },
  { kind: 'audiooutput', deviceId: 'hs-out-a', label: 'Jabra Evolve 40' },
];
// The same headset on another run: the browser gave it new ids.
const headsetTomorrow: AudioDeviceSummary[] = [
  { kind: 'audioinput', deviceId: 'hs-in-b', label: 'Jabra Evolve 40' },
  { kind: 'audiooutput', deviceId: 'hs-out-b', label: 'Jabra Evolve 40' },
];

test('nothing remembered means the system default', () => {
  const choice = resolveDeviceChoice(undefined, [...builtIn, ...headsetToday], 'audiooutput');
  assert.deepEqual(choice, { kind: 'system-default' });
  assert.equal(deviceIdOf(choice), '');
});

test('a remembered label finds the device under whatever id it has now', () => {
  assert.deepEqual(resolveDeviceChoice('Jabra Evolve 40', [...builtIn, ...headsetToday], 'audiooutput'), {
    kind: 'chosen',
    deviceId: 'hs-out-a',
    label: 'Jabra Evolve 40',
  });
  assert.equal(deviceIdOf(resolveDeviceChoice('Jabra Evolve 40', [...builtIn, ...headsetTomorrow], 'audiooutput')), 'hs-out-b');
  // Same label on an input and an output: the kind decides.
  assert.equal(deviceIdOf(resolveDeviceChoice('Jabra Evolve 40', [...builtIn, ...headsetTomorrow], 'audioinput')), 'hs-in-b');
});

test('a remembered device that is unplugged falls back to the default and says which one is missing', () => {
  const choice = resolveDeviceChoice('Jabra Evolve 40', builtIn, 'audiooutput');
  assert.deepEqual(choice, { kind: 'missing', label: 'Jabra Evolve 40' });
  assert.equal(deviceIdOf(choice), '', 'the system default plays meanwhile');
});

test('hot-plug: the headset comes back and is used again, goes away and the default takes over', () => {
  const timeline = [builtIn, [...builtIn, ...headsetToday], builtIn, [...builtIn, ...headsetTomorrow]];
  const ids = timeline.map((devices) => deviceIdOf(resolveDeviceChoice('Jabra Evolve 40', devices, 'audiooutput')));
  assert.deepEqual(ids, ['', 'hs-out-a', '', 'hs-out-b']);
});

test('the pseudo-devices "default" and "communications" and unlabelled devices are not offered by name', () => {
  assert.deepEqual(selectableDevices(builtIn, 'audiooutput').map((device) => device.deviceId), ['spk-1']);
  const unlabelled: AudioDeviceSummary[] = [{ kind: 'audioinput', deviceId: 'x', label: '' }];
  assert.deepEqual(selectableDevices(unlabelled, 'audioinput'), []);
  // A label that happens to equal a pseudo-device's never selects the pseudo-device.
  assert.equal(resolveDeviceChoice('Default - Built-in Speakers', builtIn, 'audiooutput').kind, 'missing');
});

test('the ringtone plays on the ringer, or on every real output when asked to ring on all', () => {
  const devices = [...builtIn, ...headsetToday];
  const ringer = resolveDeviceChoice('Jabra Evolve 40', devices, 'audiooutput');
  assert.deepEqual(ringerSinkIds(ringer, devices, false), ['hs-out-a']);
  assert.deepEqual(ringerSinkIds(ringer, devices, true), ['spk-1', 'hs-out-a']);
  assert.deepEqual(ringerSinkIds({ kind: 'missing', label: 'Gone' }, builtIn, false), ['']);
  // No outputs listed at all (no permission yet): still ring, on the default.
  assert.deepEqual(ringerSinkIds({ kind: 'system-default' }, [], true), ['']);
});
