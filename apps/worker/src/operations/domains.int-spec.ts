/**
 * Custom domains on the real control plane (KWOK nodes), through the same
 * lifecycle the API calls, the worker's operation job and the reconciler:
 * the store's Ingress routes (and TLS-covers, with the configured
 * cert-manager issuer) every custom host besides its platform host, the
 * engine gets its canonical URL, hand-made drift of the hosts is repaired, a
 * change whose job was lost converges, and a deleted store frees its domains.
 */
import {
  AppsV1Api,
  NetworkingV1Api,
  PatchStrategy,
  setHeaderOptions,
  type V1Container,
  type V1Ingress,
} from '@kubernetes/client-node';
import { DomainTakenError, StoreLifecycle } from '@storefleet/db';
import { createOwner, DEFAULT_LIMITS, requestDeletion, testLifecycle, waitForStatus, workerTestBed } from '@storefleet/testing';

import { startBedWorker, type TestWorker } from '../testing/worker-harness.js';

const ISSUER = 'letsencrypt-test';
const BASE = 'stores.localtest.me';

describe('custom domains of a store', () => {
  const bed = workerTestBed('domains');
  let apps: AppsV1Api;
  let networking: NetworkingV1Api;
  let worker: TestWorker;
  let lifecycle: StoreLifecycle;
  let ownerId: string;

  beforeAll(async () => {
    apps = bed.admin.makeApiClient(AppsV1Api);
    networking = bed.admin.makeApiClient(NetworkingV1Api);
    worker = await startBedWorker(bed, {
      env: {
        STORE_BASE_DOMAIN: BASE,
        STORE_TLS_ENABLED: 'true',
        STORE_TLS_CLUSTER_ISSUER: ISSUER,
        // No periodic full repair during the test: what repairs the Ingress is that its hosts differ.
        RECONCILE_FULL_REPAIR_PASSES: '1000',
      },
    });
    lifecycle = testLifecycle(worker.db, worker.queues);
    ownerId = (await createOwner(worker.db)).id;
  });

  async function readyStore(prefix: string, engine: 'woocommerce' | 'medusa' = 'woocommerce') {
    const store = await bed.readyStore(prefix, ownerId, { engine, queues: worker.queues });
    return { id: store.id, name: store.name, namespace: store.namespace, platformHost: `${store.name}.${BASE}` };
  }

  const ingress = (namespace: string): Promise<V1Ingress> => networking.readNamespacedIngress({ name: 'storefront', namespace });
  const hostsOf = (i: V1Ingress) => ({
    rules: i.spec!.rules!.map((r) => r.host),
    tls: i.spec!.tls!.flatMap((t) => t.hosts ?? []),
  });
  const env = (c: V1Container) => Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value]));
  async function containerOf(namespace: string, deployment: string): Promise<V1Container> {
    return (await apps.readNamespacedDeployment({ name: deployment, namespace })).spec!.template.spec!.containers[0]!;
  }
  const auditActions = async (id: string) =>
    (await worker.db.auditLog.findMany({ where: { targetId: id }, orderBy: { at: 'asc' } })).map((a) => a.action);

  describe('a WooCommerce store', () => {
    let store: Awaited<ReturnType<typeof readyStore>>;

    beforeAll(async () => {
      store = await readyStore('domains');
    }, 180_000);

    it('serves the custom hosts besides its platform host, with one certificate from the issuer, and tells WordPress its canonical URL', async () => {
      const configuring = await lifecycle.setDomains(store.id, ['shop.example.com', 'www.example.org'], null);
      expect(configuring.status).toBe('configuring');
      const ready = await waitForStatus(worker.db, store.id, 'ready', 120_000);

      const served = await ingress(store.namespace);
      expect(hostsOf(served)).toEqual({
        rules: [store.platformHost, 'shop.example.com', 'www.example.org'],
        tls: [store.platformHost, 'shop.example.com', 'www.example.org'],
      });
      expect(served.spec!.tls![0]!.secretName).toBe('storefront-tls');
      expect(served.metadata!.annotations!['cert-manager.io/cluster-issuer']).toBe(ISSUER);
      for (const rule of served.spec!.rules!) expect(rule.http!.paths[0]!.backend.service!.name).toBe('wordpress');

      const extra = env(await containerOf(store.namespace, 'wordpress')).WORDPRESS_CONFIG_EXTRA;
      expect(extra).toContain("define('WP_HOME', 'https://shop.example.com');");
      expect(extra).toContain("define('WP_SITEURL', 'https://shop.example.com');");
      expect(ready).toMatchObject({ storefrontUrl: 'https://shop.example.com/', adminUrl: 'https://shop.example.com/wp-admin/' });

      expect(await auditActions(store.id)).toEqual(expect.arrayContaining(['store.domains', 'store.domains_applied']));
      const applied = await worker.db.auditLog.findFirstOrThrow({
        where: { action: 'store.domains_applied', targetId: store.id },
      });
      expect(applied.details).toMatchObject({ domains: ['shop.example.com', 'www.example.org'] });
      const steps = await worker.db.storeEvent.findMany({
        where: { storeId: store.id, step: { in: ['ingress', 'application', 'wait-ready'] } },
        orderBy: { startedAt: 'desc' },
        take: 3,
      });
      expect(steps.map((s) => [s.step, s.outcome]).sort()).toEqual([
        ['application', 'succeeded'],
        ['ingress', 'succeeded'],
        ['wait-ready', 'succeeded'],
      ]);
    }, 150_000);

    it('the reconciler puts back hosts edited out of the Ingress by hand', async () => {
      await networking.patchNamespacedIngress(
        {
          name: 'storefront',
          namespace: store.namespace,
          body: [
            { op: 'replace', path: '/spec/rules', value: [(await ingress(store.namespace)).spec!.rules![0]] },
            { op: 'replace', path: '/spec/tls/0/hosts', value: [store.platformHost] },
          ],
        },
        setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
      );
      expect(hostsOf(await ingress(store.namespace)).rules).toEqual([store.platformHost]);

      await worker.reconcileNow();
      expect(hostsOf(await ingress(store.namespace))).toEqual({
        rules: [store.platformHost, 'shop.example.com', 'www.example.org'],
        tls: [store.platformHost, 'shop.example.com', 'www.example.org'],
      });
      expect((await worker.db.store.findUniqueOrThrow({ where: { id: store.id } })).status).toBe('ready');
    }, 120_000);

    it('converges a change whose job was lost (a killed worker): the reconciler carries it out', async () => {
      const noJobs = new StoreLifecycle({ db: worker.db, publisher: null, jobs: null, defaultLimits: DEFAULT_LIMITS });
      await noJobs.setDomains(store.id, ['www.example.org'], null);
      const { stores } = await worker.reconcileNow();
      expect(stores.find((r) => r.storeId === store.id)).toMatchObject({ action: 'job', status: 'configuring' });
      await waitForStatus(worker.db, store.id, 'ready', 120_000);
      expect(hostsOf(await ingress(store.namespace)).rules).toEqual([store.platformHost, 'www.example.org']);
      expect(env(await containerOf(store.namespace, 'wordpress')).WORDPRESS_CONFIG_EXTRA).toContain(
        "define('WP_HOME', 'https://www.example.org');",
      );
    }, 150_000);

    it('removing every custom domain leaves the platform host only, canonical again', async () => {
      await lifecycle.setDomains(store.id, [], null);
      const ready = await waitForStatus(worker.db, store.id, 'ready', 120_000);
      expect(hostsOf(await ingress(store.namespace))).toEqual({ rules: [store.platformHost], tls: [store.platformHost] });
      expect(ready.storefrontUrl).toBe(`https://${store.platformHost}/`);
      expect(env(await containerOf(store.namespace, 'wordpress')).WORDPRESS_CONFIG_EXTRA).toContain(
        `define('WP_HOME', 'https://${store.platformHost}');`,
      );
    }, 150_000);
  });

  it("a Medusa store: every host routes Medusa's paths, CORS allows every origin, the canonical one is its public and storefront URL", async () => {
    const store = await readyStore('domains-medusa', 'medusa');
    await lifecycle.setDomains(store.id, ['shop.medusa.example.com'], null);
    await waitForStatus(worker.db, store.id, 'ready', 150_000);
    const served = await ingress(store.namespace);
    expect(hostsOf(served).rules).toEqual([store.platformHost, 'shop.medusa.example.com']);
    const [platform, custom] = served.spec!.rules!;
    expect(custom!.http).toEqual(platform!.http);
    expect(custom!.http!.paths.map((p) => p.path)).toContain('/store');
    const origins = `https://shop.medusa.example.com,https://${store.platformHost}`;
    expect(env(await containerOf(store.namespace, 'medusa'))).toMatchObject({
      STORE_CORS: origins,
      ADMIN_CORS: origins,
      AUTH_CORS: origins,
      MEDUSA_PUBLIC_URL: 'https://shop.medusa.example.com',
    });
    expect(env(await containerOf(store.namespace, 'storefront')).STOREFRONT_URL).toBe('https://shop.medusa.example.com');
  }, 330_000);

  it('a deleted store frees its domains: another store then serves them', async () => {
    const first = await readyStore('domains-old');
    await lifecycle.setDomains(first.id, ['moving.example.com'], null);
    await waitForStatus(worker.db, first.id, 'ready', 120_000);
    const second = await readyStore('domains-new');
    await expect(lifecycle.setDomains(second.id, ['moving.example.com'], null)).rejects.toBeInstanceOf(DomainTakenError);

    await requestDeletion(worker.db, worker.queues, first.id);
    await waitForStatus(worker.db, first.id, 'deleted', 120_000);
    expect(await worker.db.storeDomain.count({ where: { storeId: first.id } })).toBe(0);

    await lifecycle.setDomains(second.id, ['moving.example.com'], null);
    await waitForStatus(worker.db, second.id, 'ready', 120_000);
    expect(hostsOf(await ingress(second.namespace)).rules).toEqual([second.platformHost, 'moving.example.com']);
  }, 400_000);
});
