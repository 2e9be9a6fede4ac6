/**
 * Each folder's tsconfig.json holds its code to its runtime: app/ uses
 * neither the DOM nor Node nor Electron, main/core neither the DOM nor
 * Electron, main/ no DOM, renderer/ neither Node nor Electron. Probe files
 * that break one rule each (valid under the root tsconfig, which allows
 * everything) are compiled with the folder's options by the TypeScript
 * compiler and must fail with the matching error; allowed probes must pass,
 * so a broken setup cannot pass for a kept boundary. `npm run typecheck`
 * runs every one of these tsconfigs on the real code.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import ts from 'typescript';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const PROBES = join(import.meta.dirname, 'probes');

// TS2304/TS2584 cannot find name (DOM or Node global), TS2580 "install type
// definitions for node", TS2307 cannot find module, TS2306 not a module (the
// electron stub).
const NO_DOM = /TS2304|TS2584/;
const NO_NODE_GLOBAL = /TS2304|TS2580|TS2591/;
const NO_NODE_MODULE = /TS2307/;
const NO_ELECTRON = /TS2306.*no-electron-here/;

/** Diagnostics of `probe` compiled with the options (and declaration files) of `project`. */
function diagnosticsOf(project: string, probe: string): string {
  const configPath = join(ROOT, project);
  const read = ts.readConfigFile(configPath, ts.sys.readFile);
  assert.equal(read.error, undefined, `${project} does not parse`);
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(configPath), undefined, configPath);
  assert.deepEqual(parsed.errors, [], `${project} has errors`);
  const declarations = parsed.fileNames.filter((file) => file.endsWith('.d.ts'));
  const program = ts.createProgram({ rootNames: [join(PROBES, probe), ...declarations], options: { ...parsed.options, noEmit: true } });
  return ts
    .getPreEmitDiagnostics(program)
    .map((diagnostic) => `TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`)
    .join('\n');
}

const RULES: Record<string, { readonly refused: Record<string, RegExp>; readonly allowed: readonly string[] }> = {
  'app/tsconfig.json': {
    refused: { 'uses-dom.ts': NO_DOM, 'uses-node-global.ts': NO_NODE_GLOBAL, 'imports-node-module.ts': NO_NODE_MODULE, 'imports-electron.ts': NO_ELECTRON },
    allowed: ['portable.ts'],
  },
  'main/core/tsconfig.json': {
    refused: { 'uses-dom.ts': NO_DOM, 'imports-electron.ts': NO_ELECTRON },
    allowed: ['portable.ts', 'uses-node-global.ts', 'imports-node-module.ts'],
  },
  'main/tsconfig.json': {
    refused: { 'uses-dom.ts': NO_DOM },
    allowed: ['portable.ts', 'imports-node-module.ts', 'imports-electron.ts'],
  },
  'renderer/tsconfig.json': {
    refused: { 'uses-node-global.ts': NO_NODE_GLOBAL, 'imports-node-module.ts': NO_NODE_MODULE, 'imports-electron.ts': NO_ELECTRON },
    allowed: ['portable.ts', 'uses-dom.ts'],
  },
};

for (const [project, rules] of Object.entries(RULES)) {
  describe(project, () => {
    for (const [probe, expected] of Object.entries(rules.refused)) {
      test(`refuses ${probe}`, () => {
        const diagnostics = diagnosticsOf(project, probe);
        assert.match(diagnostics, expected, `${probe} compiled under ${project}:\n${diagnostics || '(no errors)'}`);
      });
    }
    test(`allows ${rules.allowed.join(', ')}`, () => {
      for (const probe of rules.allowed) assert.equal(diagnosticsOf(project, probe), '', `${probe} under ${project}`);
    });
  });
}

test('npm run typecheck checks the root and every per-folder tsconfig', () => {
  const script = readFileSync(join(ROOT, 'scripts', 'typecheck.mjs'), 'utf8');
  const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  assert.equal(packageJson.scripts['typecheck'], 'node scripts/typecheck.mjs');
  for (const project of ['tsconfig.json', ...Object.keys(RULES), 'renderer/tsconfig.preload.json']) {
    assert.ok(script.includes(`'${project}'`), `scripts/typecheck.mjs does not run ${project}`);
  }
});
