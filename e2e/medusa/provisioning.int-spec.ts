/**
 * A Medusa store provisioned and torn down by the worker on the local control
 * plane (kube-apiserver with RBAC, Pod Security and quota admission; KWOK
 * nodes), as a ServiceAccount bound to exactly the worker's ClusterRole: the
 * real API server accepts the blueprint, quota admits every pod, the pods
 * (init containers included) become ready, the setup Job completes.
 * Containers do not really run here: e2e/medusa/medusa-store.int-spec.ts
 * runs the store app itself.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AppsV1Api, BatchV1Api, CoreV1Api, type KubeConfig, NetworkingV1Api } from '@kubernetes/client-node';
import { jobId, JobName, namespaceForStore } from '@storefleet/contracts';
import { CredentialsCipher } from '@storefleet/db';
import { CLUSTER_START_TIMEOUT_MS, deleteNamespace, ensureCluster, type TestDatabase } from '@storefleet/testing';

import { createWorkerTestDatabase } from '../../apps/worker/src/testing/database.js';
import { createOwner, requestDeletion, storeName, waitForStatus } from '../../apps/worker/src/testing/fixtures.js';
import { startTestWorker, type TestWorker, testWorkerEnv } from '../../apps/worker/src/testing/worker-harness.js';
import { createWorkerIdentity, type WorkerIdentity } from '../../apps/worker/src/testing/worker-rbac.js';

describe('provisioning a Medusa store on the control plane', () => {
  let admin: KubeConfig;
  let database: TestDatabase;
  let identity: WorkerIdentity;
  let worker: TestWorker;
  const namespaces: string[] = [];

  beforeAll(async () => {
    admin = await ensureCluster();
    database = await createWorkerTestDatabase('medusa');
    identity = await createWorkerIdentity(admin);
    worker = await startTestWorker({ env: testWorkerEnv(database.appUrl), kubeConfig: identity.kubeConfig });
  }, CLUSTER_START_TIMEOUT_MS);

  afterAll(async () => {
    await worker?.close();
    await Promise.all(namespaces.map((ns) => deleteNamespace(admin, ns).catch(() => undefined)));
    await identity?.remove();
    await database?.drop();
  }, 120_000);

  it('brings a Medusa store to ready with every part in place, then removes every trace of it', async () => {
    const owner = await createOwner(worker.db);
    const name = storeName('medusa');
    const namespace = namespaceForStore(name);
    namespaces.push(namespace);
    // What the API does on POST /stores with engine "medusa".
    const store = await worker.db.store.create({
      data: { name, liveName: name, engine: 'medusa', plan: 'small', ownerId: owner.id, namespace, provisionAttempts: 1 },
    });
    await worker.queues.enqueue(
      JobName.ProvisionStore,
      { storeId: store.id, attempt: 1 },
      { jobId: jobId.provision(store.id, 1) },
    );

    const ready = await waitForStatus(worker.db, store.id, 'ready', 110_000);
    expect(ready.storefrontUrl).toBe(`http://${name}.stores.localtest.me/`);
    expect(ready.adminUrl).toBe(`http://${name}.stores.localtest.me/app/`);
    const login = new CredentialsCipher(process.env.CREDENTIALS_KEY!).decrypt<{ username: string; password: string }>(
      store.id,
      ready.adminCredentials!,
    );
    expect(login).toEqual({ username: owner.email.toLowerCase(), password: expect.stringMatching(/^[A-Za-z0-9]{24}$/) });

    const core = admin.makeApiClient(CoreV1Api);
    const apps = admin.makeApiClient(AppsV1Api);
    const net = admin.makeApiClient(NetworkingV1Api);
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
    expect(deployments.map((d) => [d.metadata?.name, d.status?.readyReplicas]).sort()).toEqual([
      ['medusa', 1],
      ['storefront', 1],
    ]);
    expect((await core.listNamespacedService({ namespace })).items.map((s) => s.metadata?.name).sort()).toEqual([
      'medusa',
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
    const job = await admin.makeApiClient(BatchV1Api).readNamespacedJob({ name: 'medusa-setup', namespace });
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

    await requestDeletion(worker.db, worker.queues, store.id);
    await waitForStatus(worker.db, store.id, 'deleted', 110_000);
    await expect(core.readNamespace({ name: namespace })).rejects.toMatchObject({ code: 404 });
  }, 240_000);
});
