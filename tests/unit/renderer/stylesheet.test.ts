/**
 * The stylesheet parses, and no rule hides inside another. A block a merge
 * once left unclosed made every later rule a nested one, which browsers
 * read as selectors under that block: the settings styles silently stopped
 * applying. The house style writes no nested rules, so one is always a slip.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import postcss, { type Rule } from 'postcss';

const STYLESHEET = 'renderer/styles.css';

function nestedRules(css: string): string[] {
  const root = postcss.parse(css, { from: STYLESHEET });
  const nested: string[] = [];
  root.walkRules((rule: Rule) => {
    // Keyframe steps (from, 50%, to) are rules inside @keyframes by design.
    const parent = rule.parent;
    const isTopLevel = parent?.type === 'root' || (parent?.type === 'atrule' && parent.parent?.type === 'root');
    if (!isTopLevel) nested.push(`line ${rule.source?.start?.line}: ${rule.selector}`);
  });
  return nested;
}

test('the stylesheet parses with every block closed', () => {
  assert.doesNotThrow(() => postcss.parse(readFileSync(STYLESHEET, 'utf8'), { from: STYLESHEET }));
});

test('no rule is nested inside another', () => {
  assert.deepEqual(nestedRules(readFileSync(STYLESHEET, 'utf8')), []);
});

test('the check catches the slip it is for', () => {
  assert.throws(() => postcss.parse('.quality { color: red;\n.settings { margin: 0; }', { from: 'slip.css' }), /Unclosed block/);
  assert.deepEqual(nestedRules('.quality { color: red;\n.settings { margin: 0; } }\n'), ['line 2: .settings']);
  assert.deepEqual(nestedRules('@media (width < 600px) { .settings { margin: 0; } }\n@keyframes pulse { from { opacity: 0; } }\n'), []);
});
