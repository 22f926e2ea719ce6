/**
 * The reconciler on the real control plane, as the schedule runs it (a pass
 * enqueues one store.reconcile job per store; the worker runs them): drift
 * repaired through the pipeline's handlers, stores moved between ready and
 * degraded by their pods, lost jobs re-added, deadlines kept, orphan
 * namespaces reported and (with RECONCILE_DELETE_ORPHANS) removed.
 */
import { randomUUID } from 'node:crypto';

import { jest } from '@jest/globals';
import {
  AppsV1Api,
  CoreV1Api,
  type KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  type V1Deployment,
} from '@kubernetes/client-node';
import { jobId, JobName, QueueName } from '@storefleet/contracts';
import { CredentialsCipher } from '@storefleet/db';
import { deploymentReady } from '@storefleet/kube';
import {
  createOwner,
  requestStore,
  SIMULATE_ANNOTATION,
  storeName,
  waitFor,
  waitForStatus,
  watchDeployments,
  workerTestBed,
} from '@storefleet/testing';

import { startBedWorker, type TestWorker } from '../testing/worker-harness.js';

describe('the reconciler', () => {
  const bed = workerTestBed('reconcile');
  const namespaces = bed.namespaces;
  let admin: KubeConfig;
  let core: CoreV1Api;
  let apps: AppsV1Api;
  let worker: TestWorker;
  let storeId: string;
  let namespace: string;

  beforeAll(async () => {
    admin = bed.admin;
    core = admin.makeApiClient(CoreV1Api);
    apps = admin.makeApiClient(AppsV1Api);
    worker = await startBedWorker(bed, { env: { RECONCILE_DELETE_ORPHANS: 'true' } });
    const owner = await createOwner(worker.db);
    const name = storeName('drift');
    namespace = `store-${name}`;
    namespaces.push(namespace);
    storeId = (await requestStore(worker.db, worker.queues, owner.id, name)).id;
    await waitForStatus(worker.db, storeId, 'ready');
  }, 120_000);

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

    // Calls through (a spy, not a mock): which LISTs the pass sends.
    const lists = jest.spyOn(worker.kube, 'list');
    const { pass, stores } = await worker.reconcileNow();
    const deploymentLists = lists.mock.calls.filter(([type]) => type.kind === 'Deployment').length;
    lists.mockRestore();

    expect(pass.errors).toEqual([]);
    // The repaired store is read again by name: its repair costs no second cluster-wide LIST.
    expect(deploymentLists).toBe(1);
    const report = stores.find((r) => r.storeId === storeId);
    expect(report?.action === 'converged' && [...report.recreated].sort()).toEqual([
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
    // The re-created Deployment's pod may not be ready yet during that pass (then the store is
    // degraded for a moment); once it is, the next pass finds nothing to re-create and the store ready
    // ('recovered' when that pass is the one that brings it back from degraded).
    const firstHealth = report?.action === 'converged' ? report.health : undefined;
    expect(['ready', 'degraded']).toContain(firstHealth);
    await deploymentIs(true);
    const next = await worker.reconcileNow();
    expect(next.stores.find((r) => r.storeId === storeId)).toMatchObject({
      action: 'converged',
      recreated: [],
      health: expect.stringMatching(/^(ready|recovered)$/),
    });
    expect((await worker.db.store.findUniqueOrThrow({ where: { id: storeId } })).status).toBe('ready');
  }, 120_000);

  it('marks a store degraded while its app pod is not ready, and ready again once it is', async () => {
    const [pod] = (await core.listNamespacedPod({ namespace, labelSelector: 'app.kubernetes.io/component=app' })).items;
    const degradations = () => worker.db.auditLog.count({ where: { targetId: storeId, action: 'store.degraded' } });
    const before = await degradations();
    await patchPodAnnotation(admin, namespace, pod!.metadata!.name!, 'unready');
    await deploymentIs(false);

    await worker.reconcileNow();
    const degraded = await worker.db.store.findUniqueOrThrow({ where: { id: storeId } });
    expect(degraded.status).toBe('degraded');
    expect(degraded.statusReason).toMatch(/^app pod not ready: /);
    expect(await degradations()).toBe(before + 1);

    await patchPodAnnotation(admin, namespace, pod!.metadata!.name!, null);
    await deploymentIs(true);
    await worker.reconcileNow();
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

    const { pass: report } = await worker.reconcileNow();
    expect(report.orphans).toEqual([{ namespace: orphan, storeId: strangerId, why: 'no store has this id' }]);
    expect(report.removedOrphans).toEqual([orphan]);
    const audit = await worker.db.auditLog.findMany({ where: { action: 'cluster.orphan_found', targetId: orphan } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ storeId: strangerId, removed: true });

    const { pass: again } = await worker.reconcileNow();
    expect(again.orphans.map((o) => o.namespace)).not.toContain(foreign);
    expect(await worker.db.auditLog.count({ where: { action: 'cluster.orphan_found', targetId: orphan } })).toBe(1);
    const left = await core.readNamespace({ name: orphan }).catch(() => null);
    expect(left === null || left.metadata?.deletionTimestamp !== undefined).toBe(true);
    expect((await core.readNamespace({ name: foreign })).metadata?.deletionTimestamp).toBeUndefined();
  }, 120_000);

  it('enqueues one store job per store per pass: a second pass in the same interval adds none', async () => {
    const queue = worker.queues.queue(QueueName.Reconcile);
    const bucket = worker.reconciler.bucket();
    const first = await worker.reconciler.pass();
    const second = await worker.reconciler.pass();
    expect(second.enqueued).toBe(first.enqueued);
    const ours = (await queue.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed'])).filter(
      (job) => job.name === JobName.ReconcileStore && job.data.storeId === storeId && job.data.bucket === bucket,
    );
    expect(ours.map((job) => job.id)).toEqual([jobId.reconcileStore(storeId, bucket)]);
  }, 60_000);

  it('adds the provision job of a store whose enqueue was lost', async () => {
    // The store waits for a slot (the owner may provision none), so its job stays delayed.
    const owner = await createOwner(worker.db, { maxProvisioningStores: 0 });
    const name = storeName('lost');
    namespaces.push(`store-${name}`);
    // As the API leaves it when Redis did not take the job: the row committed, no job.
    const store = await worker.db.store.create({
      data: { name, liveName: name, engine: 'woocommerce', ownerId: owner.id, namespace: `store-${name}`, provisionAttempts: 1 },
    });
    const provisioning = worker.queues.queue(QueueName.Provisioning);
    expect(await provisioning.getJob(jobId.provision(store.id, 1))).toBeUndefined();

    expect(await worker.reconciler.reconcileStore(store.id)).toMatchObject({ action: 'job', job: 'added' });
    expect((await provisioning.getJob(jobId.provision(store.id, 1)))?.data).toMatchObject({ storeId: store.id, attempt: 1 });
    expect(await worker.reconciler.reconcileStore(store.id)).toMatchObject({ action: 'job', job: 'present' });
  }, 60_000);

  it('fails a store whose provisioning run died past its deadline, with the reason read from the cluster', async () => {
    const owner = await createOwner(worker.db);
    const name = storeName('stuck');
    const store = await worker.db.store.create({
      data: {
        name,
        liveName: name,
        engine: 'woocommerce',
        ownerId: owner.id,
        namespace: `store-${name}`,
        provisionAttempts: 1,
        status: 'provisioning',
        provisioningStartedAt: new Date(Date.now() - 3 * 3600_000),
      },
    });
    expect(await worker.reconciler.reconcileStore(store.id)).toMatchObject({ action: 'failed-at-deadline' });
    const failed = await worker.db.store.findUniqueOrThrow({ where: { id: store.id } });
    expect(failed.status).toBe('failed');
    expect(failed.statusReason).toContain('deadline');
    expect(await worker.db.auditLog.count({ where: { targetId: store.id, action: 'store.failed' } })).toBe(1);
  }, 60_000);
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
