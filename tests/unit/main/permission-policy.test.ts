/**
 * The session grants the microphone (and the choice of speakers) to our own
 * page only; every other permission, an empty or video media request, and
 * any other page or sub-frame is refused.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPermissionGranted, type PermissionQuestion } from '../../../main/core/permission-policy';

const OWN_URL = 'file:///opt/Softphone/resources/app.asar/dist/renderer/index.html';
const ask = (question: Partial<PermissionQuestion>): boolean =>
  isPermissionGranted({ permission: 'media', requestingUrl: OWN_URL, isMainFrame: true, mediaTypes: ['audio'], ...question }, OWN_URL);

test('our page gets the microphone, also on another route of the page', () => {
  assert.equal(ask({}), true);
  assert.equal(ask({ requestingUrl: `${OWN_URL}#/settings` }), true);
  assert.equal(ask({ permission: 'speaker-selection', mediaTypes: [] }), true);
});

test('a media request that names no device, or any camera, is refused', () => {
  assert.equal(ask({ mediaTypes: [] }), false);
  assert.equal(ask({ mediaTypes: ['video'] }), false);
  assert.equal(ask({ mediaTypes: ['audio', 'video'] }), false);
  assert.equal(ask({ mediaTypes: ['unknown'] }), false);
});

test('every other permission is refused, even for our page', () => {
  for (const permission of ['notifications', 'geolocation', 'display-capture', 'clipboard-read', 'openExternal', 'midi', 'fullscreen', 'unknown']) {
    assert.equal(ask({ permission }), false, permission);
  }
});

test('other pages, sub-frames and unnamed requesters get nothing', () => {
  assert.equal(ask({ requestingUrl: 'file:///tmp/evil.html' }), false);
  assert.equal(ask({ requestingUrl: 'https://example.com/' }), false);
  assert.equal(ask({ requestingUrl: 'file:///opt/Softphone/resources/app.asar/dist/renderer/index.html.evil' }), false);
  assert.equal(ask({ requestingUrl: undefined }), false);
  assert.equal(ask({ requestingUrl: 'not a url' }), false);
  assert.equal(ask({ isMainFrame: false }), false);
});
