import { Browser, Page } from 'playwright-core';
import { ProcessingGrounds } from '@bfa/protocol';
import { DEMO_GROUNDS } from '../../deploy/local/grounds';
import { axeViolations, screenshot, tabTo } from './console-browser';

/** The scenario steps of the analyst's console (and the stewards' answers in theirs), for one cluster shared by several scenarios. */

export const consoleUrlOf = (serverUrl: string) => `${serverUrl}/console/`;

export async function openConsole(browser: Browser, serverUrl: string): Promise<Page> {
  const page = await browser.newPage();
  const response = await page.goto(consoleUrlOf(serverUrl));
  if (response?.status() !== 200) throw new Error(`${consoleUrlOf(serverUrl)} answered ${response?.status()}`);
  return page;
}

export async function signIn(page: Page, keyFile: string): Promise<void> {
  await page.setInputFiles('#key-file', keyFile);
  await page.getByRole('button', { name: /^(Aanmelden|Sign in)$/ }).click();
  await page.getByText(/^(Aangemeld als|Signed in as)/).waitFor();
}

/** Screenshot under tests/artifacts/, then axe-core's WCAG 2.1 AA violations (none expected). */
export async function accessibilityOf(page: Page, view: string): Promise<string[]> {
  await screenshot(page, view);
  return axeViolations(page);
}

export interface BuiltQuery {
  /** The dataset's label in the catalog. */
  dataset: string;
  /** The dimensions' labels in the catalog. */
  groupBy: string[];
  year?: string;
  /** Field label → the option's text, e.g. "Soort signaal" → "debt". */
  filters?: Record<string, string>;
  /** Factor datasets' labels (or the start of them) → the condition's label; makes it a combination. */
  factors?: Record<string, string>;
  atLeast?: number;
  purpose: string;
  /** The legal basis, DPIA and retention chosen (by id, reference and days); the demo's when left out. */
  grounds?: ProcessingGrounds;
}

const builder = (page: Page) => page.getByRole('region', { name: /^(Nieuwe vraag|New query)$/ });

/** The datasets the builder offers, once it has read the catalog. */
export async function offeredDatasets(page: Page): Promise<string[]> {
  await builder(page).locator('#builder-dataset option').first().waitFor({ state: 'attached' });
  return builder(page).locator('#builder-dataset option').allTextContents();
}

/** Fills in the builder as an analyst would, choosing only among the options it offers. */
export async function buildQuery(page: Page, query: BuiltQuery): Promise<void> {
  const form = builder(page);
  await form.getByLabel(/^(Gegevensverzameling|Dataset)$/).selectOption({ label: query.dataset });
  if (query.factors) await form.getByLabel(/^(Combinatievraag|Combination query)/).check();
  for (const dimension of query.groupBy) await form.getByRole('checkbox', { name: dimension, exact: true }).check();
  if (query.year) await form.locator('#builder-year').selectOption({ label: query.year });
  for (const [field, option] of Object.entries(query.filters ?? {}))
    await form.getByRole('combobox', { name: field, exact: true }).selectOption({ label: option });
  for (const [dataset, condition] of Object.entries(query.factors ?? {}))
    await form.getByRole('combobox', { name: dataset }).selectOption({ label: condition });
  if (query.atLeast)
    await form.getByLabel(/^(Tel kinderen met minstens|Count children with at least)/).fill(String(query.atLeast));
  await form.getByLabel(/^(Doel|Purpose)$/).fill(query.purpose);
  await chooseGrounds(page, query.grounds ?? DEMO_GROUNDS);
}

/** The builder's legal basis, DPIA and retention, chosen among what it offers. */
export async function chooseGrounds(page: Page, grounds: ProcessingGrounds): Promise<void> {
  const form = builder(page);
  await form.locator('#builder-legal-basis').selectOption(grounds.legalBasis);
  await form.locator('#builder-dpia').selectOption(grounds.dpia);
  await form.locator('#builder-retention').fill(String(grounds.retentionDays));
}

/** Submits the builder's query; its refusal in words, as the page shows it next to the form. */
export async function submitRefused(page: Page): Promise<string> {
  await builder(page)
    .getByRole('button', { name: /^(Vraag indienen|Submit query)$/ })
    .click();
  const alert = builder(page).getByRole('alert');
  await alert.waitFor();
  return (await alert.textContent()) ?? '';
}

/** Submits the builder's query; the id of the query whose live state the page then follows. */
export async function submitQuery(page: Page): Promise<string> {
  await builder(page)
    .getByRole('button', { name: /^(Vraag indienen|Submit query)$/ })
    .click();
  await builder(page)
    .getByRole('status')
    .filter({ hasText: /^(Ingediend|Submitted)/ })
    .waitFor();
  const status = page.locator('[data-status-of]');
  await status.waitFor();
  return (await status.getAttribute('data-status-of'))!;
}

/** The live state of the followed query. */
export const liveState = (page: Page) => page.locator('[data-status-of]');

/** The live state's row of one partner, by organisation id. */
export const partnerRow = (page: Page, org: string) => liveState(page).locator(`tr[data-org="${org}"]`);

/** Waits, without reloading the page, until the live state shows `text`. */
export async function waitForLiveText(page: Page, text: string | RegExp, timeoutMs = 60_000): Promise<void> {
  await liveState(page).getByText(text).first().waitFor({ timeout: timeoutMs });
}

/** A steward's decision in their own node's console: review, then approve, or reject with a reason. */
export async function decideInConsole(
  browser: Browser,
  node: { url: string; keyFile: string },
  queryId: string,
  decision: { reject?: string } = {},
): Promise<void> {
  const page = await openConsole(browser, node.url);
  await signIn(page, node.keyFile);
  const row = page.locator(`tr[data-query-id="${queryId}"]`);
  await row.waitFor({ timeout: 30_000 });
  await row.getByRole('button', { name: /^Bekijken/ }).click();
  if (decision.reject) {
    await page.getByLabel(/^Reden van afwijzing/).fill(decision.reject);
    await page.getByRole('button', { name: 'Afwijzen en ondertekenen' }).click();
    await page.getByRole('status').filter({ hasText: 'Afgewezen en ondertekend.' }).waitFor();
  } else {
    await page.getByRole('button', { name: 'Goedkeuren en ondertekenen' }).click();
    await page.getByRole('status').filter({ hasText: 'Goedgekeurd en ondertekend.' }).waitFor();
  }
  await page.close();
}

/** How the focused element is outlined: a keyboard user must see where they are. */
async function focusOutline(page: Page): Promise<{ id: string; style: string; width: number }> {
  return page.evaluate(`(() => {
    const focused = document.activeElement;
    const style = getComputedStyle(focused);
    return { id: focused.id || focused.tagName.toLowerCase(), style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
  })()`);
}

/** Tabs to a control and checks that its focus is drawn; the outlines seen are collected in `seen`. */
async function tabToOutlined(
  page: Page,
  selector: string,
  seen: { id: string; style: string; width: number }[],
): Promise<void> {
  await tabTo(page, selector, 120);
  seen.push(await focusOutline(page));
}

/** Moves a focused select with the arrow keys (down to its last option, then up) until it shows `label`. */
async function arrowTo(page: Page, selector: string, label: string): Promise<void> {
  const shown = () =>
    page
      .locator(selector)
      .evaluate((s) => (s as unknown as { selectedOptions: { text: string }[] }).selectedOptions[0]?.text);
  for (const key of ['ArrowDown', 'ArrowUp']) {
    for (let before = await shown(), i = 0; i < 30; i++) {
      if (before === label) return;
      await page.keyboard.press(key);
      const after = await shown();
      if (after === before) break;
      before = after;
    }
  }
  throw new Error(`${selector}: no option "${label}" reached with the arrow keys`);
}

/** As arrowTo, until the select's value (an id, not its text) is `value`. */
async function arrowToValue(page: Page, selector: string, value: string): Promise<void> {
  const label = await page.locator(`${selector} option[value="${value}"]`).textContent();
  if (label === null) throw new Error(`${selector}: no option of value ${value}`);
  await arrowTo(page, selector, label.trim());
}

export interface KeyboardCount {
  /** The dataset's label in the catalog. */
  dataset: string;
  /** The id of the one dimension to break down by (its checkbox is #builder-group-<id>). */
  groupBy: string;
  year: string;
  purpose: string;
}

/**
 * Builds and submits a count with the keyboard alone: Tab to each control, the arrow keys in the selects, Space on the
 * breakdown, Shift+Tab back and Tab forth, Enter on the submit button. Returns the query's id and the focus outline of
 * every control it used, as the page drew it.
 */
export async function submitCountByKeyboard(
  page: Page,
  query: KeyboardCount,
): Promise<{ id: string; outlines: { id: string; style: string; width: number }[] }> {
  const outlines: { id: string; style: string; width: number }[] = [];
  await page.evaluate('document.activeElement?.blur()');
  await tabToOutlined(page, '#builder-dataset', outlines);
  await arrowTo(page, '#builder-dataset', query.dataset);
  await tabToOutlined(page, `#builder-group-${query.groupBy}`, outlines);
  await page.keyboard.press('Space');
  if (!(await page.locator(`#builder-group-${query.groupBy}`).isChecked()))
    throw new Error(`Space did not check #builder-group-${query.groupBy}`);
  await tabToOutlined(page, '#builder-year', outlines);
  await arrowTo(page, '#builder-year', query.year);
  await tabToOutlined(page, '#builder-purpose', outlines);
  await page.keyboard.type(query.purpose);
  // Back to the control before the purpose (the last filter) and forth again: the order runs both ways.
  await page.keyboard.press('Shift+Tab');
  if (!(await page.evaluate<boolean>(`document.activeElement.matches('select[id^="builder-filter-"]')`)))
    throw new Error('Shift+Tab from the purpose did not reach the last filter');
  outlines.push(await focusOutline(page));
  await page.keyboard.press('Tab');
  if ((await focusOutline(page)).id !== 'builder-purpose')
    throw new Error('Tab from the last filter did not come back to the purpose');
  await tabToOutlined(page, '#builder-legal-basis', outlines);
  await arrowToValue(page, '#builder-legal-basis', DEMO_GROUNDS.legalBasis);
  await tabToOutlined(page, '#builder-dpia', outlines);
  await arrowToValue(page, '#builder-dpia', DEMO_GROUNDS.dpia);
  await tabToOutlined(page, '#builder-retention', outlines);
  await page.keyboard.type(String(DEMO_GROUNDS.retentionDays));
  await tabToOutlined(page, '#builder-purpose ~ button[type="submit"]', outlines);
  const followed = (await page.locator('[data-status-of]').count())
    ? await page.locator('[data-status-of]').getAttribute('data-status-of')
    : '';
  await page.keyboard.press('Enter');
  await builder(page)
    .getByRole('status')
    .filter({ hasText: /^(Ingediend|Submitted)/ })
    .waitFor();
  // The page then follows the new query (it may have been following another one).
  const status = page.locator(`[data-status-of]:not([data-status-of="${followed}"])`);
  await status.waitFor();
  return { id: (await status.getAttribute('data-status-of'))!, outlines };
}
