/**
 * How a name reads in pinyin, for finding and sorting Chinese names the way
 * a Chinese user types and expects them: 张伟 is "zhangwei", "zhang wei" or
 * "zw", and sorts under Z among Latin names.
 */
import { pinyin } from 'pinyin-pro';

export interface NamePinyin {
  /** Syllables joined, lower case, Latin parts kept: 张伟 → `zhangwei`, Bob 张 → `bobzhang`. */
  readonly full: string;
  /** First letter of each syllable or Latin word: 张伟 → `zw`. */
  readonly initials: string;
}

const HAN = /[\u3400-\u9fff]/;
const cache = new Map<string, NamePinyin | undefined>();

/** Undefined for a name without Chinese characters (its letters already say how it reads). */
export function namePinyin(name: string): NamePinyin | undefined {
  if (!HAN.test(name)) return undefined;
  if (cache.has(name)) return cache.get(name);
  // `surname: 'head'` reads a first character such as 曾 or 单 as a surname (zeng, shan).
  const syllables = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive', surname: 'head' })
    .flatMap((part) => part.toLowerCase().split(/[^\p{L}\p{N}]+/u))
    .filter((part) => part !== '');
  const reading = { full: syllables.join(''), initials: syllables.map((part) => part[0]).join('') };
  if (cache.size > 5_000) cache.clear();
  cache.set(name, reading);
  return reading;
}

/** What a name sorts by in the Chinese UI: its pinyin, so 安妮 comes before Bob and 张伟 after Yvonne. */
export function pinyinSortKey(name: string): string {
  return namePinyin(name)?.full ?? name;
}
