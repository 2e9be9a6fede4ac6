/** openDataFile on real files, for any store factory (conf here; electron-store in the app takes the same path). */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { z } from 'zod';
import { confDataFiles, openDataFile, storeDataFiles, type DataFileProblem } from '../../../main/core/data-file';

const SHAPE = z.object({ items: z.array(z.unknown()).optional() }).passthrough();

function withFolder(run: (directory: string) => void): void {
  const directory = mkdtempSync(join(tmpdir(), 'softphone-data-file-'));
  try {
    run(directory);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

test('a second unusable file in the same millisecond never replaces the first one kept aside', () =>
  withFolder((directory) => {
    const files = confDataFiles(directory);
    writeFileSync(join(directory, 'items.json'), 'first');
    assert.equal(openDataFile(files, 'items', SHAPE, { now: 1 }).problem?.kind, 'kept-aside');
    writeFileSync(join(directory, 'items.json'), 'second');
    assert.equal(openDataFile(files, 'items', SHAPE, { now: 1 }).problem?.kind, 'kept-aside');
    const kept = readdirSync(directory).filter((name) => name.startsWith('items.unreadable-')).map((name) => readFileSync(join(directory, name), 'utf8'));
    assert.deepEqual(kept.sort(), ['first', 'second']);
  }));

test('a write that fails after opening is reported once, and the document keeps working in memory', () =>
  withFolder((directory) => {
    let writes = 0;
    const failing = storeDataFiles(
      () => ({
        set: () => {
          writes += 1;
          throw Object.assign(new Error('read-only'), { code: 'EROFS' });
        },
      }),
      () => directory,
    );
    const problems: DataFileProblem[] = [];
    const { file, problem } = openDataFile(failing, 'items', SHAPE, { onLaterProblem: (later) => problems.push(later) });
    assert.equal(problem, undefined);
    file.set('items', [1]);
    file.set('items', [1, 2]);
    assert.deepEqual(file.get('items'), [1, 2]);
    assert.deepEqual(problems, [{ kind: 'not-saved', reason: 'EROFS' }]);
    assert.equal(writes, 1, 'no more writes are tried once one failed');
  }));

test('the factory writes the file its pathOf names, so what is checked is what is written', () =>
  withFolder((directory) => {
    const files = confDataFiles(directory);
    const { file } = openDataFile(files, 'items', SHAPE);
    file.set('items', ['a']);
    assert.deepEqual(JSON.parse(readFileSync(files.pathOf('items'), 'utf8')), { items: ['a'] });
  }));
