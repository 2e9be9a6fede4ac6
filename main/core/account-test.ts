/**
 * "Test account": registers the entered (maybe unsaved) settings once on a
 * temporary connection, then unregisters and closes it, and says what
 * happened.
 *
 * @remarks
 * It runs a real {@link AccountAgent} (the same connection, registration
 * and failure classification as a saved account) under a throw-away id and
 * instance id, and stops it at its first verdict, so nothing is retried and
 * nothing stays registered.
 */
import { randomUUID } from 'node:crypto';
import type { AccountTestResult } from '../../app/account-test';
import { connectionUrlOf, type ValidAccountInput } from '../../app/account';
import type { RegistrationStatus } from '../../app/registration-status';
import { AccountAgent } from './account-agent';
import type { Logger } from './logger';

export interface AccountTestOptions {
  /** How long the REGISTER may go unanswered on an open connection ("not a SIP server"). */
  readonly registerTimeoutMs?: number;
}

const DEFAULT_REGISTER_TIMEOUT_MS = 8_000;

export async function testAccountRegistration(
  input: ValidAccountInput,
  log: Logger,
  options: AccountTestOptions = {},
): Promise<AccountTestResult> {
  let sawRegistering = false;
  let settle: (status: RegistrationStatus) => void = () => undefined;
  const verdict = new Promise<RegistrationStatus>((resolve) => (settle = resolve));
  const agent = new AccountAgent(
    {
      id: `test-${randomUUID()}`,
      displayName: input.displayName,
      address: input.address,
      authUser: input.authUser,
      password: input.password,
      serverUrl: connectionUrlOf(input),
      ...(input.trustedCertificateSha256 ? { pinnedCertificateSha256: input.trustedCertificateSha256 } : {}),
      ...(input.registerExpirySec ? { registerExpiresSec: input.registerExpirySec } : {}),
      instanceId: randomUUID(),
      registerTimeoutMs: options.registerTimeoutMs ?? DEFAULT_REGISTER_TIMEOUT_MS,
      // A test never lives long enough to need proof of reachability.
      reachabilityIntervalMs: 3_600_000,
    },
    {
      onStatus: (status) => {
        if (status.kind === 'registering') sawRegistering = true;
        if (status.kind === 'registered' || status.kind === 'failed' || status.kind === 'unreachable') settle(status);
      },
      onRendererMessage: () => undefined,
      onConnectivity: () => undefined,
      onRendererNeeded: () => undefined,
      // No window runs calls for a test connection: turn calls away at once.
      rejectIncomingCall: () => 480,
    },
    log,
  );
  agent.start();
  const status = await verdict;
  await agent.stop();
  return describeVerdict(status, input.serverUrl, sawRegistering);
}

function describeVerdict(status: RegistrationStatus, serverUrl: string, wasConnected: boolean): AccountTestResult {
  if (status.kind === 'registered') return { outcome: 'registered', serverUrl };
  const detail = 'detail' in status ? status.detail : undefined;
  if (status.kind !== 'failed') return { outcome: 'server-unreachable', serverUrl, detail };
  const { statusCode } = status;
  switch (status.reason) {
    case 'wrong-credentials':
      return { outcome: 'wrong-credentials', serverUrl, statusCode, detail };
    case 'tls-error':
      return { outcome: 'tls-error', serverUrl, detail };
    case 'server-unreachable':
      return { outcome: 'server-unreachable', serverUrl, detail };
    case 'timed-out':
      // Connected, yet nothing answered the REGISTER: not SIP on the other end.
      return { outcome: wasConnected && statusCode === undefined ? 'not-sip-server' : 'server-unreachable', serverUrl, statusCode, detail };
    case 'server-rejected': {
      // Before the WebSocket opened, a rejection is an HTTP answer to the upgrade.
      const httpStatus = detail?.code === 'upgrade-refused' ? detail.params.httpStatus : undefined;
      if (!wasConnected) return { outcome: 'not-sip-server', serverUrl, statusCode: httpStatus, detail };
      return { outcome: 'server-rejected', serverUrl, statusCode, detail };
    }
  }
}
