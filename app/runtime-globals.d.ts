/**
 * What app/ may use beyond ES2022: only what both of its runtimes, Node and
 * the page, provide with the same meaning. Declared for app/tsconfig.json
 * alone (where neither Node's types nor the DOM are loaded); every other
 * program gets the real declarations from @types/node or lib.dom, so this
 * file is excluded there.
 */

/** The WHATWG URL (Node's `globalThis.URL` and the DOM's), as far as app/ uses it. */
interface URL {
  readonly hostname: string;
  readonly protocol: string;
  toString(): string;
}

declare var URL: {
  new (url: string, base?: string): URL;
};

/** The WHATWG TextEncoder (Node's and the DOM's), as far as app/ uses it: UTF-8 byte counts. */
interface TextEncoder {
  encode(input?: string): Uint8Array;
}

declare var TextEncoder: {
  new (): TextEncoder;
};
