// Module resolve hook (node:module register): `electron` is the stand-in.
// Resolved through the next hooks (tsx), which then load it as TypeScript.
const STAND_IN = new URL('./electron.ts', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  return nextResolve(specifier === 'electron' ? STAND_IN : specifier, context);
}
