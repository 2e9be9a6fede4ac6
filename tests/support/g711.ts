/** G.711 μ-law (PCMU) for test peers: encode a tone, decode what was heard. */

const BIAS = 0x84;
const CLIP = 32635;

export function linearToUlaw(sample: number): number {
  let value = Math.max(-CLIP, Math.min(CLIP, Math.round(sample)));
  const sign = value < 0 ? 0x80 : 0;
  if (sign) value = -value;
  value += BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (value & mask) === 0 && exponent > 0; mask >>= 1) exponent -= 1;
  const mantissa = (value >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

export function ulawToLinear(byte: number): number {
  const value = ~byte & 0xff;
  const sign = value & 0x80;
  const exponent = (value >> 4) & 0x07;
  const mantissa = value & 0x0f;
  const magnitude = (((mantissa << 3) + BIAS) << exponent) - BIAS;
  return sign ? -magnitude : magnitude;
}

/** Goertzel power of one frequency in a block of samples. */
export function powerAt(samples: readonly number[], frequencyHz: number, sampleRate: number): number {
  const coefficient = 2 * Math.cos((2 * Math.PI * frequencyHz) / sampleRate);
  let previous = 0;
  let beforePrevious = 0;
  for (const sample of samples) {
    const current = sample + coefficient * previous - beforePrevious;
    beforePrevious = previous;
    previous = current;
  }
  return previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
}

/** The loudest frequency (10 Hz steps, 100–3900 Hz) and its share of the block's energy (0–1). */
export function dominantFrequency(samples: readonly number[], sampleRate: number): { frequencyHz: number; share: number } {
  let best = { frequencyHz: 0, power: 0 };
  for (let frequency = 100; frequency < 3900; frequency += 10) {
    const power = powerAt(samples, frequency, sampleRate);
    if (power > best.power) best = { frequencyHz: frequency, power };
  }
  const energy = samples.reduce((sum, sample) => sum + sample * sample, 0);
  // A pure tone's Goertzel power is about energy · N / 2.
  const share = energy === 0 ? 0 : best.power / ((energy * samples.length) / 2);
  return { frequencyHz: best.frequencyHz, share };
}
