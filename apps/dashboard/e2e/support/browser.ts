/** Debian's Chromium driven by playwright-core (BUILD-NOTES.md, "Browsers"), plus the checks every screen gets. */
import { AxeBuilder } from '@axe-core/playwright';
import { expect } from '@jest/globals';
import { launchHeadlessChromium } from '@storefleet/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 812 };

export interface BrowserSession {
  browser: Browser;
  newContext(viewport?: { width: number; height: number }): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** Headless Chromium (libs/testing) with a context per viewport: en-GB, UTC, a phone's touch below 600 px. */
export async function launchChromium(): Promise<BrowserSession> {
  const browser = await launchHeadlessChromium();
  return {
    browser,
    newContext: (viewport = DESKTOP) =>
      browser.newContext({
        viewport,
        deviceScaleFactor: 1,
        isMobile: viewport.width < 600,
        hasTouch: viewport.width < 600,
        locale: 'en-GB',
        timezoneId: 'UTC',
      }),
    close: () => browser.close(),
  };
}

/** axe-core's serious and critical findings on the page as it is now (WCAG 2.x A and AA rules). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** True when the page is wider than the viewport (a horizontal scrollbar). */
export function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);
}

export async function signIn(page: Page, origin: string, email: string, password: string): Promise<void> {
  await page.goto(`${origin}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Stores', level: 1 }).waitFor();
}

/** Re-reads until the value matches (toMatchObject for objects), for UI that settles after a refetch. */
export async function eventually<T>(read: () => Promise<T>, expected: unknown, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    try {
      if (typeof expected === 'object' && expected !== null) expect(value).toMatchObject(expected);
      else expect(value).toEqual(expected);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
