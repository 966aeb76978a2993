/**
 * Page-wide checks for the browser tests: horizontal overflow at a phone width, and axe-core's
 * accessibility rules (run in the page from the npm package, no network).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Elements wider than the viewport (the page scrolls sideways), described; empty when none. */
export async function overflow(page: Page): Promise<string[]> {
  return (await page.evaluate(`(() => {
    const doc = document.documentElement;
    const width = doc.clientWidth;
    if (doc.scrollWidth <= width) return [];
    const out = ['page ' + doc.scrollWidth + ' > ' + width];
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const r = el.getBoundingClientRect();
      if (r.right > width + 1 && r.width > 0) {
        const parentToo = el.parentElement && el.parentElement.getBoundingClientRect().right > width + 1;
        if (!parentToo) out.push(el.tagName.toLowerCase() + '.' + el.className + ' right=' + Math.round(r.right));
      }
      if (out.length > 8) break;
    }
    return out;
  })()`)) as string[];
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol: the page's CSP (no inline scripts) does not apply.
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(AXE_SOURCE);
  const result = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] })`)) as {
    violations: Array<{
      id: string;
      impact: string | null;
      help: string;
      nodes: Array<{ target: string[] }>;
    }>;
  };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
}
