/**
 * main's door for renderer requests: unknown channels and payloads the
 * contract does not accept are refused before any handler sees them, and a
 * handler's bug comes back as a failed result, not an exception across IPC.
 */
import { invokeContract, isInvokeChannel } from '../../app/ipc-contract';
import { fail, type Result } from '../../app/result';
import type { InvokeHandlers } from './core-handlers';
import type { Logger } from './logger';
import type { RendererEntry } from './renderer-registry';

export async function invokeThroughContract(
  handlers: InvokeHandlers,
  renderer: RendererEntry,
  channel: unknown,
  payload: unknown,
  log: Logger,
): Promise<Result<unknown>> {
  if (!isInvokeChannel(channel)) return fail('unknown-channel', `Unknown request ${typeof channel === 'string' ? channel.slice(0, 40) : `(a ${typeof channel})`}.`);
  const parsed = invokeContract[channel].request.safeParse(payload);
  if (!parsed.success) {
    log.warn(`rejected ${channel}: invalid payload`);
    return fail('invalid-request', `The request ${channel} was malformed.`);
  }
  const handler = handlers[channel] as (request: unknown, renderer: RendererEntry) => Promise<Result<unknown>> | Result<unknown>;
  try {
    return await handler(parsed.data, renderer);
  } catch (error) {
    log.error(`${channel} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    return fail('internal-error', 'Something went wrong in the softphone; the details are in the log.');
  }
}
