/**
 * Settings → Audio: microphone, speaker and ringer (remembered by name), a
 * live microphone level, a speaker test, and the ringtone with its volume
 * and a preview. main stores the choices; devices that are not plugged in
 * are named, and the system default is used until they come back.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { RINGTONES, type AudioSettings, type AudioSettingsChange, type Ringtone } from '../../app/audio-settings';
import { audioDevices, useAudioRouting } from '../audio/audio-devices';
import { deviceIdOf, selectableDevices, type AudioDeviceKind, type DeviceChoice } from '../audio/device-choice';
import { startMicrophoneLevel, type MicrophoneLevelMeter } from '../audio/microphone-level';
import { playTestTone, previewRingtone } from '../audio/tone-player';
import { useT, type TranslationKey } from '../i18n/i18n';
import { useApi } from './contexts';
import { useSettings } from './store-selectors';
import { errorWords, unexpectedError } from './error-words';
import { describeError } from '../../app/result';

const RINGTONE_NAMES: Record<Ringtone, TranslationKey> = {
  classic: 'audio.ringtoneClassic',
  chime: 'audio.ringtoneChime',
  pulse: 'audio.ringtonePulse',
};

type LabelKey = 'microphoneLabel' | 'speakerLabel' | 'ringerLabel';

const VOLUME_SAVE_DELAY_MS = 300;

export function AudioSettings() {
  const t = useT();
  const api = useApi();
  const settings = useSettings();
  const routing = useAudioRouting();
  const headingId = useId();
  const [pending, setPending] = useState<AudioSettingsChange>({});
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const [volume, setVolume] = useState<number | null>(null);
  const volumeTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const stopPlaying = useRef<(() => void) | undefined>(undefined);

  // Names appear once the page may use the microphone; ask once when the section opens.
  useEffect(() => {
    void audioDevices.revealLabels();
  }, []);

  const saved = settings?.audio;
  // A requested value stops being pending once main's snapshot carries it.
  useEffect(() => {
    if (!saved) return;
    setPending((current) => {
      const entries = Object.entries(current).filter(([key, value]) => (saved[key as keyof AudioSettings] ?? null) !== value);
      return entries.length === Object.keys(current).length ? current : (Object.fromEntries(entries) as AudioSettingsChange);
    });
  }, [saved]);

  useEffect(() => () => stopPlaying.current?.(), []);

  if (!saved) return null;

  const update = async (change: AudioSettingsChange) => {
    setPending((current) => ({ ...current, ...change }));
    setError(null);
    const result = await api.updateSettings({ audio: change }).catch((failure: unknown) => ({ ok: false as const, error: unexpectedError(failure) }));
    if (!result.ok) {
      setPending((current) => Object.fromEntries(Object.entries(current).filter(([key]) => !(key in change))) as AudioSettingsChange);
      setError(errorWords(t, result.error));
    }
  };

  const labelOf = (key: LabelKey): string | undefined => (key in pending ? (pending[key] ?? undefined) : saved[key]);
  const ringOnAllOutputs = pending.ringOnAllOutputs ?? saved.ringOnAllOutputs;
  const ringtone = pending.ringtone ?? saved.ringtone;
  const shownVolume = volume ?? pending.ringtoneVolume ?? saved.ringtoneVolume;

  const play = (started: { stop(): void; done: Promise<void> }, playingText: string) => {
    stopPlaying.current?.();
    stopPlaying.current = started.stop;
    setMessage(playingText);
    void started.done.then(() => {
      if (stopPlaying.current === started.stop) {
        stopPlaying.current = undefined;
        setMessage('');
      }
    });
  };

  const onVolume = (value: number) => {
    setVolume(value);
    clearTimeout(volumeTimer.current);
    volumeTimer.current = setTimeout(() => {
      setVolume(null);
      void update({ ringtoneVolume: value });
    }, VOLUME_SAVE_DELAY_MS);
  };

  const hasUnnamedDevices = routing.devices.some((device) => device.label === '');
  const speakerName = nameOf(routing.speaker, t);

  return (
    <section className="settings-section audio-settings" aria-labelledby={headingId} id="settings-audio">
      <h2 id={headingId}>{t('audio.heading')}</h2>
      <div className="settings-card">
        {hasUnnamedDevices && <p className="setting-row field-hint">{t('audio.labelsHidden')}</p>}
        {!routing.canChooseOutputs && <p className="setting-row field-hint">{t('audio.outputsNotSupported')}</p>}
        <div className="setting-row audio-row">
          <DeviceField
            label={t('audio.microphone')}
            kind="audioinput"
            rememberedLabel={labelOf('microphoneLabel')}
            onChoose={(label) => void update({ microphoneLabel: label })}
          />
          <MicrophoneTest microphoneId={deviceIdOf(routing.microphone)} />
        </div>
        <div className="setting-row audio-row">
          <DeviceField
            label={t('audio.speaker')}
            kind="audiooutput"
            rememberedLabel={labelOf('speakerLabel')}
            isDisabled={!routing.canChooseOutputs}
            onChoose={(label) => void update({ speakerLabel: label })}
          />
          <button
            type="button"
            className="button"
            onClick={() => play(playTestTone(deviceIdOf(routing.speaker)), t('audio.testSpeakerPlaying', { device: speakerName }))}
          >
            {t('audio.testSpeaker')}
          </button>
        </div>
        <div className="setting-row audio-row">
          <DeviceField
            label={t('audio.ringer')}
            kind="audiooutput"
            rememberedLabel={labelOf('ringerLabel')}
            isDisabled={!routing.canChooseOutputs || ringOnAllOutputs}
            onChoose={(label) => void update({ ringerLabel: label })}
          />
          <label className="audio-switch">
            <input
              type="checkbox"
              role="switch"
              checked={ringOnAllOutputs}
              disabled={!routing.canChooseOutputs}
              onChange={(event) => void update({ ringOnAllOutputs: event.target.checked })}
            />
            {t('audio.ringOnAllOutputs')}
          </label>
        </div>
        <div className="setting-row audio-row">
          <RingtoneField ringtone={ringtone} onChange={(chosen) => void update({ ringtone: chosen })} />
          <div className="field audio-volume">
            <label htmlFor={`${headingId}-volume`}>{t('audio.ringtoneVolume')}</label>
            <div className="audio-volume-row">
              <input
                id={`${headingId}-volume`}
                type="range"
                min={0}
                max={100}
                step={5}
                value={Math.round(shownVolume * 100)}
                aria-valuetext={t('audio.volumePercent', { percent: Math.round(shownVolume * 100) })}
                onChange={(event) => onVolume(Number(event.target.value) / 100)}
              />
              <span aria-hidden="true">{t('audio.volumePercent', { percent: Math.round(shownVolume * 100) })}</span>
            </div>
          </div>
          <button
            type="button"
            className="button"
            onClick={() => play(previewRingtone(ringtone, shownVolume, routing.ringerSinkIds), t('audio.previewPlaying'))}
          >
            {t('audio.preview')}
          </button>
        </div>
      </div>
      <p className="settings-message" role="status">
        {message}
      </p>
      {error && (
        <p className="inline-error" role="alert">
          {t('audio.saveFailed', { message: error })}
        </p>
      )}
    </section>
  );
}

function nameOf(choice: DeviceChoice, t: ReturnType<typeof useT>): string {
  return choice.kind === 'chosen' ? choice.label : t('audio.systemDefault');
}

interface DeviceFieldProps {
  readonly label: string;
  readonly kind: AudioDeviceKind;
  readonly rememberedLabel: string | undefined;
  readonly isDisabled?: boolean;
  /** `null`: back to the system default. */
  onChoose(label: string | null): void;
}

/** A device picker by name; a remembered device that is not plugged in stays listed, marked, with what happens meanwhile. */
function DeviceField(props: DeviceFieldProps) {
  const t = useT();
  const id = useId();
  const routing = useAudioRouting();
  const devices = selectableDevices(routing.devices, props.kind);
  const remembered = props.rememberedLabel;
  const isMissing = remembered !== undefined && !devices.some((device) => device.label === remembered);
  return (
    <div className="field audio-device">
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        value={remembered ?? ''}
        disabled={props.isDisabled}
        aria-describedby={isMissing ? `${id}-missing` : undefined}
        onChange={(event) => props.onChoose(event.target.value === '' ? null : event.target.value)}
      >
        <option value="">{t('audio.systemDefault')}</option>
        {devices.map((device) => (
          <option key={device.deviceId} value={device.label}>
            {device.label}
          </option>
        ))}
        {isMissing && <option value={remembered}>{t('audio.notConnectedOption', { device: remembered })}</option>}
      </select>
      {isMissing && (
        <p id={`${id}-missing`} className="field-hint audio-missing" role="status">
          {t('audio.deviceMissing', { device: remembered })}
        </p>
      )}
    </div>
  );
}

function RingtoneField(props: { readonly ringtone: Ringtone; onChange(ringtone: Ringtone): void }) {
  const t = useT();
  const id = useId();
  return (
    <div className="field audio-device">
      <label htmlFor={id}>{t('audio.ringtone')}</label>
      <select id={id} value={props.ringtone} onChange={(event) => props.onChange(event.target.value as Ringtone)}>
        {RINGTONES.map((name) => (
          <option key={name} value={name}>
            {t(RINGTONE_NAMES[name])}
          </option>
        ))}
      </select>
    </div>
  );
}

/** "Test microphone": a live level meter of the chosen microphone, until stopped or the section closes. */
function MicrophoneTest(props: { readonly microphoneId: string }) {
  const t = useT();
  const [isTesting, setIsTesting] = useState(false);
  const [level, setLevel] = useState(0);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    if (!isTesting) return;
    let meter: MicrophoneLevelMeter | undefined;
    let isCancelled = false;
    setFailure(null);
    startMicrophoneLevel(audioDevices.microphoneConstraint(), setLevel).then(
      (started) => {
        if (isCancelled) started.stop();
        else meter = started;
      },
      (error: unknown) => {
        setIsTesting(false);
        setFailure(describeError(error));
      },
    );
    return () => {
      isCancelled = true;
      meter?.stop();
      setLevel(0);
    };
  }, [isTesting, props.microphoneId]);

  return (
    <div className="audio-mic-test">
      <button type="button" className="button" aria-pressed={isTesting} onClick={() => setIsTesting((current) => !current)}>
        {isTesting ? t('audio.stopMicrophoneTest') : t('audio.testMicrophone')}
      </button>
      <meter className="audio-meter" aria-label={t('audio.microphoneLevel')} min={0} max={1} low={0.05} value={level} />
      {failure && (
        <p className="inline-error" role="alert">
          {t('audio.microphoneFailed', { message: failure })}
        </p>
      )}
    </div>
  );
}
