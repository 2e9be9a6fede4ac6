// Renders the app icon from its one source, resources/icon.svg:
//   resources/icon.png                  1024×1024, electron-builder derives
//                                       the macOS .icns and Windows .ico from it
//   resources/icons/<size>x<size>.png   the Linux icon set (linux.icon)
// The PNGs are committed; run this again only after editing the SVG:
//   node scripts/make-icons.mjs
// Rendering uses @resvg/resvg-js (a devDependency whose prebuilt binary comes
// inside the npm package, so nothing is downloaded at install time).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

const APP_ICON_SIZE = 1024;
const LINUX_ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const resources = join(root, 'resources');

/** @param {Buffer} svg @param {number} size */
function renderPng(svg, size) {
  const image = new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } }).render();
  if (image.width !== size || image.height !== size) {
    throw new Error(`rendered ${image.width}×${image.height}, expected ${size}×${size}: is icon.svg square?`);
  }
  return image.asPng();
}

const svg = await readFile(join(resources, 'icon.svg'));
const outputs = [
  { file: join(resources, 'icon.png'), size: APP_ICON_SIZE },
  ...LINUX_ICON_SIZES.map((size) => ({ file: join(resources, 'icons', `${size}x${size}.png`), size })),
];
for (const { file, size } of outputs) {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, renderPng(svg, size));
  console.log(`wrote ${relative(root, file)} (${size}×${size})`);
}
