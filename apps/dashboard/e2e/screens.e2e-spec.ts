/**
 * Every screen of the dashboard, at desktop (1280×800) and phone (375×812)
 * width, with realistic data: axe-core must find no serious or critical
 * violation, and no screen may scroll sideways. With DASHBOARD_SCREENSHOTS=1
 * each screen is also saved to docs/screenshots/<screen>-<width>.png (see
 * docs/dashboard.md).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { jest } from '@jest/globals';
import { repoRoot } from '@storefleet/testing';
import type { Page } from 'playwright-core';

import {
  type BrowserSession,
  DESKTOP,
  launchChromium,
  PHONE,
  scrollsSideways,
  seriousViolations,
  signIn,
} from './support/browser.js';
import { type Account, ADMIN, type Stack, startStack } from './support/stack.js';

jest.setTimeout(120_000);

const SCREENSHOTS = process.env.DASHBOARD_SCREENSHOTS === '1';
const OUT = path.join(repoRoot, 'docs/screenshots');

const STEPS = [
  'namespace',
  'quota',
  'network-policies',
  'secrets',
  'database',
  'application',
  'ingress',
  'setup-job',
  'wait-ready',
];
const DURATIONS = [380, 240, 610, 150, 48_200, 21_700, 900, 96_400, 12_300];

interface Screen {
  name: string;
  as: 'signed-out' | 'owner' | 'new-owner' | 'admin';
  path: string;
  heading: string;
  /** Extra steps after the page is shown (open a dialog, reveal credentials). */
  then?: (page: Page) => Promise<void>;
}

describe('every screen', () => {
  let stack: Stack;
  let chromium: BrowserSession;
  let owner: Account;
  let newOwner: Account;
  const ids: Record<string, string> = {};

  async function seed() {
    owner = await stack.createUser('owner', 'maria@cornershop.example');
    newOwner = await stack.createUser('owner', 'sam@newcomer.example');
    await stack.createUser('operator', 'olu@storefleet.example');
    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

    // Created one after another, as the per-user limit allows two in flight at once.
    const ready = await stack.createStore(owner, { name: 'corner-shop', engine: 'woocommerce' });
    // Its first job fails for good, so the queue screen has something to show.
    await stack.failNextProvisioningJob('namespace "store-corner-shop": exceeded quota: requests.memory (first attempt)');
    // corner-shop: provisioned, every step done.
    let t = minutesAgo(3 * 24 * 60).getTime();
    await stack.moveStore(ready.id, 'provisioning', { provisioningStartedAt: new Date(t), provisionAttempts: 1 });
    for (const [i, step] of STEPS.entries()) {
      await stack.recordStep(ready.id, { step, outcome: 'succeeded', startedAt: new Date(t), durationMs: DURATIONS[i] });
      t += DURATIONS[i]! + 200;
    }
    await stack.moveStore(ready.id, 'ready', {
      readyAt: new Date(t),
      storefrontUrl: 'https://corner-shop.stores.example.com',
      adminUrl: 'https://corner-shop.stores.example.com/wp-admin/',
    });
    await stack.sealCredentials(ready.id, { username: 'corner-shop-admin', password: 'vT9#qLm2-Xe84-pW' });

    // harbour-goods: halfway through.
    const provisioning = await stack.createStore(owner, { name: 'harbour-goods', engine: 'medusa' });
    t = minutesAgo(6).getTime();
    await stack.moveStore(provisioning.id, 'provisioning', { provisioningStartedAt: new Date(t), provisionAttempts: 1 });
    for (const [i, step] of STEPS.slice(0, 5).entries()) {
      await stack.recordStep(provisioning.id, { step, outcome: 'succeeded', startedAt: new Date(t), durationMs: DURATIONS[i] });
      t += DURATIONS[i]! + 200;
    }
    await stack.recordStep(provisioning.id, { step: 'application', outcome: 'running', startedAt: new Date(t) });

    // night-market: the database never became ready.
    const failed = await stack.createStore(owner, { name: 'night-market', engine: 'woocommerce' });
    t = minutesAgo(140).getTime();
    await stack.moveStore(failed.id, 'provisioning', { provisioningStartedAt: new Date(t), provisionAttempts: 1 });
    for (const [i, step] of STEPS.slice(0, 4).entries()) {
      await stack.recordStep(failed.id, { step, outcome: 'succeeded', startedAt: new Date(t), durationMs: DURATIONS[i] });
      t += DURATIONS[i]! + 200;
    }
    const reason = 'database pod not ready: ImagePullBackOff (mariadb:11.4)';
    await stack.recordStep(failed.id, {
      step: 'database',
      outcome: 'failed',
      startedAt: new Date(t),
      durationMs: 600_000,
      message: reason,
    });
    await stack.moveStore(failed.id, 'failed', { statusReason: `Deadline passed: ${reason}` });

    // tea-house: just asked for.
    const requested = await stack.createStore(owner, { name: 'tea-house', engine: 'medusa' });
    Object.assign(ids, { ready: ready.id, provisioning: provisioning.id, failed: failed.id, requested: requested.id });
    const ages: [string, number][] = [
      [ready.id, 3 * 24 * 60],
      [provisioning.id, 6],
      [failed.id, 140],
    ];
    for (const [id, minutes] of ages)
      await stack.prisma.store.update({ where: { id }, data: { requestedAt: minutesAgo(minutes) } });
  }

  beforeAll(async () => {
    stack = await startStack('screens');
    chromium = await launchChromium();
    await seed();
    if (SCREENSHOTS) mkdirSync(OUT, { recursive: true });
  }, 240_000);

  afterAll(async () => {
    await chromium?.close();
    await stack?.stop();
  }, 60_000);

  const screens: Screen[] = [
    { name: 'sign-in', as: 'signed-out', path: '/sign-in', heading: 'Sign in' },
    { name: 'stores', as: 'owner', path: '/stores', heading: 'Stores' },
    { name: 'stores-empty', as: 'new-owner', path: '/stores', heading: 'Stores' },
    {
      name: 'create-store',
      as: 'owner',
      path: '/stores',
      heading: 'Stores',
      then: async (page) => {
        await page.getByRole('button', { name: 'Create store', exact: true }).click();
        const dialog = page.getByRole('dialog', { name: 'Create store' });
        await dialog.getByLabel('Store name').fill('Tea House');
        await dialog.getByText(/may contain only lowercase/).waitFor();
      },
    },
    {
      name: 'store-ready',
      as: 'owner',
      path: '/stores/:ready',
      heading: 'corner-shop',
      then: async (page) => {
        await page.getByRole('button', { name: 'Reveal credentials' }).click();
        await page.getByText('corner-shop-admin').waitFor();
      },
    },
    { name: 'store-provisioning', as: 'owner', path: '/stores/:provisioning', heading: 'harbour-goods' },
    { name: 'store-failed', as: 'owner', path: '/stores/:failed', heading: 'night-market' },
    {
      name: 'delete-store',
      as: 'owner',
      path: '/stores/:ready',
      heading: 'corner-shop',
      then: async (page) => {
        await page.getByRole('button', { name: 'Delete' }).click();
        await page
          .getByRole('dialog')
          .getByLabel(/to confirm/)
          .fill('corner-');
      },
    },
    { name: 'ops-queues', as: 'admin', path: '/ops/queues', heading: 'Queues' },
    { name: 'ops-audit', as: 'admin', path: '/ops/audit', heading: 'Audit log' },
    { name: 'ops-users', as: 'admin', path: '/ops/users', heading: 'Users' },
  ];

  describe.each([
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ])('at %s width', (width, viewport) => {
    const pages = new Map<Screen['as'], Page>();

    async function pageFor(as: Screen['as']): Promise<Page> {
      const existing = pages.get(as);
      if (existing) return existing;
      const page = await (await chromium.newContext(viewport)).newPage();
      const account = { owner, 'new-owner': newOwner, admin: { email: ADMIN.email, password: ADMIN.password } }[
        as as Exclude<Screen['as'], 'signed-out'>
      ];
      if (account) await signIn(page, stack.origin, account.email, account.password);
      pages.set(as, page);
      return page;
    }

    afterAll(async () => {
      for (const page of pages.values()) await page.context().close();
    });

    it.each(screens.map((s) => [s.name, s] as const))('%s', async (_name, screen) => {
      const page = await pageFor(screen.as);
      const url = screen.path.replace(/:(\w+)/, (_m, key: string) => ids[key]!);
      await page.goto(`${stack.origin}${url}`);
      await page.getByRole('heading', { name: screen.heading, level: 1 }).waitFor();
      // Wait for data-driven content to settle (no loading messages left).
      await page.waitForFunction(() => !/Loading/.test(document.body.innerText));
      await screen.then?.(page);

      expect(await seriousViolations(page)).toEqual([]);
      expect(await scrollsSideways(page)).toBe(false);
      if (SCREENSHOTS) {
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({
          path: path.join(OUT, `${screen.name}-${width}.png`),
          // A dialog's backdrop covers the viewport, so dialogs are shot at viewport size.
          fullPage: (await page.getByRole('dialog').count()) === 0,
          animations: 'disabled',
          caret: 'hide',
        });
      }
      // Leave no dialog open for the next screen.
      if (await page.getByRole('dialog').count()) await page.keyboard.press('Escape');
    });
  });
});
