// npm run typecheck: every tsconfig, one after the other (the machine is
// small). The root one checks everything as a whole; the per-folder ones
// hold app/, main/, main/core and renderer/ to what their runtime offers.
import { spawnSync } from 'node:child_process';

const TSCONFIGS = [
  'tsconfig.json',
  'app/tsconfig.json',
  'main/core/tsconfig.json',
  'main/tsconfig.json',
  'renderer/tsconfig.json',
  'renderer/tsconfig.preload.json',
];

let failed = 0;
for (const project of TSCONFIGS) {
  const run = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', project, '--noEmit'], { stdio: 'inherit' });
  if (run.status !== 0) {
    failed += 1;
    console.error(`typecheck: ${project} failed`);
  }
}
process.exit(failed === 0 ? 0 : 1);
