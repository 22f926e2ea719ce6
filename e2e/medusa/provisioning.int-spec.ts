/**
 * A Medusa store provisioned and torn down by the worker on the local control
 * plane (kube-apiserver with RBAC, Pod Security and quota admission; KWOK
 * nodes), as a ServiceAccount bound to exactly the worker's ClusterRole: the
 * real API server accepts the blueprint, quota admits every pod, the pods
 * (init containers included) become ready, the setup Job completes.
 * Containers do not really run here: e2e/medusa/medusa-store.int-spec.ts
 * runs the store app itself.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { AppsV1Api, BatchV1Api, CoreV1Api, NetworkingV1Api } from '@kubernetes/client-node';
import { CredentialsCipher } from '@storefleet/db';
import { createOwner, requestDeletion, waitForStatus, workerTestBed } from '@storefleet/testing';

describe('provisioning a Medusa store on the control plane', () => {
  // The worker as a pod runs it: its own process, as the chart's ServiceAccount.
  const bed = workerTestBed('medusa', { LOG_LEVEL: 'info' });
  beforeAll(async () => {
    await bed.startWorker();
  }, 120_000);

  it('brings a Medusa store to ready with every part in place, then removes every trace of it', async () => {
    const owner = await createOwner(bed.db);
    const store = await bed.newStore('medusa', owner.id, 'medusa');
    const { name, namespace } = store;

    const ready = await waitForStatus(bed.db, store.id, 'ready', 110_000);
    expect(ready.storefrontUrl).toBe(`http://${name}.stores.localtest.me/`);
    expect(ready.adminUrl).toBe(`http://${name}.stores.localtest.me/app/`);
    const login = new CredentialsCipher(process.env.CREDENTIALS_KEY!).decrypt<{ username: string; password: string }>(
      store.id,
      ready.adminCredentials!,
    );
    expect(login).toEqual({ username: owner.email.toLowerCase(), password: expect.stringMatching(/^[A-Za-z0-9]{24}$/) });

    const core = bed.admin.makeApiClient(CoreV1Api);
    const apps = bed.admin.makeApiClient(AppsV1Api);
    const net = bed.admin.makeApiClient(NetworkingV1Api);
    const ns = await core.readNamespace({ name: namespace });
    expect(ns.metadata?.labels).toMatchObject({
      'storefleet.dev/engine': 'medusa',
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
    expect((await apps.listNamespacedStatefulSet({ namespace })).items.map((s) => s.metadata?.name).sort()).toEqual([
      'postgres',
      'redis',
    ]);
    const deployments = (await apps.listNamespacedDeployment({ namespace })).items;
    // The paused page waits at zero replicas until the store is suspended.
    expect(deployments.map((d) => [d.metadata?.name, d.spec?.replicas, d.status?.readyReplicas]).sort()).toEqual([
      ['medusa', 1, 1],
      ['paused-page', 0, undefined],
      ['storefront', 1, 1],
    ]);
    expect((await core.listNamespacedService({ namespace })).items.map((s) => s.metadata?.name).sort()).toEqual([
      'medusa',
      'paused-page',
      'postgres',
      'redis',
      'storefront',
    ]);
    expect((await core.listNamespacedPersistentVolumeClaim({ namespace })).items.map((c) => c.metadata?.name).sort()).toEqual([
      'data-postgres-0',
      'data-redis-0',
      'medusa-uploads',
    ]);
    const secrets = (await core.listNamespacedSecret({ namespace })).items;
    expect(secrets.map((s) => s.metadata?.name)).toEqual(['medusa-credentials']);
    expect(Object.keys(secrets[0]!.data!).sort()).toEqual([
      'admin-password',
      'cookie-secret',
      'jwt-secret',
      'postgres-password',
      'redis-password',
    ]);
    const job = await bed.admin.makeApiClient(BatchV1Api).readNamespacedJob({ name: 'medusa-setup', namespace });
    expect(job.status?.succeeded).toBe(1);
    const ingress = await net.readNamespacedIngress({ name: 'storefront', namespace });
    expect(ingress.spec!.rules![0]!.http!.paths.map((p) => `${p.path}->${p.backend.service!.name}`)).toEqual([
      '/store->medusa',
      '/auth->medusa',
      '/admin->medusa',
      '/app->medusa',
      '/static->medusa',
      '/->storefront',
    ]);
    const policies = (await net.listNamespacedNetworkPolicy({ namespace })).items.map((p) => p.metadata?.name);
    expect(policies).toEqual(
      expect.arrayContaining(['default-deny', 'allow-ingress-controller-to-medusa', 'allow-cache-clients']),
    );
    // Quota admitted every pod; the setup Job's pod has completed and no longer counts.
    const quota = await core.readNamespacedResourceQuota({ name: 'store-quota', namespace });
    expect(Number(quota.status?.used?.pods)).toBe(4);

    await requestDeletion(bed.db, bed.queues, store.id);
    await waitForStatus(bed.db, store.id, 'deleted', 110_000);
    await expect(core.readNamespace({ name: namespace })).rejects.toMatchObject({ code: 404 });
  }, 240_000);
});
