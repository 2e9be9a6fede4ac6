/**
 * baresip 1.0 (Debian `baresip-core`) as an independent plain-SIP phone: its
 * own config folder, registered through an outbound proxy over UDP or TLS
 * (optionally with SDES-SRTP, its `srtp` / `srtp-mand` media encryption),
 * answering every call at once, playing a sine tone (`ausine`) and saving
 * what it hears to WAV files (`sndfile`). Driven through `ctrl_tcp` (dial,
 * hang up, hold, transfer; its events say when a call is established and
 * which DTMF digits it received). Loopback only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectBaresipControl, type BaresipControl } from './baresip-control';
import { dominantFrequency } from './g711';
import { freePort } from './kamailio';

export interface BaresipPeerOptions {
  readonly user: string;
  readonly password: string;
  readonly domain: string;
  /** The outbound proxy, host:port (Kamailio's UDP or TLS port). */
  readonly proxy: string;
  readonly toneHz: number;
  /** Default UDP. Over TLS baresip also listens with `certificate` (PEM: certificate then key), for requests Kamailio opens a connection for. */
  readonly transport?: 'udp' | 'tls';
  readonly certificateWithKeyPath?: string;
  /** SDES-SRTP: `srtp` offers RTP/AVP with a key (and accepts either), `srtp-mand` insists on RTP/SAVP. */
  readonly mediaEncryption?: 'srtp' | 'srtp-mand';
  /** Print every SIP message it sends and receives (SDP included) to its output. */
  readonly sipTrace?: boolean;
}

export interface HeardTone {
  readonly frequencyHz: number;
  /** The share of the energy at that frequency. */
  readonly share: number;
  /** Root mean square of the samples (0–32767). */
  readonly rms: number;
  /** How much audio it has decoded (the samples looked at). */
  readonly seconds: number;
}

export interface BaresipPeer {
  readonly aor: string;
  readonly control: BaresipControl;
  /** Samples decoded so far in its current (newest) call: a mark for {@link heardToneSince}. */
  heardSamples(): number;
  /** The dominant frequency in the last second baresip heard (its newest call's decoded-audio WAV file). */
  heardTone(): HeardTone;
  /** The same over what it decoded after `mark` (from {@link heardSamples}); `seconds` 0 when nothing came. */
  heardToneSince(mark: number): HeardTone;
  /** Waits until the last second it heard is `frequencyHz` (±20 Hz) with most of the energy; fails saying what it heard. */
  waitToHear(frequencyHz: number, timeoutMs?: number): Promise<HeardTone>;
  /** DTMF digits it received as RFC 4733 events, in order (its `CALL_DTMF_START` events). */
  receivedDigits(): string;
  readonly output: () => string;
  stop(): Promise<void>;
}

function wavSamples(file: string): { samples: Int16Array; rate: number } {
  const bytes = readFileSync(file);
  const rate = bytes.length >= 28 ? bytes.readUInt32LE(24) : 8000;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('ascii', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    if (id === 'data') {
      // The header's size is written when the file is closed: while a call runs, read to the end.
      const end = size === 0 ? bytes.length : Math.min(bytes.length, offset + 8 + size);
      const samples = new Int16Array(Math.max(0, Math.floor((end - offset - 8) / 2)));
      for (let index = 0; index < samples.length; index += 1) samples[index] = bytes.readInt16LE(offset + 8 + index * 2);
      return { samples, rate };
    }
    offset += 8 + size;
  }
  return { samples: new Int16Array(0), rate };
}

function toneOf(samples: Int16Array, rate: number): HeardTone {
  if (samples.length === 0) return { frequencyHz: 0, share: 0, rms: 0, seconds: 0 };
  let energy = 0;
  for (const sample of samples) energy += sample * sample;
  // The frequency from the last second only: enough for a tone, and cheap.
  const last = samples.subarray(Math.max(0, samples.length - rate));
  return { ...dominantFrequency([...last], rate), rms: Math.sqrt(energy / samples.length), seconds: samples.length / rate };
}

export async function startBaresip(options: BaresipPeerOptions): Promise<BaresipPeer> {
  const folder = mkdtempSync(join(tmpdir(), 'baresip-'));
  const sounds = join(folder, 'heard');
  mkdirSync(sounds);
  const transport = options.transport ?? 'udp';
  const [sipPort, controlPort] = [await freePort(), await freePort()];
  writeFileSync(
    join(folder, 'config'),
    [
      'poll_method epoll',
      `sip_listen 127.0.0.1:${sipPort}`,
      ...(options.certificateWithKeyPath ? [`sip_certificate ${options.certificateWithKeyPath}`] : []),
      // The namespace of the tests has only lo, which baresip skips unless named.
      'net_interface 127.0.0.1',
      `audio_source ausine,${options.toneHz}`,
      'audio_player aubridge,nil',
      // ausine makes 48 kHz only; baresip resamples for G.711.
      'ausrc_srate 48000',
      'auplay_srate 48000',
      'ausrc_channels 2',
      'audio_alert aubridge,nil',
      'module_path /usr/lib/baresip/modules',
      'module g711.so',
      'module ausine.so',
      'module aubridge.so',
      'module sndfile.so',
      ...(options.mediaEncryption ? ['module srtp.so'] : []),
      'module_app account.so',
      // menu registers the commands (dial, hangup, hold, resume, transfer) that ctrl_tcp runs.
      'module_app menu.so',
      'module_app ctrl_tcp.so',
      `ctrl_tcp_listen 127.0.0.1:${controlPort}`,
      `snd_path ${sounds}`,
      '',
    ].join('\n'),
  );
  const aor = `sip:${options.user}@${options.domain}`;
  const mediaenc = options.mediaEncryption ? `;mediaenc=${options.mediaEncryption}` : '';
  writeFileSync(
    join(folder, 'accounts'),
    `<${aor};transport=${transport}>;auth_pass=${options.password};outbound="sip:${options.proxy};transport=${transport}";answermode=auto${mediaenc};regint=300\n`,
  );
  let output = '';
  const args = ['-f', folder, ...(options.sipTrace ? ['-s'] : [])];
  // Unbuffered output: what it logs must be seen as it happens, not when it exits.
  const child: ChildProcess = spawn('stdbuf', ['-oL', '-eL', 'baresip', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let control: BaresipControl | undefined;
  const stop = async (): Promise<void> => {
    control?.close();
    if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(folder, { recursive: true, force: true });
  };
  const describe = (): string => `baresip ${options.user} said:\n${output.slice(-3_000)}`;
  const deadline = Date.now() + 10_000;
  while (!/\{[^}]*\} 200 OK|registered successfully/i.test(output)) {
    if (Date.now() > deadline || child.exitCode !== null) {
      await stop();
      throw new Error(`baresip did not register:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  try {
    control = await connectBaresipControl(controlPort, describe);
  } catch (error) {
    await stop();
    throw new Error(`${String(error)}; ${describe()}`);
  }
  const newestRecording = (): { samples: Int16Array; rate: number } => {
    const files = readdirSync(sounds)
      .filter((name) => name.endsWith('-dec.wav'))
      .map((name) => join(sounds, name))
      .sort((a, b) => statSync(a).birthtimeMs - statSync(b).birthtimeMs || a.localeCompare(b));
    return files.length === 0 ? { samples: new Int16Array(0), rate: 8000 } : wavSamples(files.at(-1)!);
  };
  const events = control.events;
  const peer: BaresipPeer = {
    aor,
    control,
    heardSamples: () => newestRecording().samples.length,
    heardTone() {
      const { samples, rate } = newestRecording();
      return toneOf(samples.subarray(Math.max(0, samples.length - rate)), rate);
    },
    heardToneSince(mark) {
      const { samples, rate } = newestRecording();
      return toneOf(samples.subarray(Math.min(mark, samples.length)), rate);
    },
    async waitToHear(frequencyHz, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const heard = peer.heardTone();
        if (Math.abs(heard.frequencyHz - frequencyHz) <= 20 && heard.share > 0.3) return heard;
        if (Date.now() > deadline) {
          throw new Error(`baresip ${options.user} heard ${heard.frequencyHz} Hz (share ${heard.share.toFixed(2)}, ${heard.seconds.toFixed(1)} s), not ${frequencyHz} Hz\n${output.slice(-2_000)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    receivedDigits: () =>
      events
        .filter((event) => event.type === 'CALL_DTMF_START')
        .map((event) => event.param ?? '')
        .join(''),
    output: () => output,
    stop,
  };
  return peer;
}
