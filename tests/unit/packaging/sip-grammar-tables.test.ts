/**
 * The build's change to sip.js's grammar (scripts/sip-grammar-tables.mjs):
 * it applies to the sip.js installed, and the changed grammar parses every
 * kind of input exactly as the original does, on its first parse and on the
 * later ones that reuse the kept table.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { keepBytecodeTable, SIP_GRAMMAR_MODULE } from '../../../scripts/sip-grammar-tables.mjs';

type Parse = (input: string, options: { startRule: string; data?: unknown }) => unknown;

const grammarPath = join(dirname(createRequire(import.meta.url).resolve('sip.js')), 'grammar/pegjs/dist/grammar.js');
const original = readFileSync(grammarPath, 'utf8');

/** What sip.js's `Grammar.parse` hands on: the parse's data, or -1 for input it refuses. */
function parsed(parse: Parse, input: string, startRule: string): string {
  const options: { startRule: string; data?: unknown } = { startRule };
  try {
    parse(input, options);
  } catch (error) {
    return `refused: ${(error as Error).message}`;
  }
  return JSON.stringify(options.data);
}

const INPUTS: readonly (readonly [string, string])[] = [
  ['Name_Addr_Header', '"Bob Smith" <sip:bob@example.com;transport=ws>;tag=as8d7f'],
  ['Name_Addr_Header', '<sips:+1-555-0100@pbx.example.org:5061;user=phone>'],
  ['SIP_URI', 'sip:alice@[2001:db8::1]:5060;lr;maddr=10.0.0.1?Subject=hi'],
  ['SIP_URI', 'sip:@nothing'],
  ['Via', 'SIP/2.0/WSS abc.invalid;branch=z9hG4bK776asdhds;rport=5060;received=192.0.2.4'],
  ['Contact', '<sip:bob@192.0.2.4:5060;transport=udp>;expires=3600;+sip.instance="<urn:uuid:00000000-0000-1000-8000-000A95A0E128>";reg-id=1'],
  ['Contact', '*'],
  ['Record_Route', '<sip:127.0.0.1:5060;transport=ws;lr>, <sip:proxy.example.com;lr>'],
  ['CSeq', '314159 INVITE'],
  ['Proxy_Authenticate', 'Digest realm="example.com", nonce="Y2xpZW50", qop="auth,auth-int", algorithm=MD5, stale=FALSE'],
  ['WWW_Authenticate', 'Digest realm="a b", nonce="", opaque="x"'],
  ['Subscription_State', 'terminated;reason=timeout;retry-after=30'],
  ['Event', 'message-summary;id=1'],
  ['Refer_To', '<sip:carol@example.com?Replaces=abc%40host%3Bto-tag%3D1%3Bfrom-tag%3D2>'],
  ['Request_Response', 'SIP/2.0 180 Ringing'],
  ['Request_Response', 'INVITE sip:bob@example.com SIP/2.0'],
  ['Request_Response', 'GARBAGE \u0000\u00ff'],
  ['Content_Type', 'application/sdp'],
];

describe('the build keeps sip.js grammar\'s bytecode table for the module\'s life', () => {
  const folder = mkdtempSync(join(tmpdir(), 'sip-grammar-'));
  after(() => rmSync(folder, { recursive: true, force: true }));

  async function importChanged(): Promise<Parse> {
    const changed = keepBytecodeTable(original);
    assert.ok(changed !== undefined, `the change applies to the installed sip.js (${grammarPath})`);
    // Its relative imports point into sip.js from the copy's folder.
    const grammarFolder = pathToFileURL(dirname(grammarPath)).href;
    const file = join(folder, 'grammar.mjs');
    writeFileSync(file, changed.replaceAll('from "../../', `from "${grammarFolder}/../../`));
    return ((await import(pathToFileURL(file).href)) as { parse: Parse }).parse;
  }

  test('the changed grammar parses every input as the original, on its first and later parses', async () => {
    const originalParse = ((await import(pathToFileURL(grammarPath).href)) as { parse: Parse }).parse;
    const changedParse = await importChanged();
    for (const round of ['first', 'second']) {
      for (const [startRule, input] of INPUTS) {
        assert.equal(parsed(changedParse, input, startRule), parsed(originalParse, input, startRule), `${round} parse of ${startRule} ${JSON.stringify(input)}`);
      }
    }
  });

  test('the build finds the module by its path, on any platform', () => {
    assert.ok(SIP_GRAMMAR_MODULE.test(grammarPath));
    assert.ok(SIP_GRAMMAR_MODULE.test('C:\\app\\node_modules\\sip.js\\lib\\grammar\\pegjs\\dist\\grammar.js'));
    assert.ok(!SIP_GRAMMAR_MODULE.test(join(dirname(grammarPath), '../../grammar.js')));
  });

  test('a grammar laid out otherwise, or already changed, is left alone', () => {
    assert.equal(keepBytecodeTable('export function parse() {}'), undefined);
    const changed = keepBytecodeTable(original);
    assert.ok(changed !== undefined);
    assert.equal(keepBytecodeTable(changed), undefined, 'not changed twice');
    const tableReadingState = original.replace('    const peg$bytecode = [', '    const peg$bytecode = [peg$currPos,');
    assert.equal(keepBytecodeTable(tableReadingState), undefined, 'a table that reads the parse\'s state is not kept');
  });
});
