/** What the domain handler modules share: the ports, the stores, and how to tell the core something changed. */
import type { CorePorts } from './core-ports';
import type { NoticeBoard } from './notice-board';
import type { ProfileStores } from './profile-stores';

export interface CoreHandlerContext {
  readonly ports: CorePorts;
  readonly stores: ProfileStores;
  readonly notices: NoticeBoard;
  /** Something in a snapshot changed: push a new one (coalesced). */
  publish(): void;
  /** Accounts or settings changed: background work and OS integration follow, then a snapshot. */
  onAccountsChanged(): void;
}
