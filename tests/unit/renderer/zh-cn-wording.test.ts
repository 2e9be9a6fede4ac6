/** The Chinese UI uses the words Chinese softphone users know (issue 13), not literal translations. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import zhCN from '../../../app/i18n/locales/zh-CN.json' with { type: 'json' };

const text = JSON.stringify(zhCN);

test('the preferred words are used where the UI names these things', () => {
  assert.equal(zhCN.general.shortcutApply, '保存快捷键');
  assert.equal(zhCN.general.dndAnswer, '勿扰时回复');
  assert.equal(zhCN.reachability.heading, '连接中断记录');
  assert.equal(zhCN.general.startAtLogin, '开机自动启动');
  assert.match(zhCN.settings.callsAutoAnswerNote, /账户设置/);
});

test('the rejected words appear nowhere', () => {
  for (const word of ['应用快捷键', '对来电回复', '可达性记录', '账户表单', '登录时启动']) assert.ok(!text.includes(word), word);
});
