/**
 * Which device to use, from the label the user chose and the devices present
 * now. Pure: the same answer for the same inputs, so hot-plug is simply
 * "resolve again with the new list".
 *
 * @remarks
 * Chromium lists pseudo-devices with the ids `default` and `communications`
 * (their labels, "Default - Speakers (…)", follow the OS setting); they are
 * the system default, never a device the user picks by name.
 */
export type AudioDeviceKind = 'audioinput' | 'audiooutput';

export interface AudioDeviceSummary {
  readonly kind: AudioDeviceKind;
  readonly deviceId: string;
  readonly label: string;
}

export type DeviceChoice =
  /** Nothing chosen: the system default. */
  | { readonly kind: 'system-default' }
  | { readonly kind: 'chosen'; readonly deviceId: string; readonly label: string }
  /** The chosen device is not connected: the system default plays until it comes back. */
  | { readonly kind: 'missing'; readonly label: string };

const PSEUDO_DEVICE_IDS = new Set(['default', 'communications', '']);

/** Real devices of a kind, in the order the system lists them. */
export function selectableDevices(devices: readonly AudioDeviceSummary[], kind: AudioDeviceKind): AudioDeviceSummary[] {
  return devices.filter((device) => device.kind === kind && !PSEUDO_DEVICE_IDS.has(device.deviceId) && device.label !== '');
}

export function resolveDeviceChoice(rememberedLabel: string | undefined, devices: readonly AudioDeviceSummary[], kind: AudioDeviceKind): DeviceChoice {
  if (rememberedLabel === undefined) return { kind: 'system-default' };
  const match = selectableDevices(devices, kind).find((device) => device.label === rememberedLabel);
  return match ? { kind: 'chosen', deviceId: match.deviceId, label: match.label } : { kind: 'missing', label: rememberedLabel };
}

/** The id to hand to setSinkId / getUserMedia; '' is the system default for setSinkId. */
export function deviceIdOf(choice: DeviceChoice): string {
  return choice.kind === 'chosen' ? choice.deviceId : '';
}

/** Where the ringtone plays: the ringer, or every output when asked to ring on all. */
export function ringerSinkIds(ringer: DeviceChoice, devices: readonly AudioDeviceSummary[], shouldRingOnAllOutputs: boolean): string[] {
  if (!shouldRingOnAllOutputs) return [deviceIdOf(ringer)];
  const outputs = selectableDevices(devices, 'audiooutput').map((device) => device.deviceId);
  return outputs.length > 0 ? outputs : [''];
}

/** Whether two device lists would resolve differently (ignores order). */
export function isSameDeviceList(a: readonly AudioDeviceSummary[], b: readonly AudioDeviceSummary[]): boolean {
  const key = (devices: readonly AudioDeviceSummary[]) =>
    devices
      .map((device) => `${device.kind}\u0000${device.deviceId}\u0000${device.label}`)
      .sort()
      .join('\u0001');
  return key(a) === key(b);
}
