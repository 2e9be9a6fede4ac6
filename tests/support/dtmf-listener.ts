/**
 * Hears DTMF the way a person (or an IVR) on the far end would: from the
 * remote audio the page plays. WebRTC's NetEq plays received RFC 4733
 * telephone-events out as dual tones; a Goertzel filter per 2048-sample
 * block on the eight DTMF frequencies turns them back into digits.
 */
import type { Page } from 'playwright-core';

/** Starts listening to the page's remote audio; digits accumulate until {@link heardDtmfDigits} reads them. */
export async function startDtmfListener(page: Page): Promise<void> {
  await page.evaluate(LISTENER_SOURCE);
}

export async function heardDtmfDigits(page: Page): Promise<string> {
  return page.evaluate('window.dtmfHeard ? window.dtmfHeard.digits : ""') as Promise<string>;
}

/** The DTMF-band power (dB) of every block that was not silent, one line each: for failure messages. */
export async function dtmfListenerTrace(page: Page): Promise<string> {
  return page.evaluate('window.dtmfHeard ? window.dtmfHeard.loudBlocks.join("\\n") : ""') as Promise<string>;
}

// Plain source text: the test runner's transpiler would wrap functions
// written here in helpers (`__name`) that do not exist in the page.
const LISTENER_SOURCE = `(() => {
  const element = document.querySelector('audio.remote-audio');
  const stream = element && element.srcObject;
  if (!(stream instanceof MediaStream)) throw new Error('no remote audio element with a stream');
  const LOW = [697, 770, 852, 941];
  const HIGH = [1209, 1336, 1477, 1633];
  const KEYS = ['123A', '456B', '789C', '*0#D'];
  const context = new AudioContext();
  const source = context.createMediaStreamSource(stream);
  const processor = context.createScriptProcessor(2048, 1, 1);
  const state = { digits: '', lastDigit: '', quietBlocks: 0, loudBlocks: [] };
  window.dtmfHeard = state;
  function power(samples, frequency) {
    const k = 2 * Math.cos((2 * Math.PI * frequency) / context.sampleRate);
    let s1 = 0;
    let s2 = 0;
    for (const sample of samples) {
      const s = sample + k * s1 - s2;
      s2 = s1;
      s1 = s;
    }
    return s1 * s1 + s2 * s2 - k * s1 * s2;
  }
  // The strongest of a group, if it stands 10 dB above the rest and clearly above silence.
  function dominant(powers) {
    const best = powers.indexOf(Math.max(...powers));
    const isClear = powers[best] > 100 && powers.every((value, index) => index === best || powers[best] > 10 * value);
    return isClear ? best : -1;
  }
  processor.onaudioprocess = (event) => {
    const samples = event.inputBuffer.getChannelData(0);
    const lowPowers = LOW.map((frequency) => power(samples, frequency));
    const highPowers = HIGH.map((frequency) => power(samples, frequency));
    const low = dominant(lowPowers);
    const high = dominant(highPowers);
    // Kept for the failure message: what each block with any energy looked like (dB).
    if (Math.max(...lowPowers, ...highPowers) > 1 && state.loudBlocks.length < 400) {
      state.loudBlocks.push(lowPowers.concat(highPowers).map((value) => Math.round(10 * Math.log10(value + 1e-9))).join(' '));
    }
    const block = low >= 0 && high >= 0 ? KEYS[low][high] : '';
    // Once per tone: NetEq plays a tone out for only ~50-100 ms (1-2 blocks),
    // however long it was sent for, so one clear block has to be enough. On a
    // busy machine it may break one tone into two bursts with an unclear block
    // between, so the same digit counts again only after two quiet blocks
    // (~85 ms): a digit typed twice quickly may then be heard once.
    if (block === '') {
      state.quietBlocks += 1;
      return;
    }
    if (block !== state.lastDigit || state.quietBlocks >= 2) state.digits += block;
    state.lastDigit = block;
    state.quietBlocks = 0;
  };
  source.connect(processor);
  processor.connect(context.destination);
})()`;
