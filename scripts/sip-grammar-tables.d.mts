/** Types of scripts/sip-grammar-tables.mjs (plain JavaScript, so the esbuild script can load it without a TypeScript loader). */
export declare const GRAMMAR_LEFT_AS_IS: string;
export declare const SIP_GRAMMAR_MODULE: RegExp;
export declare function keepBytecodeTable(source: string): string | undefined;
