/**
 * The account form's choices for providers reached over UDP, TCP or TLS:
 * the transport itself, the codec order and on/off, and for TLS the media
 * encryption and the one server certificate the user chose to trust.
 */
import { useId } from 'react';
import type { CodecSetting, MediaEncryption } from '../../app/codec-preferences';
import { SIP_TRANSPORT_CHOICES, type SipTransportChoice } from '../../app/sip-target';
import { useT, type TranslationKey } from '../i18n/i18n';

const TRANSPORT_WORDS: Readonly<Record<SipTransportChoice, TranslationKey>> = {
  auto: 'form.transportAuto',
  udp: 'form.transportUdp',
  tcp: 'form.transportTcp',
  tls: 'form.transportTls',
  websocket: 'form.transportWebsocket',
};

const ENCRYPTION_WORDS: Readonly<Record<MediaEncryption, TranslationKey>> = {
  off: 'form.mediaEncryptionOff',
  'sdes-optional': 'form.mediaEncryptionOptional',
  'sdes-required': 'form.mediaEncryptionRequired',
};

const CODEC_NAMES: Readonly<Record<CodecSetting['codec'], string>> = { opus: 'Opus', G722: 'G.722', PCMU: 'G.711 µ-law (PCMU)', PCMA: 'G.711 A-law (PCMA)' };

export function TransportField(props: { value: SipTransportChoice; onChange(transport: SipTransportChoice): void }) {
  const t = useT();
  const id = useId();
  const hintId = useId();
  return (
    <div className="field" data-field="transport">
      <label htmlFor={id}>{t('form.transport')}</label>
      <select id={id} value={props.value} aria-describedby={hintId} onChange={(event) => props.onChange(event.target.value as SipTransportChoice)}>
        {SIP_TRANSPORT_CHOICES.map((choice) => (
          <option key={choice} value={choice}>
            {t(TRANSPORT_WORDS[choice])}
          </option>
        ))}
      </select>
      <p id={hintId} className="field-hint">
        {t('form.transportHint')}
      </p>
    </div>
  );
}

/** Codecs in order of preference, each on or off, moved with buttons (keyboard and screen readers included). */
export function CodecListField(props: { value: readonly CodecSetting[]; onChange(codecs: CodecSetting[]): void }) {
  const t = useT();
  const headingId = useId();
  const hintId = useId();
  const move = (index: number, by: -1 | 1) => {
    const next = [...props.value];
    const [entry] = next.splice(index, 1);
    next.splice(index + by, 0, entry!);
    props.onChange(next);
  };
  return (
    <fieldset className="field codec-list" aria-describedby={hintId}>
      <legend id={headingId}>{t('form.codecs')}</legend>
      <ol>
        {props.value.map((entry, index) => (
          <li key={entry.codec}>
            <label>
              <input
                type="checkbox"
                checked={entry.enabled}
                onChange={(event) => props.onChange(props.value.map((other) => (other.codec === entry.codec ? { ...other, enabled: event.target.checked } : other)))}
              />
              {CODEC_NAMES[entry.codec]}
            </label>
            <button type="button" className="button" disabled={index === 0} aria-label={t('form.codecMoveUp', { codec: CODEC_NAMES[entry.codec] })} onClick={() => move(index, -1)}>
              ↑
            </button>
            <button
              type="button"
              className="button"
              disabled={index === props.value.length - 1}
              aria-label={t('form.codecMoveDown', { codec: CODEC_NAMES[entry.codec] })}
              onClick={() => move(index, 1)}
            >
              ↓
            </button>
          </li>
        ))}
      </ol>
      <p id={hintId} className="field-hint">
        {t('form.codecsHint')}
      </p>
    </fieldset>
  );
}

export function MediaEncryptionField(props: { value: MediaEncryption; onChange(encryption: MediaEncryption): void }) {
  const t = useT();
  const id = useId();
  return (
    <div className="field" data-field="mediaEncryption">
      <label htmlFor={id}>{t('form.mediaEncryption')}</label>
      <select id={id} value={props.value} onChange={(event) => props.onChange(event.target.value as MediaEncryption)}>
        {(Object.keys(ENCRYPTION_WORDS) as MediaEncryption[]).map((choice) => (
          <option key={choice} value={choice}>
            {t(ENCRYPTION_WORDS[choice])}
          </option>
        ))}
      </select>
    </div>
  );
}
