/**
 * One hidden <audio> element per call, playing what the other side sends.
 * Kept outside React so a re-render can never interrupt a call's audio.
 */
export class RemoteAudio {
  private readonly elements = new Map<string, HTMLAudioElement>();

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
}
