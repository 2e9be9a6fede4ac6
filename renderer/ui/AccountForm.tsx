/**
 * Add or edit a SIP account. Checked on submit with the same
 * `validateAccountInput` main runs again; every error sits under its field
 * and the first invalid field takes focus (opening "Advanced" if need be).
 */
import { useEffect, useId, useRef, useState, type FormEvent, type InputHTMLAttributes, type RefObject } from 'react';
import {
  DEFAULT_DTMF_METHOD,
  DEFAULT_PICKUP_PREFIX,
  DEFAULT_KEEP_ALIVE_INTERVAL_SEC,
  DEFAULT_SIP_TRANSPORT,
  KEEP_ALIVE_INTERVAL_RANGE_SEC,
  REGISTER_EXPIRY_RANGE_SEC,
  passwordBindingOf,
  savedPasswordMisuse,
  validateAccountInput,
  type AccountField,
  type AccountInput,
  type AccountView,
  type FieldError,
} from '../../app/account';
import { DEFAULT_CODEC_SETTINGS, DEFAULT_MEDIA_ENCRYPTION } from '../../app/codec-preferences';
import type { AppError } from '../../app/result';
import { useT, type TranslationKey } from '../i18n/i18n';
import { useApi } from './contexts';
import { AccountTest } from './AccountTest';
import { errorWords } from './error-words';
import { Disclosure } from './Disclosure';
import { DtmfMethodField } from './DtmfMethodField';
import { keepAliveForInput } from './keep-alive';
import { CodecListField, MediaEncryptionField, TransportField } from './PlainSipFields';
import { initialValues, isPointingAtSavedServer, toInput, type FormValues } from './account-form-values';

export interface AccountFormProps {
  /** The account to edit; absent to add a new one. */
  readonly account?: AccountView;
  /** Called after main saved the account, with the name it is shown under. */
  onSaved(name: string): void;
  onCancel(): void;
}

/** Main's code for a saved password that would go to another server (see `savedPasswordMisuse`). */
const PASSWORD_FOR_NEW_SERVER = 'password-for-new-server';

const FIELD_ORDER: readonly AccountField[] = ['displayName', 'sipAddress', 'authUser', 'password', 'serverUrl', 'keepAliveIntervalSec', 'registerExpirySec', 'trustedCertificateSha256'];

/** Fields under "Advanced", opened when one of them has an error. */
const ADVANCED_FIELDS: readonly AccountField[] = ['keepAliveIntervalSec', 'registerExpirySec', 'trustedCertificateSha256'];

/** Auto-answer choices: off (the default), at once, or after a few seconds to see who it is. */
const AUTO_ANSWER_CHOICES: readonly (number | undefined)[] = [undefined, 0, 3, 5, 10];

export function AccountForm(props: AccountFormProps) {
  const { account } = props;
  const isAdding = account === undefined;
  const t = useT();
  const api = useApi();
  const headingId = useId();
  const enabledId = useId();
  const [values, setValues] = useState<FormValues>(() => initialValues(account));
  const [errors, setErrors] = useState<Partial<Record<AccountField, string>>>({});
  const [saveError, setSaveError] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const [isAdvancedOpen, setIsAdvancedOpen] = useState(
    () =>
      account !== undefined &&
      (account.keepAliveIntervalSec !== DEFAULT_KEEP_ALIVE_INTERVAL_SEC ||
        account.autoAnswerDelaySec !== undefined ||
        account.dtmfMethod !== DEFAULT_DTMF_METHOD ||
        account.registerExpirySec !== undefined ||
        ('detail' in account.status && account.status.detail?.code === 'tls-untrusted')),
  );
  const autoAnswerId = useId();
  // The server's certificate was refused: the user may trust exactly that one (never silently).
  const detail = account && 'detail' in account.status ? account.status.detail : undefined;
  const untrustedFingerprint = detail?.code === 'tls-untrusted' ? detail.params.fingerprint : undefined;
  const mayUseTls = values.transport === 'tls' || values.transport === 'auto';
  const voicemailId = useId();
  const pickupPrefixId = useId();
  // Focus moves after the render that shows the field (it may sit under "Advanced").
  const [fieldToFocus, setFieldToFocus] = useState<AccountField | null>(isAdding ? 'sipAddress' : 'displayName');
  const refs: Record<AccountField, RefObject<HTMLInputElement | null>> = {
    displayName: useRef<HTMLInputElement>(null),
    sipAddress: useRef<HTMLInputElement>(null),
    authUser: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
    serverUrl: useRef<HTMLInputElement>(null),
    keepAliveIntervalSec: useRef<HTMLInputElement>(null),
    registerExpirySec: useRef<HTMLInputElement>(null),
    trustedCertificateSha256: useRef<HTMLInputElement>(null),
  };

  useEffect(() => {
    if (fieldToFocus === null) return;
    refs[fieldToFocus].current?.focus();
    setFieldToFocus(null);
  }, [fieldToFocus]); // refs are stable

  const change = <K extends keyof FormValues>(field: K, value: FormValues[K]) => {
    setValues((current) => ({ ...current, [field]: value }));
    if (field in errors) setErrors((current) => ({ ...current, [field]: undefined }));
  };

  /** A saved password cannot go where the form now points: the password field asks for it. */
  const showPasswordNeeded = (error: FieldError | AppError) => {
    setErrors({ password: errorWords(t, error) });
    setFieldToFocus('password');
  };

  /** The checked input, or null after showing every error under its field. */
  const checkForm = (): { input: AccountInput; name: string } | null => {
    // A number field reads as empty while it holds text that is not a number.
    const isKeepAliveUnreadable = refs.keepAliveIntervalSec.current?.validity.badInput === true;
    const { input, keepAliveError } = toInput(values, isKeepAliveUnreadable);
    const validation = validateAccountInput(input, { isPasswordRequired: isAdding });
    if (!validation.ok || keepAliveError) {
      const fieldErrors = [...(validation.ok ? [] : validation.fieldErrors ?? []), ...(keepAliveError ? [keepAliveError] : [])];
      const byField: Partial<Record<AccountField, string>> = {};
      for (const error of fieldErrors) byField[error.field] ??= errorWords(t, error);
      setErrors(byField);
      const firstInvalid = FIELD_ORDER.find((field) => byField[field] !== undefined);
      if (ADVANCED_FIELDS.some((field) => byField[field] !== undefined)) setIsAdvancedOpen(true);
      if (firstInvalid) setFieldToFocus(firstInvalid);
      else if (!validation.ok) setSaveError(errorWords(t, validation.error));
      return null;
    }
    // Main refuses this too; asking here puts the question where the password is typed.
    const misuse = account && savedPasswordMisuse(passwordBindingOf(account), validation.value);
    if (misuse) {
      showPasswordNeeded(misuse);
      return null;
    }
    setErrors({});
    return { input: { ...input, keepAliveIntervalSec: keepAliveForInput(input.keepAliveIntervalSec) }, name: validation.value.displayName };
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (isSaving) return;
    setSaveError(null);
    const checked = checkForm();
    if (!checked) return;
    setIsSaving(true);
    const saved = checked.input;
    try {
      const result = account ? await api.updateAccount({ id: account.id, input: saved }) : await api.addAccount(saved);
      if (result.ok) props.onSaved(checked.name);
      else if (result.error.code === PASSWORD_FOR_NEW_SERVER) showPasswordNeeded(result.error);
      else setSaveError(errorWords(t, result.error));
    } finally {
      setIsSaving(false);
    }
  };

  const textField = (field: AccountField, label: TranslationKey, extra: FieldExtras = {}) => (
    <TextField
      field={field}
      label={t(label)}
      hint={extra.hint ? t(extra.hint) : undefined}
      error={errors[field]}
      inputRef={refs[field]}
      value={values[field]}
      onValueChange={(value) => change(field, value)}
      inputProps={{
        type: extra.type ?? 'text',
        inputMode: extra.inputMode,
        placeholder: extra.placeholder ? t(extra.placeholder) : undefined,
        autoComplete: extra.autoComplete ?? 'off',
        spellCheck: false,
        autoCapitalize: 'off',
        ...extra.inputProps,
      }}
    />
  );

  return (
    <form className="account-form" aria-labelledby={headingId} onSubmit={(event) => void submit(event)} noValidate>
      <h2 id={headingId}>{isAdding ? t('form.addHeading') : t('form.editHeading')}</h2>
      {textField('displayName', 'form.displayName', { hint: 'form.displayNameHint', autoComplete: 'nickname' })}
      {textField('sipAddress', 'form.sipAddress', { placeholder: 'form.sipAddressPlaceholder', inputMode: 'email' })}
      {textField('authUser', 'form.authUser', { hint: 'form.authUserHint' })}
      {textField('password', 'form.password', {
        type: 'password',
        autoComplete: 'new-password',
        // "Keep the saved one" only while it would go where it was saved for.
        placeholder: isAdding || !isPointingAtSavedServer(account, values) ? undefined : 'form.passwordKeepPlaceholder',
      })}
      <TransportField value={values.transport ?? DEFAULT_SIP_TRANSPORT} onChange={(transport) => change('transport', transport)} />
      {values.transport === 'websocket'
        ? textField('serverUrl', 'form.serverUrl', { placeholder: 'form.serverUrlPlaceholder', inputMode: 'url' })
        : textField('serverUrl', 'form.proxy', { placeholder: 'form.proxyPlaceholder', hint: 'form.proxyHint', inputMode: 'url' })}
      <div className="field field-checkbox">
        <input
          id={enabledId}
          type="checkbox"
          checked={values.enabled}
          onChange={(event) => change('enabled', event.target.checked)}
        />
        <label htmlFor={enabledId}>{t('form.enabled')}</label>
      </div>
      <Disclosure label={t('form.advanced')} isOpen={isAdvancedOpen} onOpenChange={setIsAdvancedOpen} className="form-advanced">
        {textField('keepAliveIntervalSec', 'form.keepAlive', {
          hint: 'form.keepAliveHint',
          type: 'number',
          inputMode: 'numeric',
          inputProps: {
            min: KEEP_ALIVE_INTERVAL_RANGE_SEC.min,
            max: KEEP_ALIVE_INTERVAL_RANGE_SEC.max,
            step: 1,
            placeholder: String(DEFAULT_KEEP_ALIVE_INTERVAL_SEC),
          },
        })}
        <div className="field">
          <label htmlFor={autoAnswerId}>{t('form.autoAnswer')}</label>
          <select
            id={autoAnswerId}
            value={values.autoAnswerDelaySec === undefined ? '' : String(values.autoAnswerDelaySec)}
            onChange={(event) => change('autoAnswerDelaySec', event.target.value === '' ? undefined : Number(event.target.value))}
          >
            {AUTO_ANSWER_CHOICES.map((seconds) => (
              <option key={String(seconds)} value={seconds === undefined ? '' : String(seconds)}>
                {seconds === undefined ? t('form.autoAnswerNever') : seconds === 0 ? t('form.autoAnswerNow') : t('form.autoAnswerAfter', { seconds })}
              </option>
            ))}
          </select>
        </div>
        <DtmfMethodField value={values.dtmfMethod ?? DEFAULT_DTMF_METHOD} onChange={(method) => change('dtmfMethod', method)} />
        {textField('registerExpirySec', 'form.registerExpiry', { hint: 'form.registerExpiryHint', type: 'number', inputMode: 'numeric', inputProps: { min: REGISTER_EXPIRY_RANGE_SEC.min, max: REGISTER_EXPIRY_RANGE_SEC.max, step: 1 } })}
        {values.transport !== 'websocket' && <CodecListField value={values.codecs ?? DEFAULT_CODEC_SETTINGS} onChange={(codecs) => change('codecs', codecs)} />}
        {mayUseTls && (
          <MediaEncryptionField value={values.mediaEncryption ?? DEFAULT_MEDIA_ENCRYPTION} onChange={(encryption) => change('mediaEncryption', encryption)} />
        )}
        {mayUseTls && textField('trustedCertificateSha256', 'form.trustedCertificate', { hint: 'form.trustedCertificateHint' })}
        {untrustedFingerprint && values.trustedCertificateSha256.trim() === '' && (
          <button type="button" className="button" onClick={() => change('trustedCertificateSha256', untrustedFingerprint)}>
            {t('form.trustCertificate')}
          </button>
        )}
        <div className="field">
          <label htmlFor={voicemailId}>{t('voicemail.numberLabel')}</label>
          <input
            id={voicemailId}
            value={values.voicemailNumber ?? ''}
            autoComplete="off"
            aria-describedby={`${voicemailId}-help`}
            onChange={(event) => change('voicemailNumber', event.target.value)}
          />
          <p id={`${voicemailId}-help`} className="field-hint">
            {t('voicemail.numberHelp')}
          </p>
        </div>
        <div className="field">
          <label htmlFor={pickupPrefixId}>{t('lamps.pickupPrefixLabel')}</label>
          <input
            id={pickupPrefixId}
            value={values.pickupPrefix ?? ''}
            placeholder={DEFAULT_PICKUP_PREFIX}
            autoComplete="off"
            aria-describedby={`${pickupPrefixId}-help`}
            onChange={(event) => change('pickupPrefix', event.target.value)}
          />
          <p id={`${pickupPrefixId}-help`} className="field-hint">
            {t('lamps.pickupPrefixHelp', { prefix: DEFAULT_PICKUP_PREFIX })}
          </p>
        </div>
      </Disclosure>
      {saveError && (
        <p className="inline-error" role="alert">
          {t('form.saveFailed', { message: saveError })}
        </p>
      )}
      <AccountTest accountId={account?.id} checkForm={() => checkForm()?.input ?? null} />
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={isSaving}>
          {isSaving ? t('form.saving') : t('form.save')}
        </button>
        <button type="button" className="button" onClick={props.onCancel}>
          {t('form.cancel')}
        </button>
      </div>
    </form>
  );
}

interface FieldExtras {
  readonly hint?: TranslationKey;
  readonly placeholder?: TranslationKey;
  readonly type?: 'text' | 'password' | 'number';
  readonly inputMode?: 'text' | 'email' | 'url' | 'numeric';
  readonly autoComplete?: string;
  readonly inputProps?: InputHTMLAttributes<HTMLInputElement>;
}

interface TextFieldProps {
  readonly field: AccountField;
  readonly label: string;
  readonly hint: string | undefined;
  readonly error: string | undefined;
  readonly inputRef: RefObject<HTMLInputElement | null>;
  readonly value: string;
  onValueChange(value: string): void;
  readonly inputProps: InputHTMLAttributes<HTMLInputElement>;
}

function TextField(props: TextFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [props.error ? errorId : null, props.hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field" data-field={props.field}>
      <label htmlFor={id}>{props.label}</label>
      <input
        {...props.inputProps}
        ref={props.inputRef}
        id={id}
        name={props.field}
        value={props.value}
        onChange={(event) => props.onValueChange(event.target.value)}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy}
      />
      {props.hint && (
        <p id={hintId} className="field-hint">
          {props.hint}
        </p>
      )}
      {props.error && (
        <p id={errorId} className="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}
