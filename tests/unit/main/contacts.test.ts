/** Contacts kept by main, through the real contract, with a real profile folder on disk. */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Contact, ContactExportResult, ContactImportSummary } from '../../../app/contact';
import { startTestCore, type TestCore } from '../../support/core-fixture';

const BOB = { name: 'Bob', isFavourite: false, numbers: [{ label: 'work', value: 'bob' }] };

async function list(phone: TestCore): Promise<Contact[]> {
  const result = await phone.invoke<Contact[]>('contacts:list');
  assert.ok(result.ok);
  return result.value;
}

test('add, update, favourite and remove a contact; each change is on disk and bumps the revision', async () => {
  const phone = startTestCore();
  try {
    const revisions = [phone.core.snapshot.contactsRevision];
    const added = await phone.invoke<{ id: string }>('contacts:add', {
      name: '  Zoë Ångström ',
      isFavourite: false,
      numbers: [
        { label: 'mobile', value: '+44 20 7946 0018' },
        { label: 'Desk', value: 'sip:zoe@example.org' },
        { label: 'home', value: '   ' },
      ],
    });
    assert.ok(added.ok);
    revisions.push(phone.core.snapshot.contactsRevision);
    const [saved] = await list(phone);
    assert.deepEqual(saved, {
      id: added.value.id,
      name: 'Zoë Ångström',
      isFavourite: false,
      numbers: [
        { label: 'mobile', value: '+44 20 7946 0018' },
        { label: 'Desk', value: 'sip:zoe@example.org' },
      ],
    });

    assert.ok((await phone.invoke('contacts:update', { id: added.value.id, input: { ...BOB, name: '张伟' } })).ok);
    assert.ok((await phone.invoke('contacts:set-favourite', { id: added.value.id, isFavourite: true })).ok);
    revisions.push(phone.core.snapshot.contactsRevision);
    assert.deepEqual(await list(phone), [{ id: added.value.id, ...BOB, name: '张伟', isFavourite: true }]);
    const onDisk = JSON.parse(readFileSync(join(phone.profileDir, 'contacts.json'), 'utf8')) as { contacts: Contact[] };
    assert.equal(onDisk.contacts[0]?.name, '张伟');

    assert.ok((await phone.invoke('contacts:remove', { id: added.value.id })).ok);
    assert.deepEqual(await list(phone), []);
    const gone = await phone.invoke('contacts:remove', { id: added.value.id });
    assert.equal(gone.ok ? null : gone.error.code, 'contact-not-found');
    revisions.push(phone.core.snapshot.contactsRevision);
    assert.ok(revisions.every((revision, index) => index === 0 || revision! > revisions[index - 1]!), `revisions grow: ${revisions.join(', ')}`);
  } finally {
    await phone.stop();
  }
});

test('a contact without a name or a number is refused in words, and nothing is saved', async () => {
  const phone = startTestCore();
  try {
    const noName = await phone.invoke('contacts:add', { ...BOB, name: ' ' });
    assert.equal(noName.ok ? null : noName.error.message, 'Enter a name for this contact.');
    const noNumber = await phone.invoke('contacts:add', { ...BOB, numbers: [{ label: 'work', value: '' }] });
    assert.equal(noNumber.ok ? null : noNumber.error.code, 'contact-number-empty');
    const malformed = await phone.invoke('contacts:add', { name: 'x', numbers: 'bob' });
    assert.equal(malformed.ok ? null : malformed.error.code, 'invalid-request');
    assert.deepEqual(await list(phone), []);
  } finally {
    await phone.stop();
  }
});

test('contacts survive a restart', async () => {
  const first = startTestCore();
  await first.invoke('contacts:add', BOB);
  await first.stop({ removeProfile: false });
  const second = startTestCore({ profileDir: first.profileDir });
  try {
    assert.deepEqual((await list(second)).map((contact) => contact.name), ['Bob']);
  } finally {
    await second.stop();
  }
});

test('a contacts file that does not parse is kept as a backup, the user is told, and nothing is silently emptied', async () => {
  const first = startTestCore();
  await first.invoke('contacts:add', BOB);
  await first.stop({ removeProfile: false });
  const file = join(first.profileDir, 'contacts.json');
  const corrupted = readFileSync(file, 'utf8').slice(0, 30);
  writeFileSync(file, corrupted);

  const second = startTestCore({ profileDir: first.profileDir });
  try {
    const backups = readdirSync(first.profileDir).filter((name) => name.startsWith('contacts.unreadable-'));
    assert.equal(backups.length, 1);
    assert.equal(readFileSync(join(first.profileDir, backups[0]!), 'utf8'), corrupted, 'kept byte for byte');
    const notice = second.core.snapshot.notices.find((candidate) => candidate.code === 'contacts-file-unreadable');
    assert.ok(notice, 'the user is told');
    assert.match(notice.message, /contacts\.unreadable-/);
    // The new file is a fresh one; adding works.
    assert.ok((await second.invoke('contacts:add', BOB)).ok);
  } finally {
    await second.stop();
  }
});

test('import reports malformed lines by number, keeps the rest, and does not add the same contact twice', async () => {
  const phone = startTestCore();
  try {
    const csv = ['name,label,number', 'Zoë Ångström,mobile,+44 20 7946 0018', 'no number at all,,', '张伟,work,zhangwei@corp.example', ''].join('\n');
    const first = await phone.invoke<ContactImportSummary>('contacts:import', { fileName: 'people.csv', text: csv });
    assert.ok(first.ok);
    assert.equal(first.value.imported, 2);
    assert.deepEqual(first.value.issues.map((issue) => issue.line), [3]);
    const again = await phone.invoke<ContactImportSummary>('contacts:import', { fileName: 'people.csv', text: csv });
    assert.ok(again.ok);
    assert.deepEqual([again.value.imported, again.value.duplicates], [0, 2]);
    assert.deepEqual((await list(phone)).map((contact) => contact.name), ['Zoë Ångström', '张伟']);
    const unknown = await phone.invoke('contacts:import', { fileName: 'people.xlsx', text: 'PK…' });
    assert.equal(unknown.ok ? null : unknown.error.code, 'contacts-format');
  } finally {
    await phone.stop();
  }
});

test('export goes through the save port to the file the user picked, and reads back the same', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'contacts-export-'));
  const target = join(folder, 'picked.vcf');
  const suggested: string[] = [];
  const phone = startTestCore({
    saveFile: async (file) => {
      suggested.push(file.suggestedName);
      writeFileSync(target, file.content, 'utf8');
      return target;
    },
  });
  try {
    await phone.invoke('contacts:add', { name: '张伟', isFavourite: true, numbers: [{ label: 'mobile', value: '+86 138 0013 8000' }] });
    await phone.invoke('contacts:add', { name: 'Zoë Ångström', isFavourite: false, numbers: [{ label: 'Desk, 2nd floor', value: 'zoe@example.org' }] });
    const exported = await phone.invoke<ContactExportResult>('contacts:export', { format: 'vcard-4' });
    assert.deepEqual(exported.ok && exported.value, { kind: 'saved', path: target, count: 2 });
    assert.deepEqual(suggested, ['contacts.vcf']);

    const other = startTestCore();
    try {
      const imported = await other.invoke<ContactImportSummary>('contacts:import', { fileName: 'picked.vcf', text: readFileSync(target, 'utf8') });
      assert.ok(imported.ok && imported.value.imported === 2 && imported.value.issueCount === 0);
      const strip = ({ id: _, ...rest }: Contact) => rest;
      assert.deepEqual((await list(other)).map(strip), (await list(phone)).map(strip));
    } finally {
      await other.stop();
    }
  } finally {
    await phone.stop();
    rmSync(folder, { recursive: true, force: true });
  }
});

test('without a save port (the browser host) the export comes back as text to download', async () => {
  const phone = startTestCore();
  try {
    await phone.invoke('contacts:add', BOB);
    const exported = await phone.invoke<ContactExportResult>('contacts:export', { format: 'csv' });
    assert.ok(exported.ok && exported.value.kind === 'content');
    assert.equal(exported.value.fileName, 'contacts.csv');
    assert.match(exported.value.content, /^\uFEFFname,label,number,favourite\r\nBob,work,bob,\r\n$/);
  } finally {
    await phone.stop();
  }
});
