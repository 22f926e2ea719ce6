/**
 * The reconciler on the real control plane: drift repaired, stores moved
 * between ready and degraded by their pods, orphan namespaces reported and
 * (with RECONCILE_DELETE_ORPHANS) removed.
 */
import { randomUUID } from 'node:crypto';

import {
  AppsV1Api,
  CoreV1Api,
  type KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  type V1Deployment,
} from '@kubernetes/client-node';
import { CredentialsCipher } from '@storefleet/db';
import { deploymentReady } from '@storefleet/kube';
import {
  CLUSTER_START_TIMEOUT_MS,
  deleteNamespace,
  ensureCluster,
  SIMULATE_ANNOTATION,
  type TestDatabase,
  waitFor,
  watchDeployments,
} from '@storefleet/testing';

import { createWorkerTestDatabase } from '../testing/database.js';
import { createOwner, requestStore, storeName, waitForStatus } from '../testing/fixtures.js';
import { startTestWorker, type TestWorker, testWorkerEnv } from '../testing/worker-harness.js';
import { createWorkerIdentity, type WorkerIdentity } from '../testing/worker-rbac.js';

describe('the reconciler', () => {
  let admin: KubeConfig;
  let core: CoreV1Api;
  let apps: AppsV1Api;
  let database: TestDatabase;
  let identity: WorkerIdentity;
  let worker: TestWorker;
  let storeId: string;
  let namespace: string;
  const namespaces: string[] = [];

  beforeAll(async () => {
    admin = await ensureCluster();
    core = admin.makeApiClient(CoreV1Api);
    apps = admin.makeApiClient(AppsV1Api);
    database = await createWorkerTestDatabase('reconcile');
    identity = await createWorkerIdentity(admin);
    worker = await startTestWorker({
      env: testWorkerEnv(database.appUrl, { RECONCILE_DELETE_ORPHANS: 'true' }),
      kubeConfig: identity.kubeConfig,
    });
    const owner = await createOwner(worker.db);
    const name = storeName('drift');
    namespace = `store-${name}`;
    namespaces.push(namespace);
    storeId = (await requestStore(worker.db, worker.queues, owner.id, name)).id;
    await waitForStatus(worker.db, storeId, 'ready');
  }, CLUSTER_START_TIMEOUT_MS);

  afterAll(async () => {
    await worker?.close();
    await Promise.all(namespaces.map((ns) => deleteNamespace(admin, ns).catch(() => undefined)));
    await identity?.remove();
    await database?.drop();
  }, 180_000);

  const deploymentIs = (ready: boolean) =>
    waitFor<V1Deployment, true>(
      admin,
      watchDeployments(admin, namespace),
      (list) => (deploymentReady(list.find((d) => d.metadata?.name === 'wordpress')) === ready ? true : undefined),
      {
        description: `the wordpress Deployment to be ${ready ? 'available' : 'unavailable'}`,
      },
    );

  it('brings back a deleted Service, Deployment and Secret (with the admin password the owner was given)', async () => {
    await core.deleteNamespacedService({ name: 'wordpress', namespace });
    await apps.deleteNamespacedDeployment({ name: 'wordpress', namespace });
    await core.deleteNamespacedSecret({ name: 'woocommerce-credentials', namespace });

    const report = await worker.reconciler.reconcile();

    expect(report.errors).toEqual([]);
    expect(report.recreated[namespace.slice('store-'.length)]?.sort()).toEqual([
      'Deployment/wordpress',
      'Secret/woocommerce-credentials',
      'Service/wordpress',
    ]);
    expect((await core.readNamespacedService({ name: 'wordpress', namespace })).spec?.ports?.[0]?.port).toBe(80);
    const secret = await core.readNamespacedSecret({ name: 'woocommerce-credentials', namespace });
    const store = await worker.db.store.findUniqueOrThrow({ where: { id: storeId } });
    const login = new CredentialsCipher(process.env.CREDENTIALS_KEY!).decrypt<{ password: string }>(
      storeId,
      store.adminCredentials!,
    );
    expect(Buffer.from(secret.data!['admin-password']!, 'base64').toString()).toBe(login.password);
    // The re-created Deployment's pod was not ready yet during that pass; the next pass sees it ready.
    await deploymentIs(true);
    const next = await worker.reconciler.reconcile();
    expect(next.recreated).toEqual({});
    expect((await worker.db.store.findUniqueOrThrow({ where: { id: storeId } })).status).toBe('ready');
  }, 120_000);

  it('marks a store degraded while its app pod is not ready, and ready again once it is', async () => {
    const [pod] = (await core.listNamespacedPod({ namespace, labelSelector: 'app.kubernetes.io/component=app' })).items;
    const degradations = () => worker.db.auditLog.count({ where: { targetId: storeId, action: 'store.degraded' } });
    const before = await degradations();
    await patchPodAnnotation(admin, namespace, pod!.metadata!.name!, 'unready');
    await deploymentIs(false);

    await worker.reconciler.reconcile();
    const degraded = await worker.db.store.findUniqueOrThrow({ where: { id: storeId } });
    expect(degraded.status).toBe('degraded');
    expect(degraded.statusReason).toMatch(/^app pod not ready: /);
    expect(await degradations()).toBe(before + 1);

    await patchPodAnnotation(admin, namespace, pod!.metadata!.name!, null);
    await deploymentIs(true);
    await worker.reconciler.reconcile();
    const recovered = await worker.db.store.findUniqueOrThrow({ where: { id: storeId } });
    expect(recovered).toMatchObject({ status: 'ready', statusReason: null });
  }, 120_000);

  it('reports a namespace of ours that belongs to no live store, once, and removes it when told to', async () => {
    const orphan = `store-${storeName('orphan')}`;
    namespaces.push(orphan);
    const strangerId = randomUUID();
    await core.createNamespace({
      body: {
        metadata: {
          name: orphan,
          labels: {
            'app.kubernetes.io/managed-by': 'storefleet',
            'storefleet.dev/instance': worker.config.PLATFORM_INSTANCE,
            'storefleet.dev/store-id': strangerId,
          },
        },
      },
    });
    // Someone else's namespace (another installation) is none of our business.
    const foreign = `store-${storeName('foreign')}`;
    namespaces.push(foreign);
    await core.createNamespace({
      body: {
        metadata: {
          name: foreign,
          labels: { 'app.kubernetes.io/managed-by': 'storefleet', 'storefleet.dev/instance': 'another-platform' },
        },
      },
    });

    const report = await worker.reconciler.reconcile();
    expect(report.orphans).toEqual([{ namespace: orphan, storeId: strangerId, why: 'no store has this id' }]);
    expect(report.removedOrphans).toEqual([orphan]);
    const audit = await worker.db.auditLog.findMany({ where: { action: 'cluster.orphan_found', targetId: orphan } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ storeId: strangerId, removed: true });

    const again = await worker.reconciler.reconcile();
    expect(again.orphans.map((o) => o.namespace)).not.toContain(foreign);
    expect(await worker.db.auditLog.count({ where: { action: 'cluster.orphan_found', targetId: orphan } })).toBe(1);
    const left = await core.readNamespace({ name: orphan }).catch(() => null);
    expect(left === null || left.metadata?.deletionTimestamp !== undefined).toBe(true);
    expect((await core.readNamespace({ name: foreign })).metadata?.deletionTimestamp).toBeUndefined();
  }, 120_000);
});

/** Sets (or, with null, removes) the KWOK simulate annotation on a running pod (a JSON merge patch). */
async function patchPodAnnotation(admin: KubeConfig, namespace: string, pod: string, value: string | null): Promise<void> {
  await admin
    .makeApiClient(CoreV1Api)
    .patchNamespacedPod(
      { name: pod, namespace, body: { metadata: { annotations: { [SIMULATE_ANNOTATION]: value } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
}
