/**
 * One call in History: its kind as an icon and in words (never color
 * alone), the time, the duration or why it failed, and the actions: Call
 * back, Add to contacts (for someone not yet saved) and Delete, and the
 * call's recording when it has one.
 */
import { useTranslation } from 'react-i18next';
import type { CallRecord } from '../../app/call-history';
import { callKind } from '../../app/history-view';
import { useT } from '../i18n/i18n';
import { useSoftphoneStore } from '../store/softphone-store';
import { callBackTarget, displayUri } from './call-words';
import { useApi, useCallControls } from './contexts';
import { errorWords } from './error-words';
import { callDetailWords, callKindIcon, callKindLabel } from './history-words';
import { HistoryRecording } from './HistoryRecording';
import { Icon } from './Icon';
import { qualitySummaryWords } from './media-words';

export interface HistoryRowEvents {
  onError(message: string): void;
  /** Deleted in main: the screen offers Undo. */
  onDeleted(record: CallRecord, name: string): void;
}

export interface HistoryRowProps {
  readonly record: CallRecord;
  /** The contact's name, else the caller's display name or address. */
  readonly name: string;
  readonly isContact: boolean;
  readonly events: HistoryRowEvents;
}

export function HistoryRow({ record, name, isContact, events }: HistoryRowProps) {
  const t = useT();
  const { i18n } = useTranslation();
  const api = useApi();
  const controls = useCallControls();
  const setContactDraft = useSoftphoneStore((state) => state.setContactDraft);
  const kind = callKind(record);
  const detail = callDetailWords(t, record);
  const time = new Intl.DateTimeFormat(i18n.language, { hour: 'numeric', minute: '2-digit' }).format(record.startedAt);

  const callBack = async () => {
    const result = await controls.call(record.accountId, callBackTarget(record));
    if (!result.ok) events.onError(t('history.callBackFailed', { message: errorWords(t, result.error) }));
  };
  const remove = async () => {
    const result = await api.removeCalls({ ids: [record.id] });
    if (result.ok) events.onDeleted(record, name);
    else events.onError(errorWords(t, result.error));
  };

  return (
    <li className="history-row" data-kind={kind}>
      <Icon name={callKindIcon(record)} size={18} />
      <div className="history-info">
        <p className="history-name">{name}</p>
        <p className="history-meta">
          <span className="history-kind">{callKindLabel(t, record)}</span> · <span>{time}</span>
          {detail && <> · <span>{detail}</span></>}
        </p>
        {record.quality && <p className="history-meta history-quality">{qualitySummaryWords(t, record.quality)}</p>}
        {record.recording && <HistoryRecording record={record} recording={record.recording} name={name} />}
      </div>
      <div className="history-actions">
        <button type="button" className="button button-icon" aria-label={t('history.callBack', { name })} title={t('history.callBack', { name })} onClick={() => void callBack()}>
          <Icon name="phone" size={16} />
        </button>
        {!isContact && (
          <button
            type="button"
            className="button button-icon"
            aria-label={t('history.addToContacts', { name })}
            title={t('history.addToContacts', { name })}
            onClick={() => setContactDraft({ name: record.remoteName?.trim() ?? '', number: displayUri(record.remoteUri) })}
          >
            <Icon name="contact-add" size={16} />
          </button>
        )}
        <button type="button" className="button button-icon" aria-label={t('history.delete', { name })} title={t('history.delete', { name })} onClick={() => void remove()}>
          <Icon name="trash" size={16} />
        </button>
      </div>
    </li>
  );
}
