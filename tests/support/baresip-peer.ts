/**
 * baresip 1.0 (Debian `baresip-core`) as an independent plain-SIP phone: its
 * own config folder, registered over UDP through an outbound proxy, answering
 * every call at once, playing a sine tone (`ausine`) and saving what it
 * hears to WAV files (`sndfile`). Loopback only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dominantFrequency } from './g711';

export interface BaresipPeer {
  /** The dominant frequency in what baresip heard (its decoded-audio WAV files), and its share of the energy. */
  heardTone(): { frequencyHz: number; share: number; seconds: number };
  readonly output: () => string;
  stop(): Promise<void>;
}

function wavSamples(file: string): { samples: number[]; rate: number } {
  const bytes = readFileSync(file);
  const rate = bytes.readUInt32LE(24);
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('ascii', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    if (id === 'data') {
      // The header's size is written when the file is closed: while a call runs, read to the end.
      const end = size === 0 ? bytes.length : Math.min(bytes.length, offset + 8 + size);
      const samples: number[] = [];
      for (let at = offset + 8; at + 1 < end; at += 2) samples.push(bytes.readInt16LE(at));
      return { samples, rate };
    }
    offset += 8 + size;
  }
  return { samples: [], rate };
}

export async function startBaresip(options: { user: string; password: string; domain: string; proxy: string; sipPort: number; toneHz: number }): Promise<BaresipPeer> {
  const folder = mkdtempSync(join(tmpdir(), 'baresip-'));
  const sounds = join(folder, 'heard');
  mkdirSync(sounds);
  writeFileSync(
    join(folder, 'config'),
    [
      'poll_method epoll',
      `sip_listen 127.0.0.1:${options.sipPort}`,
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
      'module_app account.so',
      `snd_path ${sounds}`,
      '',
    ].join('\n'),
  );
  writeFileSync(join(folder, 'accounts'), `<sip:${options.user}@${options.domain};transport=udp>;auth_pass=${options.password};outbound="sip:${options.proxy};transport=udp";answermode=auto;regint=300\n`);
  let output = '';
  const child: ChildProcess = spawn('baresip', ['-f', folder], { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 10_000;
  while (!/200 OK|registered successfully|\{[^}]*\} 200/i.test(output)) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      rmSync(folder, { recursive: true, force: true });
      throw new Error(`baresip did not register:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    heardTone() {
      const files = readdirSync(sounds).filter((name) => name.endsWith('-dec.wav'));
      const samples: number[] = [];
      let rate = 8000;
      for (const file of files) {
        const wav = wavSamples(join(sounds, file));
        rate = wav.rate;
        samples.push(...wav.samples);
      }
      const last = samples.slice(-rate);
      return { ...dominantFrequency(last, rate), seconds: samples.length / rate };
    },
    output: () => output,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 300));
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
