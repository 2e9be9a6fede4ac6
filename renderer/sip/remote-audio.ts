/**
 * One hidden <audio> element per call, playing what the other side sends on
 * the chosen speaker. Kept outside React so a re-render can never interrupt
 * a call's audio.
 */
import { applySink, audioDevices, type AudioDevices } from '../audio/audio-devices';
import { deviceIdOf } from '../audio/device-choice';

export class RemoteAudio {
  private readonly elements = new Map<string, HTMLAudioElement>();

  constructor(private readonly devices: AudioDevices = audioDevices) {
    // A speaker chosen (or plugged in, or unplugged) mid-call moves the call's audio at once.
    devices.subscribe(() => {
      for (const element of this.elements.values()) void this.applySpeaker(element);
    });
  }

  attach(callId: string, stream: MediaStream): void {
    let element = this.elements.get(callId);
    if (!element) {
      element = document.createElement('audio');
      element.className = 'remote-audio';
      element.dataset.callId = callId;
      element.autoplay = true;
      element.hidden = true;
      document.body.append(element);
      this.elements.set(callId, element);
      void this.applySpeaker(element);
    }
    if (element.srcObject !== stream) element.srcObject = stream;
    void element.play().catch(() => undefined);
  }

  detach(callId: string): void {
    const element = this.elements.get(callId);
    if (!element) return;
    element.pause();
    element.srcObject = null;
    element.remove();
    this.elements.delete(callId);
  }

  private applySpeaker(element: HTMLAudioElement): Promise<void> {
    return applySink(element, deviceIdOf(this.devices.current.speaker));
  }
}
