/**
 * Import (the page reads the file the user picks and sends its text: the
 * same in Electron and the browser host), export (main saves through its
 * dialog, or hands the text back for a download), and the country assumed
 * for numbers typed without a country code.
 */
import { useEffect, useId, useMemo, useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { getCountries } from 'libphonenumber-js';
import type { ContactExportFormat, ContactExportResult, ContactImportSummary } from '../../app/contact';
import { useT } from '../i18n/i18n';
import { localeCountry, useContacts } from './contact-hooks';
import { importIssueWords } from './contact-words';
import { errorWords } from './error-words';
import { useApi } from './contexts';
import { useSettingsUpdate } from './use-settings-update';
import { describeError } from '../../app/result';

type Outcome = { readonly kind: 'imported'; readonly summary: ContactImportSummary } | { readonly kind: 'exported'; readonly result: ContactExportResult } | { readonly kind: 'error'; readonly message: string };

/** Which control an outcome belongs under: the user reads it where they clicked. */
type Placed = Outcome & { readonly after: 'import' | 'export' };

export function ContactsTransfer() {
  const t = useT();
  const api = useApi();
  const fileRef = useRef<HTMLInputElement>(null);
  const ids = { heading: useId(), format: useId(), region: useId() };
  const [format, setFormat] = useState<ContactExportFormat>('vcard-4');
  const [outcome, setOutcome] = useState<Placed | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setIsBusy(true);
    try {
      const result = await api.importContacts({ fileName: file.name, text: await file.text() });
      setOutcome(result.ok ? { kind: 'imported', summary: result.value, after: 'import' } : { kind: 'error', message: errorWords(t, result.error), after: 'import' });
    } catch (error) {
      setOutcome({ kind: 'error', message: t('contacts.importUnreadable', { message: describeError(error) }), after: 'import' });
    } finally {
      setIsBusy(false);
    }
  };

  const exportFile = async () => {
    setIsBusy(true);
    try {
      const result = await api.exportContacts({ format });
      if (!result.ok) return setOutcome({ kind: 'error', message: errorWords(t, result.error), after: 'export' });
      if (result.value.kind === 'content') download(result.value.fileName, result.value.mimeType, result.value.content);
      setOutcome({ kind: 'exported', result: result.value, after: 'export' });
    } finally {
      setIsBusy(false);
    }
  };

  return (
    <section className="contacts-transfer" aria-labelledby={ids.heading}>
      <h2 id={ids.heading}>{t('contacts.transferHeading')}</h2>
      <div className="contacts-transfer-row">
        <button type="button" className="button" disabled={isBusy} onClick={() => fileRef.current?.click()}>
          {t('contacts.import')}
        </button>
        <input ref={fileRef} type="file" hidden accept=".vcf,.vcard,.csv,text/vcard,text/csv" aria-label={t('contacts.importFile')} onChange={(event) => void importFile(event)} />
      </div>
      <OutcomeRegion outcome={outcome?.after === 'import' ? outcome : null} />
      <div className="contacts-transfer-row">
        <label htmlFor={ids.format}>{t('contacts.exportFormat')}</label>
        <select id={ids.format} value={format} onChange={(event) => setFormat(event.target.value as ContactExportFormat)}>
          <option value="vcard-4">{t('contacts.formats.vcard4')}</option>
          <option value="vcard-3">{t('contacts.formats.vcard3')}</option>
          <option value="csv">{t('contacts.formats.csv')}</option>
        </select>
        <button type="button" className="button" disabled={isBusy} onClick={() => void exportFile()}>
          {t('contacts.export')}
        </button>
      </div>
      <OutcomeRegion outcome={outcome?.after === 'export' ? outcome : null} />
      <RegionField id={ids.region} />
    </section>
  );
}

/**
 * Always in the page, right under its control, so a screen reader announces
 * what appears in it (a live region added together with its text often is
 * not) and the eye finds it where it just clicked.
 */
function OutcomeRegion({ outcome }: { outcome: Outcome | null }) {
  const ref = useRef<HTMLDivElement>(null);
  const contacts = useContacts();
  // The list the outcome arrived with; the imported contacts come after it (a new contacts revision).
  const listAtOutcome = useRef<readonly unknown[] | null>(null);
  // An import lengthens the list above: bring the result into view, and again once the new list is shown.
  useEffect(() => {
    listAtOutcome.current = outcome ? contacts : null;
    if (outcome) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [outcome]);
  useEffect(() => {
    if (listAtOutcome.current === null || listAtOutcome.current === contacts) return;
    listAtOutcome.current = null;
    ref.current?.scrollIntoView({ block: 'nearest' });
  }, [contacts]);
  return (
    <div ref={ref} className="contacts-transfer-outcome" role="status" aria-live="polite">
      {outcome && <TransferOutcome outcome={outcome} />}
    </div>
  );
}

function TransferOutcome({ outcome }: { outcome: Outcome }) {
  const t = useT();
  if (outcome.kind === 'error') return <p className="inline-error">{outcome.message}</p>;
  if (outcome.kind === 'exported') {
    const { result } = outcome;
    return (
      <p>
        {result.kind === 'cancelled' ? t('contacts.exportCancelled') : result.kind === 'saved' ? t('contacts.exportSaved', { count: result.count, path: result.path }) : t('contacts.exportDownloaded', { count: result.count, file: result.fileName })}
      </p>
    );
  }
  const { summary } = outcome;
  return (
    <>
      <p>
        {t('contacts.imported', { count: summary.imported })}
        {summary.duplicates > 0 && ` ${t('contacts.importDuplicates', { count: summary.duplicates })}`}
      </p>
      {summary.issueCount > 0 && (
        <>
          <p>{t('contacts.importIssues', { count: summary.issueCount })}</p>
          <ul className="contacts-import-issues">
            {summary.issues.map((issue) => (
              <li key={`${issue.line}-${issue.message}`}>{importIssueWords(t, issue)}</li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

function RegionField({ id }: { id: string }) {
  const t = useT();
  const { i18n } = useTranslation();
  const { settings, pending, error, update } = useSettingsUpdate();
  const countries = useMemo(() => {
    const names = new Intl.DisplayNames([i18n.language], { type: 'region' });
    const collator = new Intl.Collator(i18n.language);
    return getCountries()
      .map((code) => ({ code, name: names.of(code) ?? code }))
      .sort((a, b) => collator.compare(a.name, b.name));
  }, [i18n.language]);
  const fromLanguage = localeCountry();
  const automatic = fromLanguage ? countries.find((country) => country.code === fromLanguage)?.name : undefined;
  return (
    <div className="field contacts-region">
      <label htmlFor={id}>{t('contacts.regionLabel')}</label>
      <select id={id} value={pending.defaultCountry ?? settings?.defaultCountry ?? ''} onChange={(event) => void update({ defaultCountry: event.target.value })}>
        <option value="">{automatic ? t('contacts.regionAutomatic', { country: automatic }) : t('contacts.regionNone')}</option>
        {countries.map((country) => (
          <option key={country.code} value={country.code}>
            {country.name}
          </option>
        ))}
      </select>
      <p className="field-hint">{t('contacts.regionHint')}</p>
      {error && (
        <p className="field-error" role="alert">
          {errorWords(t, error)}
        </p>
      )}
    </div>
  );
}

/** The browser host has no save dialog: the page offers the text as a download. */
function download(fileName: string, mimeType: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: `${mimeType};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
