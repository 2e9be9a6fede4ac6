/**
 * Live calls are owned by the renderer (where sip.js runs them); it reports
 * this summary to main for the tray, notifications and "don't quit during a
 * call".
 */
export type CallDirection = 'outgoing' | 'incoming';

export type CallPhase =
  | 'calling' // INVITE sent, nothing back yet
  | 'ringing' // outgoing: 180/183 received; incoming: ringing here
  | 'connected'
  | 'ended';

export interface CallSummary {
  readonly id: string;
  readonly accountId: string;
  readonly direction: CallDirection;
  readonly remoteUri: string;
  readonly remoteName?: string;
  readonly phase: CallPhase;
  readonly startedAt: number;
  readonly answeredAt?: number;
  readonly isMuted: boolean;
}
