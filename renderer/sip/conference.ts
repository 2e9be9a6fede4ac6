/** A local three-way conference: two connected calls merged through the {@link ConferenceMixer}, and split again. */
import { SessionState, Web } from 'sip.js';
import { describeError, fail, type ActionResult } from '../../app/result';
import type { CallHolding } from './call-holding';
import type { ConferenceLeg, ConferenceMixer } from './conference-mixer';
import type { LiveCall, LiveCalls } from './live-calls';

export class Conference {
  constructor(
    private readonly calls: LiveCalls,
    private readonly mixer: ConferenceMixer,
    private readonly holding: CallHolding,
  ) {}

  async merge(callId: string, otherCallId: string): Promise<ActionResult> {
    try {
      return await this.mergeCalls(callId, otherCallId);
    } catch (error) {
      console.warn(`merge failed: ${describeError(error)}`);
      return fail('merge-audio', `The calls' audio could not be mixed: ${describeError(error)}`);
    }
  }

  unmerge(callId: string): void {
    const call = this.calls.get(callId);
    if (!call?.view.conferenceId) return;
    void this.split().then(() => this.holding.holdOtherLines(this.calls.get(callId)?.view ?? call.view));
  }

  /** A conference with one party left is an ordinary call again. */
  onEnded(callId: string): void {
    if (this.mixer.has(callId)) void this.split();
  }

  private async mergeCalls(callId: string, otherCallId: string): Promise<ActionResult> {
    const members = [callId, otherCallId].map((id) => this.calls.get(id));
    if (!members.every((member): member is LiveCall => member?.session.state === SessionState.Established)) {
      return fail('merge-not-connected', 'Both calls must be connected to merge them.');
    }
    // Both parties must hear us, so both come off hold (everything else stays held).
    await this.holding.holdOtherLines(members[0]!.view, [otherCallId]);
    const resumed = await Promise.all(members.map((member) => this.holding.hold(member, false)));
    if (!resumed.every(Boolean)) return fail('merge-resume', 'A call could not be taken off hold, so the calls were not merged.');
    const legs = members.map((member) => conferenceLeg(member));
    if (!legs.every((leg): leg is ConferenceLeg => leg !== undefined)) return fail('merge-audio', 'A call has no audio to mix.');
    await this.mixer.merge(legs);
    const conferenceId = crypto.randomUUID();
    for (const member of members) {
      this.calls.update(member.view.id, { conferenceId });
      this.holding.applyTrackState(member);
    }
    return { ok: true };
  }

  /** Every call gets its own microphone back and leaves the conference. */
  private async split(): Promise<void> {
    const memberIds = this.mixer.callIds;
    await this.mixer.split();
    for (const id of memberIds) {
      const member = this.calls.get(id);
      if (!member) continue;
      this.calls.update(id, { conferenceId: undefined });
      if (member.session.state === SessionState.Established) this.holding.applyTrackState(member);
    }
  }
}

/** What the mixer needs of an established call. */
function conferenceLeg(call: LiveCall): ConferenceLeg | undefined {
  const handler = call.session.sessionDescriptionHandler;
  if (!(handler instanceof Web.SessionDescriptionHandler) || !handler.peerConnection) return undefined;
  const microphone = handler.localMediaStream.getAudioTracks()[0];
  if (!microphone) return undefined;
  return { callId: call.view.id, peerConnection: handler.peerConnection, microphone, remote: handler.remoteMediaStream };
}
