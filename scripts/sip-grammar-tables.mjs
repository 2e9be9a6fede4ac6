/**
 * sip.js's SIP grammar (a peggy parser in bytecode mode) decodes its whole
 * bytecode table, a few hundred strings, on every parse call: every message
 * and every header parsed pays for it, 1–5 ms a message in a page. The table
 * depends on nothing of the parse, so the build keeps the first parse's
 * table for the module's life. Nothing else in the grammar changes, and no
 * line moves (the bundles' source maps stay right).
 */

/** What a build says when {@link keepBytecodeTable} leaves the grammar as it is. */
export const GRAMMAR_LEFT_AS_IS = 'sip.js grammar not laid out as expected: its bytecode table is left decoded per parse';

/** The grammar module this rewrites. */
export const SIP_GRAMMAR_MODULE = /[\\/]sip\.js[\\/]lib[\\/]grammar[\\/]pegjs[\\/]dist[\\/]grammar\.js$/;

const TABLE_START = '    const peg$bytecode = [';
const TABLE_END = '\n    ];';
const KEPT_TABLE = 'peg$keptBytecode';

/**
 * The grammar's source with its bytecode table decoded once per module;
 * undefined when the source is not laid out as expected (another sip.js or
 * peggy version), so a build can say so and keep the original.
 * @param {string} source
 * @returns {string | undefined}
 */
export function keepBytecodeTable(source) {
  const start = source.indexOf(TABLE_START);
  const end = start < 0 ? -1 : source.indexOf(TABLE_END, start);
  if (start < 0 || end < 0 || source.includes(KEPT_TABLE)) return undefined;
  const table = source.slice(start + TABLE_START.length, end);
  // Only peg$decode calls on string literals: nothing of the parse's own state.
  if (/peg\$(?!decode\()/.test(table)) return undefined;
  return (
    `let ${KEPT_TABLE}; ` +
    source.slice(0, start) +
    `    const peg$bytecode = ${KEPT_TABLE} ?? (${KEPT_TABLE} = [` +
    table +
    '\n    ]);' +
    source.slice(end + TABLE_END.length)
  );
}
