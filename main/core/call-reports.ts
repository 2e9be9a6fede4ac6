/**
 * The calls renderers report (they own live call state): kept per renderer
 * for snapshots, and one desktop notification per incoming call ringing in
 * any window, whose Answer / Decline go to that window.
 */
import type { CallSummary } from '../../app/call-state';
import { ok } from '../../app/result';
import type { StoredAccount } from './account-store';
import type { CoreHandlerContext } from './core-handler-context';
import type { InvokeHandlers } from './core-handlers';
import { IncomingCallNotifier } from './incoming-call-notifier';
import type { RendererEntry, RendererRegistry } from './renderer-registry';

export class CallReports {
  private readonly notifier: IncomingCallNotifier;

  constructor(
    private readonly context: Pick<CoreHandlerContext, 'ports' | 'publish'> & { accountOf(id: string): StoredAccount | undefined },
    private readonly renderers: RendererRegistry,
  ) {
    this.notifier = new IncomingCallNotifier({
      show: context.ports.showIncomingCall,
      requestWindow: () => context.ports.requestWindow(),
      describe: (call) => describeIncomingCall(call, context.accountOf(call.accountId)),
    });
  }

  readonly handlers: InvokeHandlers<'calls:report'> = {
    'calls:report': ({ calls }, renderer) => {
      renderer.calls = calls;
      this.syncNotices();
      this.context.publish();
      return ok(null);
    },
  };

  /** The renderer is gone (already removed from the registry): its calls' notifications close. */
  forgetRenderer(renderer: RendererEntry): void {
    if (renderer.calls.length === 0) return;
    this.syncNotices();
    this.context.publish();
  }

  closeAll(): void {
    this.notifier.closeAll();
  }

  private syncNotices(): void {
    this.notifier.sync(
      this.renderers.all().flatMap((renderer) =>
        renderer.calls
          .filter((call) => call.direction === 'incoming' && call.phase === 'ringing')
          .map((call) => ({ call, deliver: (action: 'answer' | 'decline') => renderer.sink('calls:incoming-action', { callId: call.id, action }) })),
      ),
    );
  }
}

/** "Alice <alice@example.com>"-style words for the notification, from what the renderer reported. */
function describeIncomingCall(call: CallSummary, account: StoredAccount | undefined): { caller: string; account: string } {
  const address = call.remoteUri.replace(/^sips?:/i, '').replace(/[;?].*$/, '');
  const name = call.remoteName?.trim();
  return {
    caller: name && name !== address ? `${name} (${address})` : address,
    account: account ? account.displayName.trim() || account.address.toString() : '',
  };
}
