/** Whether a control can be used where it is, as a user sees the window (no scrolling). */
import type { Locator } from 'playwright-core';

/** True when a click at the element's centre, without scrolling anything, lands on it: it is in view and nothing clips or covers it there. */
export async function isClickableInPlace(element: Locator): Promise<boolean> {
  return (await pointsHitting(element, 'centre')).every(Boolean);
}

/**
 * True when the element's centre and the middle of each edge (2 px inside)
 * land on it: no side of it is clipped, scrolled away or covered. Edges, not
 * corners: a rounded corner's pixels belong to what is behind it.
 */
export async function isWhollyInView(element: Locator): Promise<boolean> {
  return (await pointsHitting(element, 'edges')).every(Boolean);
}

function pointsHitting(element: Locator, which: 'centre' | 'edges'): Promise<boolean[]> {
  return element.evaluate((node, which) => {
    const box = node.getBoundingClientRect();
    const inset = 2;
    const centre = { x: box.left + box.width / 2, y: box.top + box.height / 2 };
    const edges = [
      { x: centre.x, y: box.top + inset },
      { x: centre.x, y: box.bottom - inset },
      { x: box.left + inset, y: centre.y },
      { x: box.right - inset, y: centre.y },
    ];
    const points = which === 'centre' ? [centre] : [centre, ...edges];
    return points.map(({ x, y }) => {
      if (x < 0 || y < 0 || x > window.innerWidth || y > window.innerHeight) return false;
      const hit = document.elementFromPoint(x, y);
      return hit !== null && node.contains(hit);
    });
  }, which);
}
