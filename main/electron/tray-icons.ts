/**
 * Tray icons drawn at run time: a filled dot in the status color, so the
 * tray shows registration state without shipping one image per state.
 */
import { nativeImage, type NativeImage } from 'electron';
import type { TrayState } from '../core/tray-summary';

const COLORS: Record<TrayState, [number, number, number]> = {
  'all-reachable': [0x1a, 0x9e, 0x4b],
  'some-failing': [0xd9, 0x3a, 0x2b],
  'all-offline': [0x8a, 0x8f, 0x98],
  'no-accounts': [0x8a, 0x8f, 0x98],
  'in-call': [0x1f, 0x6f, 0xeb],
};

export function trayIcon(state: TrayState): NativeImage {
  const size = 32;
  const [red, green, blue] = COLORS[state];
  const bitmap = Buffer.alloc(size * size * 4);
  const center = (size - 1) / 2;
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const distance = Math.hypot(x - center, y - center);
      const coverage = Math.max(0, Math.min(1, 13.5 - distance));
      const offset = (y * size + x) * 4;
      // BGRA, premultiplied alpha.
      bitmap[offset] = Math.round(blue * coverage);
      bitmap[offset + 1] = Math.round(green * coverage);
      bitmap[offset + 2] = Math.round(red * coverage);
      bitmap[offset + 3] = Math.round(255 * coverage);
    }
  }
  return nativeImage.createFromBitmap(bitmap, { width: size, height: size, scaleFactor: 2 });
}
