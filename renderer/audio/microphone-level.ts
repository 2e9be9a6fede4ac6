/**
 * The live level of a microphone, for the Settings → Audio test: captures
 * it, measures the loudness a few times a second, and lets go of it on stop.
 */
export interface MicrophoneLevelMeter {
  stop(): void;
}

const SAMPLE_INTERVAL_MS = 80;

/** Starts capturing; `onLevel` gets 0 … 1. Rejects with the browser's reason when capture is refused. */
export async function startMicrophoneLevel(constraint: boolean | MediaTrackConstraints, onLevel: (level: number) => void): Promise<MicrophoneLevelMeter> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: constraint, video: false });
  const context = new AudioContext();
  const analyser = context.createAnalyser();
  analyser.fftSize = 1024;
  context.createMediaStreamSource(stream).connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const sample of samples) sum += sample * sample;
    const rms = Math.sqrt(sum / samples.length);
    // Speech sits around 0.05–0.3 RMS: scale so that normal speech fills most of the meter.
    onLevel(Math.min(1, rms * 3));
  }, SAMPLE_INTERVAL_MS);
  return {
    stop() {
      clearInterval(timer);
      for (const track of stream.getTracks()) track.stop();
      void context.close().catch(() => undefined);
    },
  };
}
