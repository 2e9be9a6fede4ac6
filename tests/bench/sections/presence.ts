/**
 * Presence latency, core to core through a Kamailio that is a presence
 * server (its own instance: the run's shared one has no presence modules):
 *
 * - `presence_update_ms`: from `settings:update` of the status at one core
 *   (its PUBLISH) to the watching core's first snapshot that shows the new
 *   status beside the contact (the presence server's NOTIFY arrived).
 *
 * No baseline: a bare sip.js UserAgent publishes nothing by itself.
 */
import { performance } from 'node:perf_hooks';
import type { AppSnapshot } from '../../../app/ipc-contract';
import type { ChosenPresence } from '../../../app/presence';
import { startTestCore } from '../../support/core-fixture';
import { startKamailio } from '../../support/kamailio';
import { waitFor } from '../../support/wait-for';
import type { BenchContext, BenchSection, SectionResult } from '../bench-section';
import { Cleanup } from '../cleanup';
import { whenSnapshot } from '../when-snapshot';
import { median, quantile, roundMs, spread } from '../stats';

const TIMEOUT_MS = 10_000;

export const presenceSection: BenchSection = {
  name: 'presence',
  title: "a contact's status change",
  async run(context: BenchContext): Promise<SectionResult> {
    const cleanup = new Cleanup();
    try {
      const kamailio = await startKamailio({ presence: true });
      cleanup.add('presence kamailio', () => kamailio.stop());
      const publisher = startTestCore();
      cleanup.add('presence publisher', () => publisher.stop());
      const watcher = startTestCore({ presenceTuning: { watch: { spreadMs: 0 } } });
      cleanup.add('presence watcher', () => watcher.stop());
      const publisherId = await publisher.addAccount({ sipAddress: `carol@${kamailio.domain}`, password: kamailio.users.carol!, serverUrl: kamailio.wsUrl });
      const watcherId = await watcher.addAccount({ sipAddress: `dave@${kamailio.domain}`, password: kamailio.users.dave!, serverUrl: kamailio.wsUrl });
      await Promise.all([publisher.waitForStatus(publisherId, 'registered'), watcher.waitForStatus(watcherId, 'registered')]);
      const added = await watcher.invoke<{ id: string }>('contacts:add', { name: 'Carol', numbers: [{ label: 'extension', value: 'carol' }], isFavourite: false });
      if (!added.ok) throw new Error(`contacts:add failed: ${added.error.message}`);
      const contactId = added.value.id;
      const stateIn = (snapshot: AppSnapshot) => snapshot.presence?.contacts.find((entry) => entry.contactId === contactId)?.state;
      await waitFor('carol available at dave', () => stateIn(watcher.core.snapshot) === 'available', TIMEOUT_MS);

      const updates: number[] = [];
      for (let round = 0; round < context.warmups + context.samples; round += 1) {
        const status: ChosenPresence = round % 2 === 0 ? 'away' : 'busy';
        const shown = whenSnapshot(watcher, (snapshot) => stateIn(snapshot) === status, TIMEOUT_MS);
        const startedAt = performance.now();
        const changed = await publisher.invoke('settings:update', { presenceStatus: status });
        if (!changed.ok) throw new Error(`settings:update failed: ${changed.error.message}`);
        const updateMs = (await shown) - startedAt;
        if (round >= context.warmups) updates.push(updateMs);
      }
      context.log(`presence: update ${Math.round(median(updates))} ms`);
      return {
        figures: { presence_update_ms: roundMs(median(updates)), presence_update_p95_ms: roundMs(quantile(updates, 0.95)) },
        summary: [`presence update   ${Math.round(median(updates))} ms (${spread(updates)})`],
        samples: { updates },
      };
    } finally {
      await cleanup.run();
    }
  },
};
