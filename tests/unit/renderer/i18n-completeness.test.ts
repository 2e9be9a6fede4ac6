/**
 * Every string the user reads goes through i18next, in both languages:
 * same keys, same placeholders, no English left in the Chinese UI, and no
 * hard-coded text in the components.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import en from '../../../app/i18n/locales/en.json' with { type: 'json' };
import zhCN from '../../../app/i18n/locales/zh-CN.json' with { type: 'json' };

function flatten(tree: object, prefix = ''): Map<string, string> {
  const entries = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') entries.set(`${prefix}${key}`, value);
    else for (const [child, text] of flatten(value as object, `${prefix}${key}.`)) entries.set(child, text);
  }
  return entries;
}

const english = flatten(en);
const chinese = flatten(zhCN);
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((match) => match[1]).sort();

/** Proper nouns, codes and examples that read the same in Chinese. */
const SAME_IN_BOTH = new Set(['general.languageEn', 'general.languageZh', 'network.urlPlaceholder', 'dial.targetPlaceholder', 'form.sipAddressPlaceholder', 'form.serverUrlPlaceholder', 'form.proxyPlaceholder', 'form.transportUdp', 'form.transportTcp', 'form.transportTls', 'form.transportWebsocket', 'history.duration', 'contacts.formats.vcard4']);

test('both languages have the same keys', () => {
  assert.deepEqual([...chinese.keys()].filter((key) => !english.has(key)), [], 'keys only in zh-CN');
  assert.deepEqual([...english.keys()].filter((key) => !chinese.has(key)), [], 'keys only in en');
});

test('every translation has the same placeholders as the English', () => {
  const mismatched = [...english].filter(([key, text]) => chinese.has(key) && placeholders(text).join() !== placeholders(chinese.get(key)!).join());
  assert.deepEqual(mismatched.map(([key]) => key), []);
});

test('no English left in the Chinese UI', () => {
  const untranslated = [...chinese].filter(([key, text]) => {
    if (SAME_IN_BOTH.has(key)) return false;
    const words = text.replace(/\{\{[^}]*\}\}/g, '');
    const hasChinese = /[\u3400-\u9fff]/.test(words);
    // Pure codes and units ("{{value}} s", "486 …") have no sentence to translate.
    const hasWords = /[A-Za-z]{2,}/.test(words);
    return text === english.get(key) ? hasWords : hasWords && !hasChinese;
  });
  assert.deepEqual(untranslated.map(([key, text]) => `${key}: ${text}`), []);
});

/** Attributes whose string the user reads or hears. */
const READ_ATTRIBUTES = new Set(['aria-label', 'aria-description', 'aria-valuetext', 'title', 'placeholder', 'alt', 'label']);

function* tsxFiles(directory: string): Generator<string> {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) yield* tsxFiles(path);
    else if (entry.name.endsWith('.tsx')) yield path;
  }
}

test('no hard-coded text in renderer/ui: JSX text and read attributes go through t()', () => {
  const found: string[] = [];
  for (const file of tsxFiles('renderer/ui')) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
    const report = (node: ts.Node, text: string) => {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      found.push(`${file}:${line + 1}: ${JSON.stringify(text.trim())}`);
    };
    const isReadable = (text: string) => /\p{L}/u.test(text);
    const visit = (node: ts.Node) => {
      if (ts.isJsxText(node) && isReadable(node.text)) report(node, node.text);
      if (ts.isJsxExpression(node) && node.expression && (ts.isStringLiteral(node.expression) || ts.isNoSubstitutionTemplateLiteral(node.expression))) {
        const parent = node.parent;
        const isChild = ts.isJsxElement(parent) || ts.isJsxFragment(parent);
        if (isChild && isReadable(node.expression.text)) report(node, node.expression.text);
      }
      if (ts.isJsxAttribute(node) && READ_ATTRIBUTES.has(node.name.getText(source))) {
        const value = node.initializer;
        const literal = value && ts.isJsxExpression(value) ? value.expression : value;
        if (literal && (ts.isStringLiteral(literal) || ts.isNoSubstitutionTemplateLiteral(literal)) && isReadable(literal.text)) report(node, literal.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  assert.deepEqual(found, [], 'hard-coded strings');
});
