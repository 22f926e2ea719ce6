/**
 * Provisioning on the real control plane (kube-apiserver with RBAC, Pod
 * Security and quota admission; KWOK nodes), with real Postgres and Redis,
 * as a ServiceAccount bound to exactly the worker's ClusterRole.
 */

import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  type KubeConfig,
  type KubernetesObject,
  NetworkingV1Api,
  PatchStrategy,
  RbacAuthorizationV1Api,
  setHeaderOptions,
  type V1ManagedFieldsEntry,
} from '@kubernetes/client-node';
import { PROVISIONING_STEPS } from '@storefleet/contracts';
import { CredentialsCipher, PrismaService } from '@storefleet/db';
import { PLANS } from '@storefleet/engines';
import { createOwner, requestStore, storeName, waitForStatus, type WorkerIdentity, workerTestBed } from '@storefleet/testing';

import { withStoreLock } from '../common/store-lock.js';
import { startBedWorker, type TestWorker } from '../testing/worker-harness.js';
import { StoreBlueprints } from './blueprints.js';
import { Pipeline } from './pipeline.js';
import { PIPELINE } from './steps/index.js';

describe('provisioning a WooCommerce store', () => {
  const bed = workerTestBed('provisioning');
  const namespaces = bed.namespaces;
  let admin: KubeConfig;
  let identity: WorkerIdentity;
  let worker: TestWorker;

  beforeAll(async () => {
    ({ admin, identity } = bed);
    worker = await startBedWorker(bed);
  });

  let storeId: string;
  let namespace: string;

  it('brings a store to ready with its URLs, credentials, timeline and audit entry', async () => {
    const owner = await createOwner(worker.db);
    const name = storeName('e2e');
    namespace = `store-${name}`;
    namespaces.push(namespace);
    const started = Date.now();
    const store = await requestStore(worker.db, worker.queues, owner.id, name);
    storeId = store.id;

    const ready = await waitForStatus(worker.db, store.id, 'ready');
    const tookMs = Date.now() - started;
    console.log(`end-to-end provision on the local control plane: ${tookMs} ms, ${worker.kube.requestCount} Kubernetes requests`);

    expect(ready.storefrontUrl).toBe(`http://${name}.stores.localtest.me/`);
    expect(ready.adminUrl).toBe(`http://${name}.stores.localtest.me/wp-admin/`);
    expect(ready.readyAt).toBeInstanceOf(Date);
    expect(ready.statusReason).toBeNull();
    const login = new CredentialsCipher(process.env.CREDENTIALS_KEY!).decrypt<{ username: string; password: string }>(
      store.id,
      ready.adminCredentials!,
    );
    expect(login).toEqual({ username: 'storeadmin', password: expect.stringMatching(/^[A-Za-z0-9]{24}$/) });

    const events = await worker.db.storeEvent.findMany({ where: { storeId: store.id }, orderBy: { startedAt: 'asc' } });
    expect(events.map((e) => e.step)).toEqual([...PROVISIONING_STEPS]);
    for (const event of events) {
      expect(event).toMatchObject({ attempt: 1, outcome: 'succeeded' });
      expect(event.durationMs).toBeGreaterThanOrEqual(0);
    }
    const audit = await worker.db.auditLog.findMany({ where: { targetId: store.id }, orderBy: { at: 'asc' } });
    // The create (by the fixture, through the same StoreLifecycle as the API), then the worker's two.
    expect(audit.map((a) => a.action)).toEqual(['store.create', 'store.provisioning', 'store.ready']);
  }, 120_000);

  it('creates every object with the right labels, quota, Pod Security level and policies, and no container without limits', async () => {
    const core = admin.makeApiClient(CoreV1Api);
    const ns = await core.readNamespace({ name: namespace });
    expect(ns.metadata?.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'storefleet',
      'storefleet.dev/store-id': storeId,
      'storefleet.dev/engine': 'woocommerce',
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
    const quota = await core.readNamespacedResourceQuota({ name: 'store-quota', namespace });
    expect(quota.spec?.hard).toMatchObject({
      'limits.cpu': PLANS.small.quota.limitsCpu,
      'requests.memory': PLANS.small.quota.requestsMemory,
      pods: '10',
    });
    const limits = await core.readNamespacedLimitRange({ name: 'store-limits', namespace });
    expect(limits.spec?.limits[0]?.max).toEqual(PLANS.small.limitRange.containerMax);

    const policies = await admin.makeApiClient(NetworkingV1Api).listNamespacedNetworkPolicy({ namespace });
    const byName = new Map(policies.items.map((p) => [p.metadata!.name!, p]));
    expect([...byName.keys()].sort()).toEqual([
      'allow-database-clients',
      'allow-dns',
      'allow-egress-to-database',
      'allow-egress-to-ingress-controller',
      'allow-egress-to-internet',
      'allow-ingress-controller',
      'allow-ingress-controller-to-paused-page',
      'default-deny',
    ]);
    expect(byName.get('default-deny')!.spec).toMatchObject({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(byName.get('allow-ingress-controller')!.spec?.podSelector?.matchLabels).toEqual({
      'app.kubernetes.io/instance': namespace.slice('store-'.length),
      'app.kubernetes.io/component': 'app',
    });

    const secret = await core.listNamespacedSecret({ namespace }).catch(() => null);
    expect(secret?.items.map((s) => s.metadata?.name)).toEqual(['woocommerce-credentials']);
    expect(Object.keys(secret!.items[0]!.data!)).toEqual(
      expect.arrayContaining(['admin-password', 'mariadb-password', 'mariadb-root-password']),
    );

    const apps = admin.makeApiClient(AppsV1Api);
    expect((await apps.listNamespacedStatefulSet({ namespace })).items.map((s) => s.metadata?.name)).toEqual(['mariadb']);
    // The paused page is there from the start, at zero until the store is suspended.
    const deployments = (await apps.listNamespacedDeployment({ namespace })).items;
    expect(deployments.map((d) => [d.metadata?.name, d.spec?.replicas]).sort()).toEqual([
      ['paused-page', 0],
      ['wordpress', 1],
    ]);
    expect((await core.listNamespacedService({ namespace })).items.map((s) => s.metadata?.name).sort()).toEqual([
      'mariadb',
      'paused-page',
      'wordpress',
    ]);
    expect((await core.listNamespacedPersistentVolumeClaim({ namespace })).items.map((c) => c.metadata?.name).sort()).toEqual([
      'data-mariadb-0',
      'wordpress-content',
    ]);
    const ingress = await admin.makeApiClient(NetworkingV1Api).readNamespacedIngress({ name: 'storefront', namespace });
    expect(ingress.spec?.rules?.[0]?.host).toBe(`${namespace.slice('store-'.length)}.stores.localtest.me`);
    const job = await admin.makeApiClient(BatchV1Api).readNamespacedJob({ name: 'woocommerce-setup', namespace });
    expect(job.status?.succeeded).toBe(1);

    const pods = await core.listNamespacedPod({ namespace });
    expect(pods.items.length).toBeGreaterThanOrEqual(3);
    for (const pod of pods.items) {
      for (const container of pod.spec!.containers) {
        expect({ pod: pod.metadata?.name, limits: container.resources?.limits }).toEqual({
          pod: pod.metadata?.name,
          limits: { cpu: expect.any(String), memory: expect.any(String) },
        });
        expect(container.securityContext).toMatchObject({
          allowPrivilegeEscalation: false,
          runAsNonRoot: true,
          capabilities: { drop: ['ALL'] },
        });
      }
    }
  }, 30_000);

  it('runs as an identity that can read no Secret and write nothing outside its rules', async () => {
    const core = identity.kubeConfig.makeApiClient(CoreV1Api);
    const refused = (call: Promise<unknown>) =>
      call.then(
        () => 'allowed',
        (error: { code?: number }) => error.code,
      );
    expect(await refused(core.readNamespacedSecret({ name: 'woocommerce-credentials', namespace }))).toBe(403);
    expect(await refused(core.listSecretForAllNamespaces())).toBe(403);
    // ConfigMaps it may create and patch (the paused page), never delete.
    expect(await refused(core.deleteNamespacedConfigMap({ name: 'paused-page', namespace }))).toBe(403);
    expect(await refused(core.createNamespacedServiceAccount({ namespace, body: { metadata: { name: 'x' } } }))).toBe(403);
    expect(await refused(core.deleteNamespacedService({ name: 'wordpress', namespace }))).toBe(403);
    expect(await refused(identity.kubeConfig.makeApiClient(RbacAuthorizationV1Api).listClusterRole())).toBe(403);
  }, 30_000);

  it('changes nothing when every step runs again', async () => {
    const before = await snapshot(admin, namespace);
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // managedFields times have one-second resolution
    const store = await worker.db.store.findUniqueOrThrow({ where: { id: storeId } });
    const blueprint = await worker.app.get(StoreBlueprints).forStore(store);
    // Every step's run again on the ready store (nothing blocks the changes here).
    const context = worker.app.get(Pipeline).context(store, blueprint, {
      attempt: 1,
      deadline: Date.now() + 60_000,
      signal: new AbortController().signal,
      blocked: () => null,
    });
    for (const { handler } of PIPELINE) await handler.run(context);
    expect(await snapshot(admin, namespace)).toEqual(before);
  }, 60_000);

  it('never holds the store lock while the setup-job step waits for a failed Job to go', async () => {
    const batch = admin.makeApiClient(BatchV1Api);
    const hold = 'storefleet.dev/test-hold';
    // A setup Job that is being deleted and cannot finish yet (a finaliser holds it).
    await batch.patchNamespacedJob(
      { name: 'woocommerce-setup', namespace, body: [{ op: 'add', path: '/metadata/finalizers', value: [hold] }] },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
    );
    await batch.deleteNamespacedJob({ name: 'woocommerce-setup', namespace, propagationPolicy: 'Background' });
    const store = await worker.db.store.findUniqueOrThrow({ where: { id: storeId } });
    const blueprint = await worker.app.get(StoreBlueprints).forStore(store);
    const pipeline = worker.app.get(Pipeline);
    const context = pipeline.context(store, blueprint, {
      attempt: store.provisionAttempts,
      deadline: Date.now() + 60_000,
      signal: new AbortController().signal,
      blocked: () => null,
    });
    const step = pipeline.runStep('setup-job', context);
    try {
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // the step is waiting for the Job to go
      // What teardown does before deleting the namespace: it must get the lock now, not after the wait.
      const asked = Date.now();
      await withStoreLock(worker.app.get(PrismaService), storeId, () => Promise.resolve());
      expect(Date.now() - asked).toBeLessThan(2_000);
    } finally {
      await batch.patchNamespacedJob(
        { name: 'woocommerce-setup', namespace, body: [{ op: 'remove', path: '/metadata/finalizers' }] },
        setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
      );
    }
    await step;
    const event = await worker.db.storeEvent.findFirstOrThrow({
      where: { storeId, step: 'setup-job' },
      orderBy: { startedAt: 'desc' },
    });
    expect(event).toMatchObject({ outcome: 'succeeded', message: expect.stringContaining('replaced the setup Job') });
  }, 90_000);
});

/**
 * Each object's identity and what this worker last wrote: its UID, its
 * generation, and the time and fields of the storefleet-worker apply.
 */
async function snapshot(admin: KubeConfig, namespace: string): Promise<Record<string, unknown>> {
  const core = admin.makeApiClient(CoreV1Api);
  const apps = admin.makeApiClient(AppsV1Api);
  const net = admin.makeApiClient(NetworkingV1Api);
  const batch = admin.makeApiClient(BatchV1Api);
  const lists: KubernetesObject[][] = await Promise.all([
    core.readNamespace({ name: namespace }).then((o) => [{ ...o, kind: 'Namespace' }]),
    core.listNamespacedResourceQuota({ namespace }).then((l) => l.items.map((o) => ({ ...o, kind: 'ResourceQuota' }))),
    core.listNamespacedLimitRange({ namespace }).then((l) => l.items.map((o) => ({ ...o, kind: 'LimitRange' }))),
    core.listNamespacedSecret({ namespace }).then((l) => l.items.map((o) => ({ ...o, kind: 'Secret' }))),
    core.listNamespacedService({ namespace }).then((l) => l.items.map((o) => ({ ...o, kind: 'Service' }))),
    core
      .listNamespacedPersistentVolumeClaim({ namespace })
      .then((l) => l.items.map((o) => ({ ...o, kind: 'PersistentVolumeClaim' }))),
    net.listNamespacedNetworkPolicy({ namespace }).then((l) => l.items.map((o) => ({ ...o, kind: 'NetworkPolicy' }))),
    net.listNamespacedIngress({ namespace }).then((l) => l.items.map((o) => ({ ...o, kind: 'Ingress' }))),
    apps.listNamespacedStatefulSet({ namespace }).then((l) => l.items.map((o) => ({ ...o, kind: 'StatefulSet' }))),
    apps.listNamespacedDeployment({ namespace }).then((l) => l.items.map((o) => ({ ...o, kind: 'Deployment' }))),
    batch.listNamespacedJob({ namespace }).then((l) => l.items.map((o) => ({ ...o, kind: 'Job' }))),
  ]);
  const ours = (fields: V1ManagedFieldsEntry[] | undefined) =>
    (fields ?? [])
      .filter((f) => f.manager === 'storefleet-worker')
      .map((f) => ({ operation: f.operation, time: f.time, fields: JSON.stringify(f.fieldsV1) }));
  return Object.fromEntries(
    lists
      .flat()
      .map((o) => [
        `${o.kind}/${o.metadata?.name}`,
        { uid: o.metadata?.uid, generation: o.metadata?.generation, written: ours(o.metadata?.managedFields) },
      ]),
  );
}
