import assert from 'node:assert/strict';
import { test } from 'node:test';
import { passwordBindingOf, savedPasswordMisuse, validateAccountInput, type AccountInput } from '../../../app/account';

const valid: AccountInput = {
  displayName: '',
  sipAddress: 'alice@example.com',
  authUser: '',
  password: 'secret',
  serverUrl: 'wss://sip.example.com/ws',
  enabled: true,
};

test('a valid account is normalised: display name and auth user default to the user part', () => {
  const result = validateAccountInput(valid, { isPasswordRequired: true });
  assert.equal(result.ok, true);
  if (result.ok) {
    assert.equal(result.value.displayName, 'alice');
    assert.equal(result.value.authUser, 'alice');
    assert.equal(result.value.address.aor, 'sip:alice@example.com');
  }
});

test('every invalid field is reported, each with its own message', () => {
  const result = validateAccountInput({ ...valid, sipAddress: 'alice', serverUrl: 'http://x', password: '' }, { isPasswordRequired: true });
  assert.equal(result.ok, false);
  assert.deepEqual(result.fieldErrors?.map((error) => error.field).sort(), ['password', 'serverUrl', 'sipAddress']);
});

test('on edit an empty password means "keep the saved one"', () => {
  assert.equal(validateAccountInput({ ...valid, password: '' }, { isPasswordRequired: false }).ok, true);
});

test('a display name with a line break or another control character is refused, with its own code', () => {
  for (const displayName of ['Alice\r\nX-Injected: yes', 'Alice\nBob', 'Alice\u0000', 'Tab\there', 'Del\u007f']) {
    const result = validateAccountInput({ ...valid, displayName }, { isPasswordRequired: true });
    assert.equal(result.ok, false, JSON.stringify(displayName));
    assert.deepEqual(result.fieldErrors?.map((error) => [error.field, error.code]), [['displayName', 'display-name-control']]);
  }
  assert.equal(validateAccountInput({ ...valid, displayName: 'Alice "Al" Smith 王' }, { isPasswordRequired: true }).ok, true);
});

test('a saved password stays with its server, domain (in any case) and authentication user', () => {
  const saved = passwordBindingOf({ serverUrl: 'wss://sip.example.com/ws', sipAddress: 'alice@example.com', authUser: 'alice' });
  const edited = (changes: Partial<AccountInput>) => {
    const result = validateAccountInput({ ...valid, password: '', ...changes }, { isPasswordRequired: false });
    if (!result.ok) throw new Error(result.error.message);
    return savedPasswordMisuse(saved, result.value)?.code;
  };
  assert.equal(edited({ sipAddress: 'alice@EXAMPLE.com', displayName: 'Work' }), undefined);
  assert.equal(edited({ sipAddress: 'alice@example.org' }), 'password-for-new-server');
  assert.equal(edited({ serverUrl: 'wss://elsewhere.test/ws' }), 'password-for-new-server');
  assert.equal(edited({ authUser: 'alice-auth' }), 'password-for-new-server');
  assert.equal(edited({ sipAddress: 'alice@example.org', password: 'typed again' }), undefined);
});
