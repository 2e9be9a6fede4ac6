/** Outgoing calls: dialling, the INVITE and its progress, and 3xx redirects followed with a new INVITE. */
import { Inviter, SessionState, UserAgent, type Core } from 'sip.js';
import { addressOfView } from '../../app/account';
import { callProgressFromResponse } from '../../app/call-progress';
import { describeError, fail, type ActionResult } from '../../app/result';
import { parseDialTarget } from '../../app/sip-address';
import { callFailureFromRejection } from '../../app/sip-failure';
import { outgoingOptions } from './audio-only';
import type { CallAgents } from './call-agents';
import type { CallHolding } from './call-holding';
import type { CallLifecycle } from './call-lifecycle';
import type { CallMediaController } from './call-media';
import { CancellableInvite } from './cancellable-invite';
import { followLateMicrophone } from './late-microphone';
import { accountOf, type LiveCalls } from './live-calls';

/**
 * How long after its INVITE left a call waits to be shown if no response
 * shows it sooner. Rendering the call panel takes the window's main thread
 * for tens of milliseconds the first time; done while a challenge (407) is
 * on its way back, it holds up the INVITE sent again with credentials. The
 * first response (100 Trying, usually for that second INVITE) shows the call
 * at once; this bounds the wait on a slow or silent server, well under the
 * ~100 ms a user perceives as instant.
 */
const SHOW_CALL_WITHIN_MS = 50;

export class OutgoingCalls {
  private readonly invites = new WeakMap<Inviter, CancellableInvite>();

  constructor(
    private readonly calls: LiveCalls,
    private readonly agents: CallAgents,
    private readonly lifecycle: CallLifecycle,
    private readonly holding: CallHolding,
    private readonly media: CallMediaController,
  ) {}

  /** `extraHeaders`: for a pickup with Replaces (see app/sip/pickup.ts). */
  async call(accountId: string, target: string, extraHeaders: readonly string[] = []): Promise<ActionResult> {
    const account = accountOf(accountId);
    const address = account && addressOfView(account);
    if (!address) return fail('call-no-account', 'Choose an account to call from.');
    const uriText = parseDialTarget(target, address);
    if (!uriText.ok) return uriText;
    const agent = await this.agents.ready(accountId);
    if (!agent) return fail('call-not-connected', 'This account is not connected yet. Check its status at the top.');
    const uri = UserAgent.makeURI(uriText.value);
    if (!uri) return fail('call-address', `"${target}" is not a valid address.`);

    // "Add call": the line in use waits on hold while the new one is placed.
    await this.holding.holdOtherLines(undefined);
    this.start(new Inviter(agent.userAgent, uri, { ...outgoingOptions(), extraHeaders: [...extraHeaders] }), accountId, uriText.value);
    return { ok: true };
  }

  /** Shows and sends a call built elsewhere too (a transfer we follow). */
  start(inviter: Inviter, accountId: string, remoteUri: string, remoteName?: string): void {
    const id = crypto.randomUUID();
    // Shown at the first response, or soon after the INVITE left (see SHOW_CALL_WITHIN_MS), or at its first change.
    this.lifecycle.track(inviter, { id, accountId, direction: 'outgoing', remoteUri, remoteName, phase: 'calling' }, false);
    this.sendInvite(id, inviter);
  }

  /** Cancels outgoing call `callId` while it is not answered (see {@link CancellableInvite}). */
  cancel(callId: string): void {
    const session = this.calls.get(callId)?.session;
    if (session instanceof Inviter) this.invites.get(session)?.cancel();
  }

  private sendInvite(callId: string, inviter: Inviter): void {
    const invite = new CancellableInvite(inviter);
    this.invites.set(inviter, invite);
    const show = () => this.calls.show(callId);
    invite
      .send({
        onTrying: show,
        onProgress: (response) => this.onProgress(callId, response),
        onRedirect: (response) => this.followRedirect(callId, response),
        onReject: (response) =>
          this.calls.fail(callId, callFailureFromRejection(response.message.statusCode ?? 0, response.message.reasonPhrase, response.message.getHeader('Warning'))),
      })
      .then(
        // A prepared offer left before the microphone opened: if it cannot be opened, the call ends in words, as an answer's does.
        () => {
          setTimeout(show, SHOW_CALL_WITHIN_MS);
          followLateMicrophone(callId, inviter, { calls: this.calls, holding: this.holding }, (error) => {
            this.calls.fail(callId, { code: 'media', message: `Could not start audio: ${describeError(error)}` });
            if (inviter.state === SessionState.Established) inviter.bye().catch(() => undefined);
            else invite.cancel();
          });
        },
        (error: unknown) => {
          this.calls.fail(callId, { code: 'failed', message: describeError(error) });
          show();
        },
      );
  }

  /** A 3xx: the same call goes on with a new INVITE to the first Contact (see redirect.ts). */
  private followRedirect(callId: string, response: Core.IncomingResponse): void {
    const call = this.calls.get(callId);
    const agent = call && this.agents.get(call.view.accountId);
    if (!call || !agent) return;
    const decision = this.media.redirect(callId, call.view.remoteUri, response);
    if (!decision.ok) return this.calls.fail(callId, decision.failure);
    const inviter = new Inviter(agent.userAgent, decision.uri, outgoingOptions());
    call.session = inviter;
    this.lifecycle.watch(callId, inviter);
    this.calls.update(callId, { remoteUri: decision.uri.toString(), phase: 'calling', hasEarlyMedia: false });
    this.sendInvite(callId, inviter);
  }

  private onProgress(callId: string, response: Core.IncomingResponse): void {
    const statusCode = response.message.statusCode ?? 0;
    if (statusCode === 100) return;
    const progress = callProgressFromResponse(statusCode, response.message.body.length > 0);
    const hasEarlyMedia = progress === 'early-media';
    this.calls.update(callId, { phase: 'ringing', hasEarlyMedia });
    this.media.onProgress(callId, progress);
    const call = this.calls.get(callId);
    if (hasEarlyMedia && call) this.lifecycle.playRemoteAudio(callId, call.session);
  }
}
