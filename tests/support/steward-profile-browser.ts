import { Browser } from 'playwright-core';
import { axeViolations, screenshot, tabTo } from './console-browser';

/**
 * A steward opens their node's console, signs in with their key file and reaches the data profile by keyboard
 * alone: the profile's tables as the page shows them, and axe-core's violations on that view.
 */
export async function stewardOpensDataProfile(
  browser: Browser,
  nodeUrl: string,
  stewardKeyFile: string,
): Promise<{ text: string; violations: string[] }> {
  const page = await browser.newPage();
  try {
    await page.goto(`${nodeUrl}/console/`);
    await page.setInputFiles('#key-file', stewardKeyFile);
    await page.getByRole('button', { name: /^(Aanmelden|Sign in)$/ }).click();
    await page.getByRole('button', { name: 'Profiel van de gegevens' }).waitFor();
    await tabTo(page, 'nav button[data-tab="profile"]');
    await page.keyboard.press('Enter');
    await page.locator('#profile-title').waitFor();
    await page.locator('tr[data-field]').first().waitFor();
    await screenshot(page, 'steward-data-profile');
    return {
      text: await page.locator('section[aria-labelledby="profile-title"]').innerText(),
      violations: await axeViolations(page),
    };
  } finally {
    await page.close();
  }
}

/** An export in the columns of deploy/mappings/gemeente.yaml: date of birth and postcode, never stored. */
export function gemeenteExport(rows: string[]): string {
  return (
    [
      'BSN;Peiljaar;Geboortedatum;Postcode;Huisnummer;Laag inkomen;Bijstand;Schuldhulpverlening;Kindgebonden budget (EUR)',
      ...rows,
    ].join('\r\n') + '\r\n'
  );
}

/**
 * The steward loads an export in the console by keyboard: a file with a bad row is checked and refused with its
 * row and column, a good one is checked (nothing written) and then confirmed. Returns what the page said each time.
 */
export async function stewardChecksAndLoadsExport(
  browser: Browser,
  nodeUrl: string,
  stewardKeyFile: string,
  files: { bad: string; good: string },
): Promise<{ refused: string; checked: string; loaded: string; violations: string[] }> {
  const page = await browser.newPage();
  const report = () => page.locator('section[aria-labelledby="import-report-title"]');
  try {
    await page.goto(`${nodeUrl}/console/`);
    await page.setInputFiles('#key-file', stewardKeyFile);
    await page.getByRole('button', { name: /^(Aanmelden|Sign in)$/ }).click();
    await page.locator('nav button[data-tab="importData"]').waitFor();
    await tabTo(page, 'nav button[data-tab="importData"]');
    await page.keyboard.press('Enter');
    await page.locator('#import-dataset option').first().waitFor({ state: 'attached' });
    await page.setInputFiles('#import-file', files.bad);
    await tabTo(page, 'form button[type="submit"]');
    await page.keyboard.press('Enter');
    await report().waitFor();
    const refused = await report().innerText();
    const violations = await axeViolations(page);
    await page.setInputFiles('#import-file', files.good);
    await page.locator('form button[type="submit"]').click();
    await page.getByRole('button', { name: 'Bevestigen en laden' }).waitFor();
    const checked = await report().innerText();
    await tabTo(page, '#import-confirm');
    await page.keyboard.press('Enter');
    await page.getByText(/^geladen/).waitFor();
    await screenshot(page, 'steward-data-import');
    return { refused, checked, loaded: await report().innerText(), violations };
  } finally {
    await page.close();
  }
}
