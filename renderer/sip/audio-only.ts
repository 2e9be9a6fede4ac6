/** The media options of every offer and answer: audio only, from the microphone chosen at that moment. */
import { audioDevices } from '../audio/audio-devices';

// A getter, so each offer or answer captures the microphone chosen at that moment.
export const AUDIO_ONLY = {
  get constraints() {
    return { audio: audioDevices.microphoneConstraint(), video: false };
  },
};

/** A fresh object each time: sip.js's `makeInviter` writes its Replaces and Referred-By headers into the options it is given. */
export const outgoingOptions = () => ({ earlyMedia: true, sessionDescriptionHandlerOptions: AUDIO_ONLY });
