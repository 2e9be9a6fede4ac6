/**
 * The desktop notification of an incoming call, shown by main so that it
 * works with the window hidden or closed, and the action that comes back
 * from it to the renderer that runs the call.
 */
import { z } from 'zod';

/** What the notification names. */
export interface IncomingCallNotice {
  /** The renderer's id of the call. */
  readonly callId: string;
  /** Who calls: name and address, or the address alone. */
  readonly caller: string;
  /** Which of our accounts they called. */
  readonly account: string;
}

export const IncomingCallActionSchema = z.object({
  callId: z.string().min(1).max(128),
  action: z.enum(['answer', 'decline']),
});
/** Sent to the renderer: the user answered or declined from the notification. */
export type IncomingCallAction = z.infer<typeof IncomingCallActionSchema>;
