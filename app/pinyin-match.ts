/**
 * Finding Chinese names by what is typed on a Latin keyboard: full pinyin
 * without tones ("zhangwei", "zhang wei"), initials ("zw"), or a mix
 * ("zhangw"), as phone users in China expect.
 */
import { match } from 'pinyin-pro';

const HAN = /\p{Script=Han}/u;

/** True when `name` holds Chinese characters and `query` (Latin letters) spells part of it in pinyin or initials. */
export function matchesPinyin(name: string, query: string): boolean {
  const letters = query.toLowerCase().replace(/\s+/g, '');
  if (!HAN.test(name) || !/^[a-z]+$/.test(letters)) return false;
  // pinyin-pro's match: the indices of the characters the letters spell, or null.
  return match(name, letters, { continuous: true }) !== null;
}
