/**
 * The Medusa storefront names its canonical address (STOREFRONT_URL, set by
 * the blueprint to the store's first custom domain or its platform host) on
 * every page, whichever host it was reached on. Runs the storefront server
 * natively; the pages checked here need no Medusa behind it.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';

import { freePort, MEDUSA_DIR, type RunningProcess, startServer } from './medusa-store.js';

describe('the Medusa storefront', () => {
  let storefront: RunningProcess | undefined;
  afterEach(async () => {
    await storefront?.stop();
    storefront = undefined;
  });

  const start = async (env: Record<string, string>) =>
    startServer('storefront', [path.join(MEDUSA_DIR, 'storefront/server.mjs')], {
      cwd: MEDUSA_DIR,
      // Nothing listens there: only pages that do not ask Medusa are fetched.
      env: { PATH: process.env.PATH, MEDUSA_URL: 'http://127.0.0.1:9', STORE_NAME: 'Test shop', ...env },
      port: await freePort(),
      healthPath: '/health',
      logFile: path.join(tmpdir(), `storefront-url-${process.pid}.log`),
    });

  it('names its page at the canonical origin from STOREFRONT_URL, whatever address it was reached at', async () => {
    storefront = await start({ STOREFRONT_URL: 'https://shop.example.com' });
    const res = await fetch(`${storefront.url}/no-such-page?x=1`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('<link rel="canonical" href="https://shop.example.com/no-such-page">');
  });

  it('names none without STOREFRONT_URL', async () => {
    storefront = await start({});
    const res = await fetch(`${storefront.url}/no-such-page`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('rel="canonical"');
  });
});
