/**
 * Every error, call failure and notice the code base can raise reaches the
 * user in their language: none shows main's or the engine's English in the
 * Chinese UI. The codes are read from the sources, so a new `fail('…')`
 * without words fails here.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { i18n, initI18n, type Translate } from '../../../renderer/i18n/i18n';
import { callFailureWords } from '../../../renderer/ui/call-words';
import { importIssueWords } from '../../../renderer/ui/contact-words';
import { errorWords } from '../../../renderer/ui/error-words';
import { transferWords } from '../../../renderer/ui/line-words';
import { noticeWords } from '../../../renderer/ui/notice-words';
import { statusDetailWords } from '../../../renderer/ui/status-words';
import type { StatusDetail } from '../../../app/status-detail';

function* sourceFiles(directory: string): Generator<string> {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) yield path;
  }
}

const sources = ['app', 'main/core', 'renderer'].flatMap((directory) => [...sourceFiles(directory)]).map((file) => ({ file, text: readFileSync(file, 'utf8') }));

/** `fail('code', …)` and `code: 'code'` literals, with where they are. */
function raisedCodes(): Map<string, string> {
  const codes = new Map<string, string>();
  for (const { file, text } of sources) {
    for (const match of text.matchAll(/\bfail\(\s*'([a-z][a-z-]*)'|\bcode: '([a-z][a-z-]*)'/g)) {
      codes.set(match[1] ?? match[2]!, file);
    }
  }
  return codes;
}

/** `notices.raise('code', …)` anywhere in main's core, and the two notices of every data file main opens. */
function noticeCodes(): string[] {
  const core = sources.filter(({ file }) => file.startsWith(join('main', 'core')));
  const fixed = core.flatMap(({ text }) => [...text.matchAll(/\.raise\('([a-z-]+)'/g)].map((match) => match[1]!));
  const stores = readFileSync('main/core/profile-stores.ts', 'utf8');
  const names = [...stores.matchAll(/openOrNotify\('([a-z]+)',/g)].map((match) => match[1]!);
  assert.match(stores, /raise\(`\$\{name\}-file-unreadable`/, 'kept-aside notices are named after the file');
  assert.match(stores, /raise\(`\$\{name\}-file-unsaved`/, 'not-saved notices are named after the file');
  return [...fixed, ...names.flatMap((name) => [`${name}-file-unreadable`, `${name}-file-unsaved`])];
}

const ENGLISH_MARK = 'UNTRANSLATED';

/** Values for every status detail's words (each code reads the ones it needs). */
const DETAIL_PARAMS = { closedBy: 'server', closeCode: 1001, statusCode: 503, reason: 'Service Unavailable', error: 'ECONNREFUSED', httpStatus: 404 };

/** What each words function makes of a code it may or may not know. */
function renderings(t: Translate, code: string): string[] {
  const message = `${ENGLISH_MARK} "value"`;
  return [
    errorWords(t, { code, message }),
    callFailureWords(t, { code, message, statusCode: 500 }),
    importIssueWords(t, { line: 3, code, message }),
    transferWords(t, { phase: 'connected', transfer: { role: 'transferor', target: 'sip:bob@example.com', state: 'failed', failure: { code, message, statusCode: 403 } } }) ?? '',
    statusDetailWords(t, { code, params: DETAIL_PARAMS } as unknown as StatusDetail),
  ];
}

let chinese: Translate;

before(() => {
  initI18n('zh-CN');
  const fixed = i18n.getFixedT('zh-CN');
  chinese = (key, options) => String(fixed(key, options ?? {}));
});

test('the scan finds the codes it is meant to find', () => {
  const codes = raisedCodes();
  for (const known of ['dial-number', 'call-not-connected', 'link-scheme', 'busy', 'redirect-loop', 'contact-name-empty', 'csv-syntax', 'ice-too-many']) {
    assert.ok(codes.has(known), `${known} was not found in the sources`);
  }
  assert.ok(noticeCodes().includes('contacts-file-unreadable'));
  assert.ok(noticeCodes().includes('accounts-file-unsaved'));
});

test('every error and failure code has Chinese words', () => {
  const untranslated = [...raisedCodes()]
    .filter(([code]) => renderings(chinese, code).every((words) => words.includes(ENGLISH_MARK) || !/[\u3400-\u9fff]/.test(words)))
    .map(([code, file]) => `${code} (${file})`);
  assert.deepEqual(untranslated, []);
});

test('every notice main raises has Chinese words', () => {
  const untranslated = noticeCodes().filter((code) => {
    const words = noticeWords(chinese, { id: 'n1', code, message: ENGLISH_MARK, params: { backup: '/tmp/x', shortcut: 'Ctrl+Alt+A', path: '/tmp/y.json', reason: 'EACCES' } });
    return words.includes(ENGLISH_MARK) || !/[\u3400-\u9fff]/.test(words);
  });
  assert.deepEqual(untranslated, []);
});

test('values the message quotes and params come through into the words', () => {
  assert.equal(errorWords(chinese, { code: 'dial-number', message: '"12ab" is not a phone number.' }), '“12ab”不是电话号码。请使用数字，国家代码前加 +。');
  assert.equal(errorWords(chinese, { code: 'ice-too-many', message: 'At most 8 servers.', params: { max: 8 } }), '最多 8 个服务器。请先删除一个。');
  const link = noticeWords(chinese, { id: 'n2', code: 'link-number', message: 'The link "tel:abc" does not contain a number or address that can be called.' });
  assert.equal(link, '链接“tel:abc”中没有可拨打的号码或地址。');
});

test('a code with no words shows the English message rather than nothing', () => {
  assert.equal(errorWords(chinese, { code: 'made-up', message: 'Something specific happened.' }), 'Something specific happened.');
});

test('the scan finds the codes main gives for an unreachable account', () => {
  const codes = raisedCodes();
  for (const known of ['connection-lost', 'dead-peer', 'probe-lost', 'registration-unanswered', 'contact-missing', 'server-rejected', 'cannot-reach', 'upgrade-refused', 'app-not-running']) {
    assert.ok(codes.has(known), `${known} was not found in the sources`);
  }
});

test('why an account is unreachable is worded with its values, and a code this version does not know shows as itself', () => {
  assert.equal(statusDetailWords(chinese, { code: 'cannot-reach', params: { error: 'ECONNRESET' } }), '无法连接服务器（ECONNRESET）。');
  // A refusal and an unknown name need different fixes: they read differently.
  assert.equal(statusDetailWords(chinese, { code: 'cannot-reach', params: { error: 'ECONNREFUSED' } }), '服务器拒绝了连接：该地址和端口上没有服务响应（ECONNREFUSED）。');
  assert.equal(statusDetailWords(chinese, { code: 'cannot-reach', params: { error: 'ENOTFOUND' } }), '找不到该服务器名称：请检查地址（ENOTFOUND）。');
  assert.equal(statusDetailWords(chinese, { code: 'connection-lost', params: { closedBy: 'network' } }), '连接已断开（网络错误）');
  assert.equal(statusDetailWords(chinese, { code: 'wrong-credentials', params: { statusCode: 403 } }), '服务器拒绝了用户名或密码（403）');
  assert.equal(statusDetailWords(chinese, { code: 'from-the-future' } as unknown as StatusDetail), 'from-the-future');
});
