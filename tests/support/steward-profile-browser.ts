import { Browser } from 'playwright-core';
import { axeViolations, screenshot, tabTo } from './console-browser';

/**
 * A steward opens their node's console, signs in with their key file and reaches the data profile by keyboard
 * alone: the profile's tables as the page shows them, and axe-core's violations on that view.
 */
export async function stewardOpensDataProfile(browser: Browser, nodeUrl: string, stewardKeyFile: string): Promise<{ text: string; violations: string[] }> {
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
    return { text: await page.locator('section[aria-labelledby="profile-title"]').innerText(), violations: await axeViolations(page) };
  } finally {
    await page.close();
  }
}
