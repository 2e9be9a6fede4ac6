/**
 * "Test account" in the account form: main registers what is typed (saved
 * or not) once on a temporary connection and the verdict shows in words.
 */
import { useState } from 'react';
import type { AccountInput } from '../../app/account';
import type { AccountTestResult } from '../../app/account-test';
import { useT, type Translate } from '../i18n/i18n';
import { useApi } from './contexts';
import { Icon } from './Icon';
import { errorWords } from './error-words';
import { hostOf, statusDetailWords } from './status-words';
import { describeError } from '../../app/result';

export interface AccountTestProps {
  /** The saved account being edited: an empty password then means its saved one. */
  readonly accountId?: string;
  /** Checks the form (showing errors under the fields); null when it is not valid. */
  checkForm(): AccountInput | null;
}

type TestState = { readonly kind: 'idle' } | { readonly kind: 'testing' } | { readonly kind: 'done'; readonly isOk: boolean; readonly words: string };

export function AccountTest(props: AccountTestProps) {
  const t = useT();
  const api = useApi();
  const [state, setState] = useState<TestState>({ kind: 'idle' });

  const run = async () => {
    const input = props.checkForm();
    if (!input) {
      setState({ kind: 'idle' });
      return;
    }
    setState({ kind: 'testing' });
    try {
      const result = await api.testAccount({ input, ...(props.accountId ? { accountId: props.accountId } : {}) });
      if (result.ok) setState({ kind: 'done', isOk: result.value.outcome === 'registered', words: accountTestWords(t, result.value) });
      else setState({ kind: 'done', isOk: false, words: t('accountTest.failed', { message: errorWords(t, result.error) }) });
    } catch (error) {
      setState({ kind: 'done', isOk: false, words: t('accountTest.failed', { message: describeError(error) }) });
    }
  };

  return (
    <div className="account-test">
      <button type="button" className="button" disabled={state.kind === 'testing'} onClick={() => void run()}>
        {state.kind === 'testing' ? t('accountTest.testing') : t('accountTest.button')}
      </button>
      <p className="account-test-result" role="status" data-outcome={state.kind === 'done' ? (state.isOk ? 'ok' : 'failed') : undefined}>
        {state.kind === 'done' && (
          <>
            <Icon name={state.isOk ? 'info' : 'warning'} size={16} />
            <span>{state.words}</span>
          </>
        )}
      </p>
    </div>
  );
}

/**
 * The verdict in the account chip's words (statusHelp.*, detail.*): what
 * failed, then why, as the chip's details say it for a saved account.
 */
function accountTestWords(t: Translate, result: AccountTestResult): string {
  const verdict = verdictWords(t, result);
  // Only a failed connection needs the why: a refusal, an unknown name and a bad certificate need different fixes.
  const needsCause = result.outcome === 'server-unreachable' || result.outcome === 'tls-error';
  return needsCause && result.detail ? `${verdict} ${statusDetailWords(t, result.detail)}` : verdict;
}

function verdictWords(t: Translate, result: AccountTestResult): string {
  const url = result.serverUrl;
  switch (result.outcome) {
    case 'registered':
      return t('accountTest.registered');
    case 'wrong-credentials':
      return t('accountTest.wrongCredentials');
    case 'server-unreachable':
      return t('statusHelp.serverUnreachable', { server: hostOf(url) });
    case 'not-sip-server':
      return result.statusCode === undefined ? t('accountTest.notSipServer', { url }) : t('accountTest.notSipServerHttp', { url, code: result.statusCode });
    case 'tls-error':
      return t('statusHelp.tlsError', { server: hostOf(url) });
    case 'server-rejected':
      return result.statusCode === undefined ? t('accountTest.serverRejectedNoCode') : t('accountTest.serverRejected', { code: result.statusCode });
  }
}
