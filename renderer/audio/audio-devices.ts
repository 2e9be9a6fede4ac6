/**
 * The audio devices present now and which of them to use, kept current as
 * devices come and go ('devicechange') and as main's settings change.
 * Everything that plays or records asks here: the call engine (microphone),
 * the remote audio (speaker), the tone player (ringer).
 */
import { useSyncExternalStore } from 'react';
import { AUDIO_SETTINGS_DEFAULTS, type AudioSettings } from '../../app/audio-settings';
import { useSoftphoneStore } from '../store/softphone-store';
import {
  deviceIdOf,
  isSameDeviceList,
  resolveDeviceChoice,
  ringerSinkIds,
  type AudioDeviceSummary,
  type DeviceChoice,
} from './device-choice';

export interface AudioRouting {
  readonly devices: readonly AudioDeviceSummary[];
  readonly settings: AudioSettings;
  readonly microphone: DeviceChoice;
  readonly speaker: DeviceChoice;
  readonly ringer: DeviceChoice;
  /** Where the ringtone plays ('' is the system default). */
  readonly ringerSinkIds: readonly string[];
  /** Whether this browser can send audio to a chosen output at all (setSinkId). */
  readonly canChooseOutputs: boolean;
}

function route(devices: readonly AudioDeviceSummary[], settings: AudioSettings): AudioRouting {
  const ringer = resolveDeviceChoice(settings.ringerLabel, devices, 'audiooutput');
  return {
    devices,
    settings,
    microphone: resolveDeviceChoice(settings.microphoneLabel, devices, 'audioinput'),
    speaker: resolveDeviceChoice(settings.speakerLabel, devices, 'audiooutput'),
    ringer,
    ringerSinkIds: ringerSinkIds(ringer, devices, settings.ringOnAllOutputs),
    canChooseOutputs: typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype,
  };
}

export class AudioDevices {
  private routing: AudioRouting = route([], AUDIO_SETTINGS_DEFAULTS);
  private readonly listeners = new Set<() => void>();
  private isStarted = false;

  /** Lists the devices, follows hot-plug and main's audio settings. */
  start(): void {
    if (this.isStarted) return;
    this.isStarted = true;
    useSoftphoneStore.subscribe(
      (state) => state.snapshot?.settings.audio,
      (settings) => this.update(this.routing.devices, settings ?? AUDIO_SETTINGS_DEFAULTS),
      // Every snapshot carries a fresh copy; only a real change should re-route audio.
      { fireImmediately: true, equalityFn: (a, b) => JSON.stringify(a) === JSON.stringify(b) },
    );
    const media = navigator.mediaDevices as MediaDevices | undefined;
    if (!media) return;
    media.addEventListener('devicechange', () => void this.refreshDevices());
    void this.refreshDevices();
  }

  get current(): AudioRouting {
    return this.routing;
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** For getUserMedia: the chosen microphone, or any (the system default). */
  microphoneConstraint(): boolean | MediaTrackConstraints {
    const deviceId = deviceIdOf(this.routing.microphone);
    // `exact` would fail the whole call if the device vanished a moment ago; `ideal` still picks it when present.
    return deviceId === '' ? true : { deviceId: { ideal: deviceId } };
  }

  /**
   * Browsers hide device labels until the page may use the microphone; a
   * short-lived capture grants that, so devices can be shown (and
   * remembered) by name.
   */
  async revealLabels(): Promise<void> {
    const media = navigator.mediaDevices as MediaDevices | undefined;
    if (!media) return;
    await this.refreshDevices();
    if (this.routing.devices.every((device) => device.label !== '')) return;
    try {
      const stream = await media.getUserMedia({ audio: true });
      for (const track of stream.getTracks()) track.stop();
    } catch {
      // No microphone permission: devices stay unnamed and the UI says so.
    }
    await this.refreshDevices();
  }

  async refreshDevices(): Promise<void> {
    try {
      const listed = await navigator.mediaDevices.enumerateDevices();
      const devices = listed
        .filter((device) => device.kind === 'audioinput' || device.kind === 'audiooutput')
        .map((device) => ({ kind: device.kind as AudioDeviceSummary['kind'], deviceId: device.deviceId, label: device.label }));
      if (!isSameDeviceList(devices, this.routing.devices)) this.update(devices, this.routing.settings);
    } catch {
      // enumerateDevices only fails without a secure context; the defaults are used.
    }
  }

  private update(devices: readonly AudioDeviceSummary[], settings: AudioSettings): void {
    this.routing = route(devices, settings);
    for (const listener of this.listeners) listener();
  }
}

/** The renderer's one instance; main.tsx starts it. */
export const audioDevices = new AudioDevices();

export function useAudioRouting(): AudioRouting {
  return useSyncExternalStore(audioDevices.subscribe, () => audioDevices.current);
}

/** An element or AudioContext whose output device can be chosen (feature-detected). */
interface SinkTarget {
  setSinkId?(sinkId: string): Promise<void>;
  readonly sinkId?: unknown;
}

/**
 * Sends `target`'s audio to `sinkId`; where the device is gone or the
 * browser cannot choose outputs, it stays on (or returns to) the default.
 */
export async function applySink(target: SinkTarget, sinkId: string): Promise<void> {
  if (typeof target.setSinkId !== 'function') return;
  if (typeof target.sinkId === 'string' && target.sinkId === sinkId) return;
  try {
    await target.setSinkId(sinkId);
  } catch {
    await target.setSinkId('').catch(() => undefined);
  }
}
