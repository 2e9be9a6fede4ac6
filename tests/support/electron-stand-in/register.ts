/**
 * Makes `import … from 'electron'` load ./electron.ts (the stand-in) in this
 * process: import this before anything that imports electron.
 */
import { register } from 'node:module';

register('./resolve-electron.mjs', import.meta.url);
