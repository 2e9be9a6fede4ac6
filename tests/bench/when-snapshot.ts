/** Timing a core's state: when its first snapshot that satisfies a condition was published. */
import { performance } from 'node:perf_hooks';
import type { AppSnapshot } from '../../app/ipc-contract';
import type { TestCore } from '../support/core-fixture';

/** Resolves with the time (performance.now) of the first snapshot of `core` for which `isDone` holds; rejects after `timeoutMs`. */
export function whenSnapshot(core: TestCore, isDone: (snapshot: AppSnapshot) => boolean, timeoutMs = 10_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error('no such snapshot in time'));
    }, timeoutMs);
    const stop = core.core.onSnapshot((snapshot) => {
      if (!isDone(snapshot)) return;
      clearTimeout(timer);
      stop();
      resolve(performance.now());
    });
  });
}
