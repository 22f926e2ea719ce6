/**
 * The dashboard in Chromium against the real API (built and started by
 * support/stack.ts). The tests play the worker's part where the platform
 * would: status changes go through the shared StoreLifecycle (libs/db) and
 * reach the browser over the API's live stream, exactly as in production.
 */
import { jest } from '@jest/globals';
import type { Page } from 'playwright-core';

import {
  type BrowserSession,
  eventually,
  launchChromium,
  scrollsSideways,
  seriousViolations,
  signIn,
} from './support/browser.js';
import { type Account, type Stack, startStack } from './support/stack.js';

const LIVE_TIMEOUT = 10_000;
// Jest reads `testTimeout` only from the global config, not per project.
jest.setTimeout(120_000);

describe('dashboard in Chromium', () => {
  let stack: Stack;
  let chromium: BrowserSession;
  let owner: Account;
  let operator: Account;
  let ownerPage: Page;

  beforeAll(async () => {
    stack = await startStack('dashboard');
    chromium = await launchChromium();
    owner = await stack.createUser('owner');
    operator = await stack.createUser('operator');
    ownerPage = await (await chromium.newContext()).newPage();
    if (process.env.E2E_DEBUG) {
      ownerPage.on('console', (m) => console.log(`console ${m.type()}: ${m.text()}`));
      ownerPage.on('pageerror', (e) => console.log(`pageerror: ${e.message}`));
      ownerPage.on('request', (r) => console.log(`request ${r.method()} ${r.url()}`));
      ownerPage.on('requestfinished', (r) => console.log(`finished ${r.method()} ${r.url()}`));
      ownerPage.on('requestfailed', (r) => console.log(`failed ${r.method()} ${r.url()} ${r.failure()?.errorText}`));
    }
  }, 240_000);

  afterAll(async () => {
    if (process.env.E2E_DEBUG) console.log(stack?.logs());
    await chromium?.close();
    await stack?.stop();
  }, 60_000);

  async function expectAccessible(page: Page) {
    expect(await seriousViolations(page)).toEqual([]);
  }

  const row = (page: Page, name: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });

  async function storeId(name: string): Promise<string> {
    return (await stack.prisma.store.findFirstOrThrow({ where: { name }, select: { id: true } })).id;
  }

  it('signs an owner in and tells a new owner what to do', async () => {
    await ownerPage.goto(`${stack.origin}/`);
    await ownerPage.waitForURL('**/sign-in');
    await expectAccessible(ownerPage);
    await ownerPage.getByLabel('Email').fill(owner.email);
    await ownerPage.getByLabel('Password').fill('not the password');
    await ownerPage.getByRole('button', { name: 'Sign in' }).click();
    await expect(ownerPage.getByRole('alert').textContent()).resolves.toContain('The email or password is not correct.');

    await ownerPage.getByLabel('Password').fill(owner.password);
    await ownerPage.getByRole('button', { name: 'Sign in' }).click();
    await ownerPage.getByRole('heading', { name: 'Stores', level: 1 }).waitFor();
    await ownerPage.getByRole('heading', { name: 'You have no stores yet' }).waitFor();
    await expectAccessible(ownerPage);
  });

  it('creates a store and shows its status change live, without reloading', async () => {
    const page = ownerPage;
    await page.getByRole('button', { name: 'Create store', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Create store' });
    await dialog.getByLabel('Store name').fill('Corner Shop');
    await dialog.getByText(/may contain only lowercase letters/).waitFor();
    await expectAccessible(page);
    await dialog.getByLabel('Store name').fill('corner-shop');
    await expect(dialog.getByText(/The name/).count()).resolves.toBe(0);
    await dialog.getByRole('radio', { name: /WooCommerce/ }).check();
    // Marks this document: a reload would lose the mark.
    await page.evaluate(() => ((window as unknown as { e2eMark: boolean }).e2eMark = true));
    await dialog.getByRole('button', { name: 'Create store' }).click();
    await dialog.waitFor({ state: 'detached' });

    const corner = row(page, 'corner-shop');
    await corner.getByText('Requested').waitFor();
    await expect(corner.getByRole('cell').nth(1).textContent()).resolves.toBe('WooCommerce');
    const id = await storeId('corner-shop');

    await stack.moveStore(id, 'provisioning', { provisioningStartedAt: new Date() });
    await corner.getByText('Provisioning').waitFor({ timeout: LIVE_TIMEOUT });
    await stack.moveStore(id, 'ready', {
      readyAt: new Date(),
      storefrontUrl: 'http://corner-shop.127.0.0.1.nip.io',
      adminUrl: 'http://corner-shop.127.0.0.1.nip.io/wp-admin/',
    });
    await corner.getByText('Ready').waitFor({ timeout: LIVE_TIMEOUT });
    await corner.getByRole('link', { name: /corner-shop\.127\.0\.0\.1\.nip\.io/ }).waitFor();
    // The live region takes the message a frame after the row changed (it clears first, so a repeat is read again).
    const announcer = page.getByTestId('announcer');
    await announcer.filter({ hasText: 'Store corner-shop is now ready.' }).waitFor({ state: 'attached', timeout: 5_000 });
    await expect(announcer.textContent()).resolves.toBe('Store corner-shop is now ready.');
    expect(await page.evaluate(() => (window as unknown as { e2eMark?: boolean }).e2eMark)).toBe(true);
  });

  it('opens a ready store with its links and reveals its admin login', async () => {
    const page = ownerPage;
    const id = await storeId('corner-shop');
    await stack.sealCredentials(id, { username: 'corner-admin', password: 'S3cret-from-the-worker' });
    await page.getByRole('link', { name: 'corner-shop', exact: true }).click();
    await page.getByRole('heading', { name: 'corner-shop', level: 1 }).waitFor();
    await expect(page.getByRole('link', { name: /Open storefront/ }).getAttribute('href')).resolves.toBe(
      'http://corner-shop.127.0.0.1.nip.io',
    );
    await expect(page.getByRole('link', { name: /Open admin/ }).getAttribute('href')).resolves.toBe(
      'http://corner-shop.127.0.0.1.nip.io/wp-admin/',
    );
    await page.getByRole('button', { name: 'Reveal credentials' }).click();
    await page.getByText('S3cret-from-the-worker').waitFor();
    await page.getByText('corner-admin').waitFor();
    await expectAccessible(page);
  });

  it('suspends a ready store and resumes it, each status arriving live', async () => {
    const page = ownerPage;
    const id = await storeId('corner-shop');
    await page.getByRole('heading', { name: 'corner-shop', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Suspend' }).click();
    await page.locator('h1 + .badge', { hasText: 'Pausing' }).waitFor({ timeout: LIVE_TIMEOUT });
    expect((await stack.prisma.store.findUniqueOrThrow({ where: { id } })).status).toBe('suspending');
    await stack.moveStore(id, 'suspended');
    await page.locator('h1 + .badge', { hasText: 'Paused' }).waitFor({ timeout: LIVE_TIMEOUT });
    await page.getByText('This store is paused.').waitFor();
    expect(await page.getByRole('button', { name: 'Suspend' }).count()).toBe(0);
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Resume' }).click();
    await page.locator('h1 + .badge', { hasText: 'Resuming' }).waitFor({ timeout: LIVE_TIMEOUT });
    expect((await stack.prisma.store.findUniqueOrThrow({ where: { id } })).status).toBe('resuming');
    await stack.moveStore(id, 'ready');
    await page.locator('h1 + .badge', { hasText: 'Ready' }).waitFor({ timeout: LIVE_TIMEOUT });
    await page.getByRole('button', { name: 'Suspend' }).waitFor();
  });

  it("sets the store's backup schedule and retention, which the API keeps", async () => {
    const page = ownerPage;
    const id = await storeId('corner-shop');
    await page.getByRole('heading', { name: 'corner-shop', level: 1 }).waitFor();
    await page.getByText('Backed up daily; the last 7 completed backups are kept.').waitFor();
    await page.getByLabel('Hours between scheduled backups').fill('0');
    await page.getByLabel('Completed backups to keep').fill('3');
    await page.getByRole('button', { name: 'Save schedule' }).click();
    const saved = page.locator('p', { hasText: 'No scheduled backups; the last 3 completed backups are kept.' });
    await saved.waitFor({ timeout: LIVE_TIMEOUT });
    // What the worker's schedule and retention read.
    expect(await stack.prisma.backupPolicy.findUnique({ where: { storeId: id } })).toMatchObject({
      intervalHours: 0,
      keepLast: 3,
    });
    await expectAccessible(page);
    // Read back from the API after a reload.
    await page.reload();
    await saved.waitFor();
    await expect(page.getByLabel('Completed backups to keep').inputValue()).resolves.toBe('3');
  });

  it('shows the engine version and upgrades a ready store to an offered one, the statuses arriving live', async () => {
    const page = ownerPage;
    const id = await storeId('corner-shop');
    const details = page.getByRole('region', { name: 'Details' });
    await details.getByText('WordPress 6.8.3-php8.3-apache · WooCommerce 10.2.2').waitFor();
    await page.getByLabel('Move to version').selectOption('6.9.0-php8.3-apache/10.3.0');
    await page.getByRole('button', { name: 'Upgrade' }).click();
    await page.locator('h1 + .badge', { hasText: 'Upgrading' }).waitFor({ timeout: LIVE_TIMEOUT });
    expect(await stack.prisma.store.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: 'upgrading',
      engineVersion: '6.8.3-php8.3-apache/10.2.2',
      targetEngineVersion: '6.9.0-php8.3-apache/10.3.0',
    });
    await page.getByText(/Upgrading to WordPress 6\.9\.0-php8\.3-apache · WooCommerce 10\.3\.0/).waitFor();
    expect(await page.getByLabel('Move to version').count()).toBe(0);
    await expectAccessible(page);

    // The worker's end of it: ready at the new version.
    await stack.moveStore(id, 'ready', { engineVersion: '6.9.0-php8.3-apache/10.3.0', targetEngineVersion: null });
    await page.locator('h1 + .badge', { hasText: 'Ready' }).waitFor({ timeout: LIVE_TIMEOUT });
    await details.getByText('WordPress 6.9.0-php8.3-apache · WooCommerce 10.3.0').waitFor();
    // The previous version is offered again: the way back.
    await expect(page.getByLabel('Move to version').inputValue()).resolves.toBe('6.8.3-php8.3-apache/10.2.2');
  });

  it('draws the provisioning timeline with step durations and the failure reason, and retries a failed store', async () => {
    const page = ownerPage;
    const store = await stack.createStore(owner, { name: 'harbour-goods', engine: 'medusa' });
    const t0 = Date.now() - 5 * 60_000;
    await stack.moveStore(store.id, 'provisioning', { provisioningStartedAt: new Date(t0), provisionAttempts: 1 });
    await stack.recordStep(store.id, { step: 'namespace', outcome: 'succeeded', startedAt: new Date(t0), durationMs: 420 });
    await stack.recordStep(store.id, { step: 'quota', outcome: 'succeeded', startedAt: new Date(t0 + 500), durationMs: 1_250 });
    await stack.recordStep(store.id, {
      step: 'database',
      outcome: 'failed',
      startedAt: new Date(t0 + 2_000),
      durationMs: 125_000,
      message: 'database pod not ready: ImagePullBackOff',
    });
    await stack.moveStore(store.id, 'failed', { statusReason: 'database pod not ready: ImagePullBackOff' });

    await page.getByRole('link', { name: 'Stores', exact: true }).first().click();
    await row(page, 'harbour-goods').getByText('Failed').waitFor({ timeout: LIVE_TIMEOUT });
    await page.getByRole('link', { name: 'harbour-goods', exact: true }).click();
    await page.getByRole('heading', { name: 'harbour-goods', level: 1 }).waitFor();
    await page.getByText('Provisioning failed.').waitFor();

    const steps = page.getByRole('list', { name: 'Provisioning steps' }).getByRole('listitem');
    await expect(steps.nth(0).textContent()).resolves.toMatch(/Namespace.*Done.*420 ms/);
    await expect(steps.nth(1).textContent()).resolves.toMatch(/Resource quota.*Done.*1\.2 s/);
    await expect(steps.nth(2).textContent()).resolves.toMatch(
      /Database.*Failed.*2 min 5 s.*database pod not ready: ImagePullBackOff/,
    );
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Retry' }).click();
    // A retried store waits for a provisioning slot like a new one (issue 17): requested, then the worker admits it.
    await page.locator('h1 + .badge', { hasText: 'Requested' }).waitFor({ timeout: LIVE_TIMEOUT });
    const retried = await stack.prisma.store.findUniqueOrThrow({ where: { id: store.id } });
    expect(retried).toMatchObject({ status: 'requested', retryCount: 1 });

    // The worker's second attempt appears on the open page by itself.
    await stack.recordStep(store.id, {
      step: 'namespace',
      outcome: 'succeeded',
      attempt: retried.provisionAttempts,
      startedAt: new Date(),
      durationMs: 300,
    });
    await stack.moveStore(store.id, 'provisioning', {});
    await page.locator('h1 + .badge', { hasText: 'Provisioning' }).waitFor({ timeout: LIVE_TIMEOUT });
    await stack.moveStore(store.id, 'ready', { readyAt: new Date(), storefrontUrl: 'http://harbour-goods.127.0.0.1.nip.io' });
    await page.getByRole('heading', { name: `Attempt ${retried.provisionAttempts}` }).waitFor({ timeout: LIVE_TIMEOUT });
    await page.locator('h1 + .badge', { hasText: 'Ready' }).waitFor({ timeout: LIVE_TIMEOUT });
  });

  it('deletes a store only after its exact name is typed', async () => {
    const page = ownerPage;
    await page.getByRole('link', { name: 'Stores', exact: true }).first().click();
    await page.getByRole('link', { name: 'corner-shop', exact: true }).click();
    await page.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete corner-shop?' });
    const confirm = dialog.getByRole('button', { name: 'Delete store' });
    await expect(confirm.isDisabled()).resolves.toBe(true);
    await dialog.getByLabel('Type corner-shop to confirm').fill('corner-sho');
    await expect(confirm.isDisabled()).resolves.toBe(true);
    await expectAccessible(page);
    await dialog.getByLabel('Type corner-shop to confirm').fill('corner-shop');
    await confirm.click();

    await page.getByRole('heading', { name: 'Stores', level: 1 }).waitFor();
    const corner = row(page, 'corner-shop');
    await corner.getByText('Deleting').waitFor({ timeout: LIVE_TIMEOUT });
    const id = await storeId('corner-shop');
    expect((await stack.prisma.store.findUniqueOrThrow({ where: { id } })).status).toBe('deleting');
    await stack.moveStore(id, 'deleted', { deletedAt: new Date() });
    await corner.getByText('Deleted').waitFor({ timeout: LIVE_TIMEOUT });
  });

  it('shows an owner no ops screens and sends them away from ops addresses', async () => {
    const page = ownerPage;
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link').allTextContents()).resolves.toEqual(['Stores']);
    for (const path of ['/ops/queues', '/ops/audit', '/ops/users']) {
      await page.goto(`${stack.origin}${path}`);
      await page.getByRole('heading', { name: 'Stores', level: 1 }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/stores');
    }
  });

  it('is usable with the keyboard alone', async () => {
    const context = await chromium.newContext();
    const page = await context.newPage();
    const keyboardUser = await stack.createUser('owner');
    await page.goto(`${stack.origin}/sign-in`);
    // The load event can come before React has rendered the form.
    await page.getByLabel('Email').waitFor();
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Email').evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await page.keyboard.type(keyboardUser.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(keyboardUser.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'You have no stores yet' }).waitFor();

    // Tab to "Create store" and open the dialog; focus starts in it and stays in it.
    const create = page.getByRole('button', { name: 'Create store', exact: true });
    for (let i = 0; i < 20 && !(await create.evaluate((el) => el === document.activeElement)); i += 1)
      await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Create store' });
    await expect(dialog.getByLabel('Store name').evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    for (let i = 0; i < 7; i += 1) {
      await page.keyboard.press('Tab');
      expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect(create.evaluate((el) => el === document.activeElement)).resolves.toBe(true);

    // Again, this time creating a Medusa store with keys only.
    await page.keyboard.press('Enter');
    await page.keyboard.type('keyboard-shop');
    await page.keyboard.press('Tab'); // to the engine radio group (WooCommerce)
    await page.keyboard.press('ArrowDown'); // Medusa
    await page.keyboard.press('Tab'); // Cancel
    await page.keyboard.press('Tab'); // Create store
    await page.keyboard.press('Enter');
    await row(page, 'keyboard-shop').getByText('Requested').waitFor();
    const created = await stack.prisma.store.findFirstOrThrow({ where: { name: 'keyboard-shop' } });
    expect(created.engine).toBe('medusa');
    await context.close();
  });

  it('sends the user back to sign-in with a message when the session cannot be renewed', async () => {
    const context = await chromium.newContext();
    const page = await context.newPage();
    await signIn(page, stack.origin, owner.email, owner.password);
    // The refresh token is revoked (as by signing out elsewhere); the next reload cannot renew the session.
    await stack.prisma.refreshToken.updateMany({
      where: { userId: owner.user.id, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByText('Your session expired. Please sign in again.').waitFor();
    await signIn(page, stack.origin, owner.email, owner.password);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You have signed out.').waitFor();
    await context.close();
  });

  describe('as an operator', () => {
    let page: Page;

    beforeAll(async () => {
      page = await (await chromium.newContext()).newPage();
      await signIn(page, stack.origin, operator.email, operator.password);
    });

    it('shows queue counts and failed jobs, and retries one', async () => {
      const failedJobId = await stack.failNextProvisioningJob('exceeded quota: requests.memory=2Gi, used 2Gi, limited 2Gi');
      await page.getByRole('link', { name: 'Queues' }).click();
      await page.getByRole('heading', { name: 'Queues', level: 1 }).waitFor();
      const provisioning = page.getByRole('row', { name: /store-provisioning/ });
      const counts = async (): Promise<Record<string, number>> =>
        Object.fromEntries(
          await Promise.all(
            ['waiting', 'active', 'delayed', 'failed', 'completed'].map(async (state): Promise<[string, number]> => [
              state,
              Number(await provisioning.locator(`[data-state="${state}"]`).textContent()),
            ]),
          ),
        );
      const jobs = await stack.api<{ state: string }[]>('GET', '/ops/jobs?state=waiting&queue=store-provisioning', {
        token: (await stack.login(operator.email, operator.password)).accessToken,
      });
      await eventually(counts, { waiting: jobs.length, active: 0, delayed: 0, failed: 1, completed: 0 });

      const failedRow = page.getByRole('row', { name: new RegExp(`#${failedJobId}`) });
      await failedRow.getByText(/^exceeded quota: requests\.memory/).waitFor();
      await expectAccessible(page);
      await failedRow.getByRole('button', { name: /^Retry job/ }).click();
      await page.getByText(/^No failed jobs\./).waitFor({ timeout: LIVE_TIMEOUT });
      await eventually(counts, { waiting: jobs.length + 1, failed: 0 });
    });

    it('lists audit entries with filters and pages', async () => {
      // Enough entries for more than one page of 25.
      for (let i = 0; i < 26; i += 1) await stack.login(owner.email, owner.password);
      await page.getByRole('link', { name: 'Audit log' }).click();
      await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
      const rowCount = () => page.getByRole('table').getByRole('row').count();
      await eventually(rowCount, 26); // header + 25
      await expectAccessible(page);

      await page.getByRole('button', { name: 'Next page' }).click();
      await page.getByText('Page 2').waitFor();
      await page.getByRole('button', { name: 'Previous page' }).click();
      await page.getByText('Page 1').waitFor();

      await page.getByLabel('Action').selectOption('store.delete');
      await page.getByLabel('Actor').selectOption({ label: owner.email });
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await eventually(rowCount, 2);
      const entry = page.getByRole('table').getByRole('row').nth(1);
      await expect(entry.textContent()).resolves.toContain(owner.email);
      await expect(entry.textContent()).resolves.toContain('store.delete');
      await expect(page.getByRole('button', { name: 'Next page' }).isDisabled()).resolves.toBe(true);

      await page.getByLabel('Action').selectOption('store.create');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await eventually(rowCount, 3); // the owner created corner-shop and harbour-goods
    });

    it('edits a user’s limits', async () => {
      await page.getByRole('link', { name: 'Users' }).click();
      await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
      const live = page.getByLabel(`Live stores for ${owner.email}`);
      await live.fill('3');
      await page.getByRole('button', { name: `Save ${owner.email}` }).click();
      await page.getByTestId('announcer').getByText(`Saved ${owner.email}.`).waitFor();
      const saved = await stack.prisma.user.findUniqueOrThrow({ where: { id: owner.user.id } });
      expect(saved.maxLiveStores).toBe(3);
      await expect(page.getByLabel(`Live stores for ${owner.email}`).inputValue()).resolves.toBe('3');
      // Operators set limits; only admins change roles or add users.
      await expect(page.getByLabel(`Role of ${owner.email}`).isDisabled()).resolves.toBe(true);
      await expect(page.getByRole('heading', { name: 'Add a user' }).count()).resolves.toBe(0);
      await expectAccessible(page);
    });

    it("lists every owner's stores with the owner's email", async () => {
      await page.getByRole('link', { name: 'Stores', exact: true }).click();
      await page.getByRole('heading', { name: 'Stores', level: 1 }).waitFor();
      const harbour = row(page, 'harbour-goods');
      await harbour.getByRole('cell', { name: owner.email }).waitFor();
      await row(page, 'keyboard-shop').waitFor();
    });

    it('fits a phone-width screen on every ops page', async () => {
      await page.setViewportSize({ width: 375, height: 812 });
      for (const link of ['Queues', 'Audit log', 'Users', 'Stores']) {
        await page.getByRole('link', { name: link, exact: true }).click();
        await page.getByRole('heading', { name: link, level: 1 }).waitFor();
        expect(await scrollsSideways(page)).toBe(false);
      }
    });
  });
});
