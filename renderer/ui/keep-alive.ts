/** The keep-alive interval between the account view and the account input. */
import { DEFAULT_KEEP_ALIVE_INTERVAL_SEC } from '../../app/account';

/**
 * What to send back to main for an interval shown as `seconds`: nothing for
 * the default, so the account keeps following the default if it changes.
 */
export function keepAliveForInput(seconds: number | undefined): number | undefined {
  return seconds === undefined || seconds === DEFAULT_KEEP_ALIVE_INTERVAL_SEC ? undefined : seconds;
}
