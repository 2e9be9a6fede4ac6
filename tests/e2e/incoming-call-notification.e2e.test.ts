/**
 * The desktop notification main shows for an incoming call, acted on as a
 * user would (the browser host keeps it where the test can press its
 * buttons), with two real softphones through Kamailio: the caller observes
 * the outcome of each button.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startRegisteredPair, type RegisteredPair } from '../support/registered-pair';
import { callPanel, dial, incomingPanel } from '../support/ui-actions';
import { waitFor } from '../support/wait-for';

describe('incoming-call notification', () => {
  let pair: RegisteredPair;
  before(async () => {
    pair = await startRegisteredPair();
  });
  after(async () => pair?.close());

  const bobsOpenNotification = () => waitFor("bob's incoming-call notification", () => pair.bob.phone.notifications.open[0], 10_000);

  test('it names the caller and the account, and its Answer connects the call', async () => {
    const { alice, bob } = pair;
    await dial(alice.page, 'bob');
    const notification = await bobsOpenNotification();
    assert.match(notification.notice.caller, /alice@/);
    assert.equal(notification.notice.account, 'Bob');

    const windowRequestsBefore = bob.phone.windowRequests;
    notification.answer();
    await callPanel(alice.page).getByText('Connected').waitFor();
    await callPanel(bob.page).getByText('Connected').waitFor();
    assert.ok(bob.phone.windowRequests > windowRequestsBefore, "bob's window was brought to the front");
    assert.equal(bob.phone.notifications.open.length, 0);
    await callPanel(alice.page).getByRole('button', { name: 'Hang up' }).click();
    await callPanel(bob.page).waitFor({ state: 'detached', timeout: 10_000 });
    await callPanel(alice.page).waitFor({ state: 'detached', timeout: 10_000 });
  });

  test('its Decline turns the call away: the caller sees "Busy"', async () => {
    const { alice, bob } = pair;
    await dial(alice.page, 'bob');
    const notification = await bobsOpenNotification();
    notification.decline();
    await callPanel(alice.page).getByText('Busy').waitFor();
    await incomingPanel(bob.page).waitFor({ state: 'hidden' });
    assert.equal(bob.phone.notifications.open.length, 0);
    await callPanel(alice.page).getByRole('button', { name: 'Close' }).click();
    await callPanel(alice.page).waitFor({ state: 'detached' });
  });

  test('it closes when the caller gives up', async () => {
    const { alice, bob } = pair;
    await dial(alice.page, 'bob');
    const notification = await bobsOpenNotification();
    await callPanel(alice.page).getByRole('button', { name: 'Cancel' }).click();
    await waitFor('the notification to close', () => !notification.isOpen, 10_000);
    await incomingPanel(bob.page).waitFor({ state: 'hidden' });
    await callPanel(alice.page).waitFor({ state: 'detached', timeout: 15_000 });
  });

  test('it also closes when the call is answered in the window', async () => {
    const { alice, bob } = pair;
    await dial(alice.page, 'bob');
    const notification = await bobsOpenNotification();
    await incomingPanel(bob.page).getByRole('button', { name: 'Answer' }).click();
    await callPanel(alice.page).getByText('Connected').waitFor();
    await waitFor('the notification to close', () => !notification.isOpen, 10_000);
    await callPanel(bob.page).getByRole('button', { name: 'Hang up' }).click();
    await callPanel(alice.page).waitFor({ state: 'detached', timeout: 10_000 });
  });

  test('in the browser tab, a ringing call changes the title and, once allowed, shows a web notification', async () => {
    const { alice, bob } = pair;
    const page = bob.page;
    assert.equal(await page.title(), 'Softphone');
    await page.context().grantPermissions(['notifications'], { origin: new URL(bob.host.url).origin });
    // What the page hands the browser to show, recorded on its way.
    await page.evaluate(() => {
      const shown: { title: string; body?: string }[] = [];
      Object.assign(window, { shownNotifications: shown });
      window.Notification = new Proxy(window.Notification, {
        construct(target, args: [string, NotificationOptions?]) {
          shown.push({ title: args[0], body: args[1]?.body });
          return Reflect.construct(target, args);
        },
      });
    });
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('region', { name: 'General' }).getByText('Allowed: an incoming call shows a notification.').waitFor();

    await dial(alice.page, 'bob');
    await incomingPanel(page).waitFor();
    await waitFor('the title names the caller', async () => /^Incoming call: .*alice.* — Softphone$/i.test(await page.title()));
    const shown = await waitFor('a web notification', () =>
      page.evaluate(() => (window as unknown as { shownNotifications: { title: string; body?: string }[] }).shownNotifications[0]),
    );
    assert.equal(shown.title, 'Incoming call');
    assert.match(shown.body ?? '', /alice/i);
    await incomingPanel(page).getByRole('button', { name: 'Decline' }).click();
    await callPanel(alice.page).getByText('Busy').waitFor();
    await waitFor('the title back to normal', async () => (await page.title()) === 'Softphone');
    await callPanel(alice.page).getByRole('button', { name: 'Close' }).click();
  });
});
