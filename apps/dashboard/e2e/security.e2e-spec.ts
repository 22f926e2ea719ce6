/**
 * The dashboard under the API's security headers, in Chromium: every screen
 * works with the Content-Security-Policy and reports no violation, the page
 * cannot be framed, and the refresh token lives only in the HttpOnly session
 * cookie (never in storage or document.cookie) yet restores the session on a
 * reload and is gone after signing out.
 */
import { jest } from '@jest/globals';
import { SESSION_COOKIE, SESSION_COOKIE_PATH } from '@storefleet/contracts';
import type { BrowserContext, Page } from 'playwright-core';

import { type BrowserSession, launchChromium, signIn } from './support/browser.js';
import { type Account, type Stack, startStack } from './support/stack.js';

jest.setTimeout(120_000);

/** Collects CSP violations the page reports (the DOM event) and Chromium logs ("Refused to …"). */
async function watchViolations(context: BrowserContext, page: Page): Promise<string[]> {
  const violations: string[] = [];
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  page.on('console', (m) => {
    const text = m.text();
    if (/CSP violation|Content Security Policy|Refused to/i.test(text)) violations.push(text);
  });
  page.on('pageerror', (e) => violations.push(`pageerror: ${e.message}`));
  return violations;
}

describe('dashboard under the security headers', () => {
  let stack: Stack;
  let chromium: BrowserSession;
  let operator: Account;

  beforeAll(async () => {
    stack = await startStack('security');
    chromium = await launchChromium();
    operator = await stack.createUser('operator');
  }, 240_000);

  afterAll(async () => {
    await chromium?.close();
    await stack?.stop();
  }, 60_000);

  it('serves every screen under the CSP with no violation, and keeps the refresh token out of reach of scripts', async () => {
    const context = await chromium.newContext();
    const page = await context.newPage();
    const violations = await watchViolations(context, page);

    const first = await page.goto(`${stack.origin}/`);
    const csp = first!.headers()['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(first!.headers()['x-frame-options']).toBe('DENY');
    expect(first!.headers()['x-content-type-options']).toBe('nosniff');
    expect(first!.headers()['referrer-policy']).toBe('no-referrer');

    await signIn(page, stack.origin, operator.email, operator.password);
    const store = await stack.createStore(operator, { name: 'csp-shop', engine: 'woocommerce' });
    // The live stream (EventSource, connect-src) delivers a status change.
    await stack.moveStore(store.id, 'provisioning');
    await page.getByRole('row').filter({ hasText: 'csp-shop' }).getByText('Provisioning').waitFor({ timeout: 10_000 });
    for (const [path, heading] of [
      [`/stores/${store.id}`, 'csp-shop'],
      ['/ops/queues', 'Queues'],
      ['/ops/audit', 'Audit log'],
      ['/ops/users', 'Users'],
      ['/stores', 'Stores'],
    ] as const) {
      await page.goto(`${stack.origin}${path}`);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
    }
    await page.getByRole('button', { name: 'Create store', exact: true }).click();
    await page.getByRole('dialog').waitFor();

    // The session cookie exists, as the API set it, but no script can read it.
    const cookies = await context.cookies(stack.origin + SESSION_COOKIE_PATH);
    const session = cookies.find((c) => c.name === SESSION_COOKIE);
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: SESSION_COOKIE_PATH, secure: false });
    const visible = await page.evaluate(() => ({
      cookie: document.cookie,
      storage: JSON.stringify({ ...localStorage, ...sessionStorage }),
    }));
    expect(visible.cookie).not.toContain(SESSION_COOKIE);
    expect(visible.storage).not.toContain(session!.value);

    // A reload restores the session from the cookie alone.
    await page.reload();
    await page.getByRole('heading', { name: 'Stores', level: 1 }).waitFor();
    expect(violations).toEqual([]);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You have signed out.').waitFor();
    expect((await context.cookies(stack.origin + SESSION_COOKIE_PATH)).map((c) => c.name)).not.toContain(SESSION_COOKIE);
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(violations).toEqual([]);
    await context.close();
  });

  it('refuses to be framed by another page', async () => {
    const context = await chromium.newContext();
    const page = await context.newPage();
    const blocked: string[] = [];
    page.on('console', (m) => blocked.push(m.text()));
    await page.setContent(`<iframe id="f" src="${stack.origin}/sign-in"></iframe>`);
    await page.waitForTimeout(1_500);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    // Chromium replaces a refused frame with an error page: the dashboard's sign-in form never renders.
    const rendered = await frame?.evaluate(() => document.querySelector('input[type=password]') !== null).catch(() => false);
    expect(rendered).toBe(false);
    expect(blocked.join('\n')).toMatch(/frame-ancestors|X-Frame-Options/);
    await context.close();
  });

  it('applies a CSP to the OpenAPI UI too, and the UI renders under it', async () => {
    const context = await chromium.newContext();
    const page = await context.newPage();
    const violations = await watchViolations(context, page);
    const res = await page.goto(`${stack.origin}/api/docs`);
    expect(res!.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.getByText('Storefleet API').first().waitFor();
    expect(violations).toEqual([]);
    await context.close();
  });
});
