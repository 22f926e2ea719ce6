/**
 * The "local cluster is being built" banner in Chromium, end to end: the
 * status file is written by scripts/cluster/progress.sh's own cluster_status
 * (what build.sh, up.sh and start.sh call), the real API serves it as
 * GET /api/v1/platform/status, and the signed-in dashboard shows it, follows
 * it while it polls, and drops it once the cluster is ready.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { jest } from '@jest/globals';
import { repoRoot } from '@storefleet/testing';
import type { Page } from 'playwright-core';

import { type BrowserSession, launchChromium, seriousViolations, signIn } from './support/browser.js';
import { type Account, type Stack, startStack } from './support/stack.js';

jest.setTimeout(120_000);

describe('the cluster banner', () => {
  let dir: string;
  let statusFile: string;
  let stack: Stack;
  let chromium: BrowserSession;
  let owner: Account;
  let operator: Account;

  /** cluster_status <state> <component> <started> <seconds left> <message>, as the cluster scripts call it. */
  function clusterStatus(...args: string[]): void {
    const run = spawnSync(
      'bash',
      [
        '-c',
        'source scripts/lib.sh && source scripts/cluster/versions.sh && source scripts/cluster/progress.sh && cluster_status "$@"',
        '_',
        ...args,
      ],
      {
        cwd: repoRoot,
        encoding: 'utf8',
        env: { ...process.env, CLUSTER_STATUS_FILE: statusFile, CLUSTER_LOG: path.join(dir, 'cluster.log') },
      },
    );
    expect({ code: run.status, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
  }

  const now = () => String(Math.floor(Date.now() / 1000));
  const banner = (page: Page) => page.locator('.cluster-banner');

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'storefleet-banner-'));
    statusFile = path.join(dir, 'cluster-status.json');
    stack = await startStack('banner', { env: { CLUSTER_STATUS_FILE: statusFile } });
    chromium = await launchChromium();
    owner = await stack.createUser('owner');
    operator = await stack.createUser('operator');
  }, 240_000);

  afterAll(async () => {
    await chromium?.close();
    await stack?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('shows nothing before the scripts wrote a status (a cluster the platform did not build)', async () => {
    const page = await (await chromium.newContext()).newPage();
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/platform/status'));
    await signIn(page, stack.origin, owner.email, owner.password);
    expect(await (await answered).json()).toMatchObject({ cluster: { state: 'unmanaged' } });
    expect(await banner(page).count()).toBe(0);
    await page.context().close();
  });

  it('tells an owner the cluster is being built, with the component and minutes left, then leaves once it is ready', async () => {
    clusterStatus('building', 'kubelet+kube-proxy', now(), '600', '');
    const page = await (await chromium.newContext()).newPage();
    await signIn(page, stack.origin, owner.email, owner.password);
    const shown = page.getByRole('status').filter({ hasText: 'The local cluster is being built' });
    await shown.waitFor();
    expect(await shown.textContent()).toMatch(/about 10 minutes left\.\s*Now building kubelet\+kube-proxy\./);
    expect(await shown.textContent()).toContain('they wait as Requested');
    expect(await seriousViolations(page)).toEqual([]);

    // The dashboard polls while the cluster builds (every 15 s): the next state arrives without a reload.
    clusterStatus('ready', '', now(), '', '');
    await banner(page).waitFor({ state: 'detached', timeout: 40_000 });
    await page.context().close();
  });

  it('reports a failed build with its log to operators and sends owners to an operator', async () => {
    clusterStatus('failed', 'traefik', now(), '', 'building traefik failed (exit 1)');
    const ownerPage = await (await chromium.newContext()).newPage();
    await signIn(ownerPage, stack.origin, owner.email, owner.password);
    const alert = ownerPage.getByRole('alert').filter({ hasText: 'The local cluster could not be built' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('building traefik failed (exit 1).');
    expect(await alert.textContent()).toContain('An operator needs to look at it.');
    expect(await alert.textContent()).not.toContain(dir);
    await ownerPage.context().close();

    const operatorPage = await (await chromium.newContext()).newPage();
    await signIn(operatorPage, stack.origin, operator.email, operator.password);
    const operatorAlert = operatorPage.getByRole('alert').filter({ hasText: 'The local cluster could not be built' });
    await operatorAlert.waitFor();
    expect(await operatorAlert.textContent()).toContain(`Log: ${path.join(dir, 'cluster.log')}`);
    await operatorPage.context().close();
  });
});
