/** The renderers (windows, browser pages) connected to the core, and what each reported. */
import type { CallSummary } from '../../app/call-state';
import type { EventChannelName, EventPayloadOf } from '../../app/ipc-contract';
import type { Result } from '../../app/result';

/** How a renderer receives events; each adapter turns this into its own transport. */
export type RendererSink = <E extends EventChannelName>(channel: E, payload: EventPayloadOf<E>) => void;

export interface RendererConnection {
  invoke(channel: unknown, payload: unknown): Promise<Result<unknown>>;
  /** The renderer is gone (closed, reloaded, crashed). */
  close(): void;
}

export interface RendererEntry {
  readonly id: number;
  readonly sink: RendererSink;
  /** The calls this renderer last reported (it owns live call state). */
  calls: readonly CallSummary[];
}

export class RendererRegistry {
  private readonly entries = new Map<number, RendererEntry>();
  private nextId = 1;

  add(sink: RendererSink): RendererEntry {
    const entry: RendererEntry = { id: this.nextId++, sink, calls: [] };
    this.entries.set(entry.id, entry);
    return entry;
  }

  remove(entry: RendererEntry): void {
    this.entries.delete(entry.id);
  }

  isConnected(entry: RendererEntry): boolean {
    return this.entries.has(entry.id);
  }

  all(): RendererEntry[] {
    return [...this.entries.values()];
  }

  broadcast<E extends EventChannelName>(channel: E, payload: EventPayloadOf<E>): void {
    for (const entry of this.entries.values()) entry.sink(channel, payload);
  }

  /** Every call every renderer reported. */
  calls(): CallSummary[] {
    return this.all().flatMap((entry) => entry.calls);
  }
}
