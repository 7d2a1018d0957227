import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { DEMO_GROUNDS } from '../../deploy/local/grounds';

/** Debian's chromium (`apt-get install chromium`), never a browser the test tool downloads. */
export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = resolve(__dirname, '..', 'artifacts');

/** Headless, and quiet: no sync, no updates, no background traffic. launch() gives every run a fresh, temporary profile. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

interface AxeViolation {
  id: string;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's WCAG 2.1 A and AA rules (and its best practices) on the page as it is now: the violations, by rule and element. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated over the DevTools protocol: the console's Content-Security-Policy rightly refuses an injected <script>.
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  // Evaluated in the page, where axe and document live (this file is type-checked without the DOM's names).
  const violations = await page.evaluate<AxeViolation[]>('axe.run(document).then((result) => result.violations)');
  return violations.map(
    (v: AxeViolation) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
}

/** Presses Tab until the focused element matches `selector`, as a keyboard user would; fails if it never gets there. */
export async function tabTo(page: Page, selector: string, maxTabs = 40): Promise<void> {
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate<boolean>(`document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`)) return;
  }
  throw new Error(`${selector} not reached with ${maxTabs} presses of Tab`);
}

/** The console suites' query: 2024's risk signals per wijk and age band, with the purpose each test gives it. */
export const signalsQuery = (purpose: string) => ({
  ...DEMO_GROUNDS,
  dataset: 'risk_signals',
  measure: { kind: 'count' as const },
  groupBy: ['wijk', 'age_band'],
  filters: [{ field: 'year', op: 'eq' as const, value: 2024 }],
  purpose,
});
