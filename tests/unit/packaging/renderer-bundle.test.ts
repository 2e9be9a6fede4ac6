/**
 * The built renderer (run after `npm run build`, as `npm test` does): its
 * script opens with V8's hint to compile every function on load (see
 * vite.config.ts), and its source map still points into our sources past
 * that added line, so a stack trace from the app names the right file and line.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { SourceMapConsumer } from 'source-map-js';

const RENDERER = resolve('dist/renderer');
const built = existsSync(join(RENDERER, 'index.html'));

function entryScript(): { path: string; code: string } {
  const html = readFileSync(join(RENDERER, 'index.html'), 'utf8');
  const src = /<script type="module"[^>]*\ssrc="\.\/([^"]+)"/.exec(html)?.[1];
  assert.ok(src, 'index.html loads one module script');
  const path = join(RENDERER, src);
  return { path, code: readFileSync(path, 'utf8') };
}

describe('the built renderer bundle', { skip: built ? false : 'not built: run `npm run build` first' }, () => {
  test('opens with the hint to compile every function when it loads', () => {
    const { code } = entryScript();
    assert.equal(code.split('\n', 1)[0], '//# allFunctionsCalledOnLoad');
  });

  test('its source map points a line of ours at the file and line it came from', () => {
    const { path, code } = entryScript();
    const message = 'useT() outside <TranslationProvider>';
    const lines = code.split('\n');
    const line = lines.findIndex((text) => text.includes(message));
    assert.ok(line > 0, 'the bundle holds the message');
    const map = new SourceMapConsumer(JSON.parse(readFileSync(`${path}.map`, 'utf8')));
    const original = map.originalPositionFor({ line: line + 1, column: lines[line]!.indexOf(message) });
    assert.match(original.source ?? '', /renderer\/i18n\/i18n\.ts$/);
    const sourceLines = readFileSync(resolve('renderer/i18n/i18n.ts'), 'utf8').split('\n');
    assert.ok(sourceLines[original.line! - 1]?.includes(message), `line ${original.line} of i18n.ts holds the message`);
  });
});
