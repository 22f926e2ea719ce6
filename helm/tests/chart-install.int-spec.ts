/**
 * The store-platform chart installed on the local control plane (real
 * kube-apiserver, controllers and scheduler; KWOK plays the kubelet, so pods
 * become Ready and Job pods complete without running containers): install with
 * values-local, upgrade, rollback, and the worker's ServiceAccount token
 * confined by its ClusterRole and the ValidatingAdmissionPolicy.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  type KubeConfig,
  type V1Deployment,
  type V1Namespace,
  type V1StatefulSet,
} from '@kubernetes/client-node';
import {
  CLUSTER_START_TIMEOUT_MS,
  ensureCluster,
  kubeConfigForServiceAccount,
  TEST_NAMESPACE_LABEL,
  waitFor,
  watchDeployments,
  watchNamespaces,
  watchStatefulSets,
} from '@storefleet/testing';

import { chartDir, helm, helmOk, kubectl, refusal, statusOf, uniqueSuffix, valuesFiles } from './support.js';

const suffix = uniqueSuffix();
const namespace = `sf-helm-${suffix}`;
const release = 'storefleet';
const prefix = 'storefleet-store-platform';
const HELM_TIMEOUT = ['--wait=watcher', '--timeout', '4m'];
let admin: KubeConfig;

interface ReleaseInfo {
  version: number;
  info: { status: string };
}

async function releaseStatus(): Promise<ReleaseInfo> {
  return JSON.parse(await helmOk(['status', release, '--namespace', namespace, '-o', 'json'])) as ReleaseInfo;
}

function deploymentsReady(replicas: Record<string, number>) {
  return (deployments: readonly V1Deployment[]) => {
    const ready = Object.entries(replicas).every(([name, want]) => {
      const d = deployments.find((deployment) => deployment.metadata?.name === `${prefix}-${name}`);
      return (
        d !== undefined &&
        d.status?.observedGeneration === d.metadata?.generation &&
        d.spec?.replicas === want &&
        d.status?.updatedReplicas === want &&
        d.status?.readyReplicas === want &&
        (d.status?.replicas ?? 0) === want
      );
    });
    return ready ? deployments : undefined;
  };
}

function statefulSetsReady(sets: readonly V1StatefulSet[]) {
  const names = [`${prefix}-postgresql`, `${prefix}-redis`];
  const ready = names.every((name) => {
    const set = sets.find((s) => s.metadata?.name === name);
    return set?.status?.readyReplicas === 1 && set.status.currentRevision === set.status.updateRevision;
  });
  return ready ? sets : undefined;
}

async function secretData(name: string): Promise<Record<string, string>> {
  return (await admin.makeApiClient(CoreV1Api).readNamespacedSecret({ name, namespace })).data ?? {};
}

/**
 * Cluster-scoped objects of releases whose namespace is gone (an interrupted
 * run; ensureCluster() deletes its stale test namespaces).
 */
async function deleteOrphanedClusterObjects(): Promise<void> {
  const kinds = 'clusterrole,clusterrolebinding,validatingadmissionpolicy,validatingadmissionpolicybinding';
  const listed = await kubectl(['get', kinds, '-l', 'app.kubernetes.io/name=store-platform', '-o', 'name']);
  const namespaces = new Set((await admin.makeApiClient(CoreV1Api).listNamespace()).items.map((ns) => ns.metadata?.name));
  const orphans = listed.stdout
    .split('\n')
    .filter((name) => /\/sf-helm-[a-z0-9]+-/.test(name))
    .filter((name) => !namespaces.has(/\/(sf-helm-[a-z0-9]+)-/.exec(name)![1]));
  if (orphans.length > 0) await kubectl(['delete', '--ignore-not-found', ...orphans]);
}

beforeAll(async () => {
  admin = await ensureCluster();
  await deleteOrphanedClusterObjects();
  // Labelled as a test namespace, so an interrupted run's is cleaned up by the next ensureCluster(),
  // and enforcing the restricted Pod Security level, as docs/deploy.md creates it (the chart checks it).
  const labels = {
    [TEST_NAMESPACE_LABEL]: 'true',
    'pod-security.kubernetes.io/enforce': 'restricted',
    'pod-security.kubernetes.io/enforce-version': 'latest',
  };
  await admin.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: namespace, labels } } });
}, CLUSTER_START_TIMEOUT_MS);

afterAll(async () => {
  await helm(['uninstall', release, '--namespace', namespace, '--wait', '--timeout', '2m']);
  const core = admin.makeApiClient(CoreV1Api);
  // Generated Secrets are kept on uninstall (and PVCs by StatefulSet rules): the namespace goes with them.
  await core.deleteNamespace({ name: namespace }).catch(() => undefined);
  const leftovers = await core.listNamespace({ labelSelector: `storefleet.test/run=${suffix}` });
  // helm uninstall removed the cluster-scoped objects; this catches an uninstall that failed.
  await deleteOrphanedClusterObjects().catch(() => undefined);
  await Promise.all(leftovers.items.map((ns) => core.deleteNamespace({ name: ns.metadata!.name! }).catch(() => undefined)));
}, 180_000);

describe('helm install, upgrade and rollback', () => {
  let installSecrets: Record<string, Record<string, string>>;

  test('helm install with values-local brings every platform pod to Ready', async () => {
    await helmOk(['install', release, chartDir, '--namespace', namespace, '-f', valuesFiles.local, ...HELM_TIMEOUT]);
    expect(await releaseStatus()).toMatchObject({ version: 1, info: { status: 'deployed' } });

    await waitFor(admin, watchDeployments(admin, namespace), deploymentsReady({ api: 1, worker: 1, dashboard: 1 }), {
      description: 'api, worker and dashboard to be ready',
    });
    await waitFor(admin, watchStatefulSets(admin, namespace), statefulSetsReady, {
      description: 'Postgres and Redis to be ready',
    });

    const core = admin.makeApiClient(CoreV1Api);
    const claims = await core.listNamespacedPersistentVolumeClaim({ namespace });
    expect(claims.items.map((c) => `${c.metadata?.name}: ${c.status?.phase}`).sort()).toEqual([
      `data-${prefix}-postgresql-0: Bound`,
      `data-${prefix}-redis-0: Bound`,
    ]);
    const pods = await core.listNamespacedPod({ namespace });
    const notReady = pods.items
      .filter((pod) => !pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))
      .map((pod) => pod.metadata?.name);
    expect(notReady).toEqual([]);
    expect(pods.items).toHaveLength(5); // api, worker, dashboard, postgresql, redis (migrations run in the api and worker pods' init containers)

    installSecrets = {
      app: await secretData(`${prefix}-app`),
      postgresql: await secretData(`${prefix}-postgresql`),
      redis: await secretData(`${prefix}-redis`),
    };
    expect(Object.keys(installSecrets.app!).sort()).toEqual(['admin-password', 'credentials-key', 'jwt-secret', 'metrics-token']);
    expect(Buffer.from(installSecrets.app!['credentials-key']!, 'base64').toString()).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(Object.keys(installSecrets.postgresql!).sort()).toEqual(['app-password', 'owner-password', 'postgres-password']);
  }, 300_000);

  test('helm upgrade rolls out the change and keeps every generated secret', async () => {
    await helmOk([
      'upgrade',
      release,
      chartDir,
      '--namespace',
      namespace,
      '-f',
      valuesFiles.local,
      '--set',
      'api.replicaCount=2',
      '--set',
      'config.logLevel=info',
      ...HELM_TIMEOUT,
    ]);
    expect(await releaseStatus()).toMatchObject({ version: 2, info: { status: 'deployed' } });
    const deployments = await waitFor(
      admin,
      watchDeployments(admin, namespace),
      deploymentsReady({ api: 2, worker: 1, dashboard: 1 }),
      {
        description: 'the upgraded api to have two ready replicas',
      },
    );
    const api = deployments.find((d) => d.metadata?.name === `${prefix}-api`)!;
    expect(api.spec?.template.spec?.containers[0]?.env?.find((e) => e.name === 'LOG_LEVEL')?.value).toBe('info');

    expect(await secretData(`${prefix}-app`)).toEqual(installSecrets.app);
    expect(await secretData(`${prefix}-postgresql`)).toEqual(installSecrets.postgresql);
    expect(await secretData(`${prefix}-redis`)).toEqual(installSecrets.redis);
  }, 300_000);

  test('helm rollback returns to the first revision', async () => {
    await helmOk(['rollback', release, '1', '--namespace', namespace, ...HELM_TIMEOUT]);
    expect(await releaseStatus()).toMatchObject({ version: 3, info: { status: 'deployed' } });
    const deployments = await waitFor(
      admin,
      watchDeployments(admin, namespace),
      deploymentsReady({ api: 1, worker: 1, dashboard: 1 }),
      {
        description: 'the api to be back to one replica',
      },
    );
    const api = deployments.find((d) => d.metadata?.name === `${prefix}-api`)!;
    expect(api.spec?.template.spec?.containers[0]?.env?.find((e) => e.name === 'LOG_LEVEL')?.value).toBe('debug');
    const history = JSON.parse(await helmOk(['history', release, '--namespace', namespace, '-o', 'json'])) as {
      revision: number;
      status: string;
    }[];
    expect(history.map((h) => `${h.revision}: ${h.status}`)).toEqual(['1: superseded', '2: superseded', '3: deployed']);
    expect(await secretData(`${prefix}-postgresql`)).toEqual(installSecrets.postgresql);
  }, 300_000);
});

describe("the worker's ServiceAccount token", () => {
  let worker: KubeConfig;
  const store = `store-helmtest-${suffix}`;
  const labels = {
    'app.kubernetes.io/managed-by': 'storefleet',
    'storefleet.dev/instance': 'storefleet',
    'storefleet.test/run': suffix,
    [TEST_NAMESPACE_LABEL]: 'true',
  };

  beforeAll(async () => {
    worker = await kubeConfigForServiceAccount(namespace, `${prefix}-worker`);
  });

  test('provisions a store: a labelled store-* namespace and the objects of a store inside it, then deletes it', async () => {
    const core = worker.makeApiClient(CoreV1Api);
    const apps = worker.makeApiClient(AppsV1Api);
    const batch = worker.makeApiClient(BatchV1Api);
    await core.createNamespace({ body: { metadata: { name: store, labels } } });
    await core.createNamespacedResourceQuota({
      namespace: store,
      body: { metadata: { name: 'store' }, spec: { hard: { 'requests.cpu': '2', 'requests.memory': '4Gi', pods: '10' } } },
    });
    await core.createNamespacedSecret({
      namespace: store,
      body: { metadata: { name: 'store-credentials' }, stringData: { password: 'generated' } },
    });
    await core.createNamespacedService({
      namespace: store,
      body: { metadata: { name: 'shop' }, spec: { selector: { app: 'shop' }, ports: [{ port: 80, targetPort: 8080 }] } },
    });
    const container = {
      name: 'shop',
      image: 'wordpress:6.8.2-php8.3-apache',
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    };
    await apps.createNamespacedDeployment({
      namespace: store,
      body: {
        metadata: { name: 'shop' },
        spec: {
          selector: { matchLabels: { app: 'shop' } },
          template: { metadata: { labels: { app: 'shop' } }, spec: { containers: [container] } },
        },
      },
    });
    await batch.createNamespacedJob({
      namespace: store,
      body: {
        metadata: { name: 'setup' },
        spec: { template: { spec: { restartPolicy: 'Never', containers: [{ ...container, name: 'setup' }] } } },
      },
    });
    // Changing an object that exists (a PATCH, as re-running a step does).
    await core.patchNamespacedService({
      name: 'shop',
      namespace: store,
      body: [{ op: 'add', path: '/metadata/labels', value: { tier: 'web' } }],
    });

    await core.deleteNamespace({ name: store });
    await waitFor(
      admin,
      watchNamespaces(admin),
      (all: readonly V1Namespace[]) => (all.some((ns) => ns.metadata?.name === store) ? undefined : true),
      {
        description: `namespace ${store} to be finalised`,
        timeoutMs: 90_000,
      },
    );
  }, 120_000);

  test('is refused reading Secrets in kube-system', async () => {
    const core = worker.makeApiClient(CoreV1Api);
    expect(await statusOf(core.listNamespacedSecret({ namespace: 'kube-system' }))).toBe(403);
    expect(await statusOf(core.readNamespacedSecret({ namespace, name: `${prefix}-app` }))).toBe(403);
  });

  test('is refused creating a namespace not named store-*, even with the label', async () => {
    const core = worker.makeApiClient(CoreV1Api);
    const refused = await refusal(core.createNamespace({ body: { metadata: { name: `shop-${suffix}`, labels } } }));
    expect(refused.code).toBe(403);
    expect(refused.message).toContain('ValidatingAdmissionPolicy');
    expect(refused.message).toContain('may only manage namespaces named store-*');
  });

  test('is refused creating a store-* namespace without the storefleet labels, or labelled for another installation', async () => {
    const core = worker.makeApiClient(CoreV1Api);
    const otherInstallation = await refusal(
      core.createNamespace({
        body: { metadata: { name: `store-other-${suffix}`, labels: { ...labels, 'storefleet.dev/instance': 'elsewhere' } } },
      }),
    );
    expect(otherInstallation.code).toBe(403);
    const refused = await refusal(
      core.createNamespace({
        body: { metadata: { name: `store-unlabelled-${suffix}`, labels: { 'storefleet.test/run': suffix } } },
      }),
    );
    expect(refused.code).toBe(403);
    expect(refused.message).toContain(
      'may only create namespaces labelled app.kubernetes.io/managed-by=storefleet, storefleet.dev/instance=storefleet',
    );
  });

  test('is refused writing into default, into its own namespace, and deleting namespaces that are not stores', async () => {
    const core = worker.makeApiClient(CoreV1Api);
    const apps = worker.makeApiClient(AppsV1Api);
    for (const target of ['default', namespace]) {
      const secret = await refusal(
        core.createNamespacedSecret({ namespace: target, body: { metadata: { name: `x-${suffix}` }, stringData: { a: 'b' } } }),
      );
      expect(secret.code).toBe(403);
      const service = await refusal(
        core.createNamespacedService({
          namespace: target,
          body: { metadata: { name: `x-${suffix}` }, spec: { ports: [{ port: 80 }] } },
        }),
      );
      expect(service.code).toBe(403);
      expect(service.message).toContain(`not in "${target}"`);
    }
    expect(await statusOf(apps.deleteNamespacedDeployment({ namespace, name: `${prefix}-api` }))).toBe(403);
    expect(await statusOf(core.deleteNamespace({ name: namespace }))).toBe(403);
    expect(await statusOf(core.deleteNamespace({ name: 'default' }))).toBe(403);
  });

  test('cannot take the storefleet label off a store namespace, nor write into a store-* namespace it did not label', async () => {
    const core = worker.makeApiClient(CoreV1Api);
    const ours = `store-relabel-${suffix}`;
    await core.createNamespace({ body: { metadata: { name: ours, labels } } });
    const relabel = await refusal(
      core.patchNamespace({ name: ours, body: [{ op: 'remove', path: '/metadata/labels/app.kubernetes.io~1managed-by' }] }),
    );
    expect(relabel.code).toBe(403);

    const foreign = `store-foreign-${suffix}`;
    await admin.makeApiClient(CoreV1Api).createNamespace({
      body: { metadata: { name: foreign, labels: { 'storefleet.test/run': suffix, [TEST_NAMESPACE_LABEL]: 'true' } } },
    });
    expect(
      (
        await refusal(
          core.createNamespacedSecret({ namespace: foreign, body: { metadata: { name: 'x' }, stringData: { a: 'b' } } }),
        )
      ).code,
    ).toBe(403);
    expect((await refusal(core.deleteNamespace({ name: foreign }))).code).toBe(403);
    await core.deleteNamespace({ name: ours });
  });
});
