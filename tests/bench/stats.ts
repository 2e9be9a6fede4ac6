/** Small statistics and formatting helpers for the figures. */

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

/** Rounded to 0.1 ms: the page clock resolves better than that, the tap only to 1 ms. */
export const roundMs = (value: number): number => Math.round(value * 10) / 10;

export const ratio = (value: number, baseline: number): number => Math.round((value / baseline) * 1000) / 1000;

/** "140 ms" right-aligned in `width`. */
export const ms = (value: number, width = 4): string => `${Number.isFinite(value) ? Math.round(value) : '?'}`.padStart(width) + ' ms';

/** "p25–p75 130–150, min–max 120–170, n 12" */
export function spread(values: readonly number[]): string {
  const r = (value: number) => Math.round(value);
  return `p25–p75 ${r(quantile(values, 0.25))}–${r(quantile(values, 0.75))}, min–max ${r(quantile(values, 0))}–${r(quantile(values, 1))}, n ${values.length}`;
}

/**
 * One summary line comparing the softphone with the baseline:
 * `call setup        softphone 140 ms   baseline 135 ms   ratio 1.04  (target < 1.10)`
 */
export function comparisonLine(label: string, softphone: number, baseline: number, target?: number): string {
  const value = ratio(softphone, baseline);
  let line = `${label.padEnd(17)} softphone ${ms(softphone)}   baseline ${ms(baseline)}   ratio ${value.toFixed(2)}`;
  if (target !== undefined) line += `  (target < ${target.toFixed(2)}${value < target ? '' : ', NOT MET'})`;
  return line;
}
