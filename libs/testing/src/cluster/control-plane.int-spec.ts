/**
 * What the local control plane (scripts/cluster/up.sh) must do for the
 * platform's tests to mean something: a real API server enforcing quotas,
 * Pod Security and RBAC with real tokens; real controllers turning
 * Deployments, StatefulSets and Jobs into pods, binding claims and finalising
 * namespaces; and KWOK's simulated kubelet making pods Ready, completing Jobs
 * and failing pods on request.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import {
  ApiException,
  AppsV1Api,
  AuthenticationV1Api,
  BatchV1Api,
  CoreV1Api,
  type KubeConfig,
  PatchStrategy,
  RbacAuthorizationV1Api,
  setHeaderOptions,
  type V1Job,
  type V1Pod,
  type V1PodSpec,
  type V1ResourceQuota,
} from '@kubernetes/client-node';

import { CLUSTER_START_TIMEOUT_MS, ensureCluster, kubeConfigForServiceAccount } from './local-cluster.js';
import { createTestNamespace, deleteNamespace, type TestNamespace } from './namespaces.js';
import { READY_AFTER_ANNOTATION, simulate, SIMULATE_ANNOTATION } from './simulate.js';
import {
  isPodReady,
  waitFor,
  watchClaims,
  watchDeployments,
  watchJobs,
  watchPods,
  watchStatefulSets,
  watchVolumes,
} from './wait.js';

const container = (cpu = '100m'): V1PodSpec['containers'][number] => ({
  name: 'app',
  image: 'registry.example/app:1.0',
  resources: { requests: { cpu, memory: '64Mi' }, limits: { cpu, memory: '64Mi' } },
});

/** The API server's refusal (status code and message) of a request expected to fail. */
async function refusal(request: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await request;
  } catch (error) {
    if (error instanceof ApiException) {
      const body = (typeof error.body === 'string' ? JSON.parse(error.body) : error.body) as { message?: string };
      return { code: error.code, message: body.message ?? '' };
    }
    throw error;
  }
  throw new Error('The API server accepted a request it should have refused');
}

// Every wait below has its own, more telling, bound.
jest.setTimeout(120_000);

let kc: KubeConfig;
let core: CoreV1Api;
const namespaces: TestNamespace[] = [];
async function namespace(prefix: string, labels?: Record<string, string>): Promise<string> {
  const ns = await createTestNamespace(kc, prefix, labels);
  namespaces.push(ns);
  return ns.name;
}

beforeAll(async () => {
  kc = await ensureCluster();
  core = kc.makeApiClient(CoreV1Api);
}, CLUSTER_START_TIMEOUT_MS);

afterAll(async () => {
  // The namespace controller finishes the job; the last test proves it does.
  await Promise.all(namespaces.map((ns) => ns.remove({ wait: false })));
});

describe('local control plane: admission', () => {
  it('refuses a pod that would exceed the namespace ResourceQuota', async () => {
    const ns = await namespace('quota');
    await core.createNamespacedResourceQuota({
      namespace: ns,
      body: { metadata: { name: 'store' }, spec: { hard: { 'requests.cpu': '1', 'requests.memory': '1Gi', pods: '5' } } },
    });
    // The quota controller must have counted usage before admission can enforce it.
    await waitFor<V1ResourceQuota, true>(
      kc,
      { path: `/api/v1/namespaces/${ns}/resourcequotas`, list: () => core.listNamespacedResourceQuota({ namespace: ns }) },
      ([quota]) => (quota?.status?.hard?.['requests.cpu'] ? true : undefined),
      { description: 'the quota controller to count usage' },
    );

    await core.createNamespacedPod({
      namespace: ns,
      body: { metadata: { name: 'first' }, spec: { containers: [container('600m')] } },
    });
    const refused = await refusal(
      core.createNamespacedPod({
        namespace: ns,
        body: { metadata: { name: 'second' }, spec: { containers: [container('600m')] } },
      }),
    );

    expect(refused.code).toBe(403);
    expect(refused.message).toMatch(
      /exceeded quota: store, requested: requests.cpu=600m, used: requests.cpu=600m, limited: requests.cpu=1/,
    );
  });

  it('refuses a privileged pod in a namespace that enforces the restricted Pod Security standard', async () => {
    const ns = await namespace('podsecurity', { 'pod-security.kubernetes.io/enforce': 'restricted' });

    const refused = await refusal(
      core.createNamespacedPod({
        namespace: ns,
        body: { metadata: { name: 'root' }, spec: { containers: [{ ...container(), securityContext: { privileged: true } }] } },
      }),
    );

    expect(refused.code).toBe(403);
    expect(refused.message).toMatch(/violates PodSecurity "restricted:latest": privileged/);
  });
});

describe('local control plane: workloads', () => {
  it('runs a Deployment to Ready pods on the simulated nodes', async () => {
    const ns = await namespace('deploy');
    const labels = { app: 'web' };
    await kc.makeApiClient(AppsV1Api).createNamespacedDeployment({
      namespace: ns,
      body: {
        metadata: { name: 'web' },
        spec: {
          replicas: 2,
          selector: { matchLabels: labels },
          template: { metadata: { labels }, spec: { containers: [container()] } },
        },
      },
    });

    const deployment = await waitFor(
      kc,
      watchDeployments(kc, ns),
      ([d]) => (d?.status?.availableReplicas === 2 ? d : undefined),
      {
        description: 'the Deployment to have 2 available replicas',
      },
    );
    const pods = (await core.listNamespacedPod({ namespace: ns })).items;

    expect(deployment.status?.readyReplicas).toBe(2);
    expect(pods).toHaveLength(2);
    for (const pod of pods) {
      expect(pod.status?.phase).toBe('Running');
      expect(isPodReady(pod)).toBe(true);
      expect(pod.spec?.nodeName).toMatch(/^kwok-node-\d$/);
      expect(pod.status?.podIP).toBeTruthy();
    }
  });

  it('runs a StatefulSet whose volume claim the default StorageClass binds', async () => {
    const ns = await namespace('sts');
    const labels = { app: 'db' };
    await kc.makeApiClient(AppsV1Api).createNamespacedStatefulSet({
      namespace: ns,
      body: {
        metadata: { name: 'db' },
        spec: {
          replicas: 1,
          serviceName: 'db',
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: { containers: [{ ...container(), volumeMounts: [{ name: 'data', mountPath: '/data' }] }] },
          },
          // No storageClassName: the DefaultStorageClass admission plugin fills it in.
          volumeClaimTemplates: [
            { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } } },
          ],
        },
      },
    });

    const claim = await waitFor(kc, watchClaims(kc, ns), ([c]) => (c?.status?.phase === 'Bound' ? c : undefined), {
      description: 'the claim data-db-0 to be Bound',
    });
    const sts = await waitFor(kc, watchStatefulSets(kc, ns), ([s]) => (s?.status?.readyReplicas === 1 ? s : undefined), {
      description: 'the StatefulSet to have 1 ready replica',
    });
    const volume = await core.readPersistentVolume({ name: claim.spec!.volumeName! });
    const pod = await core.readNamespacedPod({ namespace: ns, name: 'db-0' });

    expect(claim.metadata?.name).toBe('data-db-0');
    expect(claim.spec?.storageClassName).toBe('standard');
    expect(claim.status?.capacity?.storage).toBe('5Gi');
    expect(volume.spec?.claimRef).toMatchObject({ namespace: ns, name: 'data-db-0' });
    expect(volume.status?.phase).toBe('Bound');
    expect(sts.status?.currentReplicas).toBe(1);
    expect(isPodReady(pod)).toBe(true);
  });

  it('completes a Job', async () => {
    const ns = await namespace('job');
    await kc.makeApiClient(BatchV1Api).createNamespacedJob({
      namespace: ns,
      body: {
        metadata: { name: 'setup' },
        spec: { backoffLimit: 0, template: { spec: { restartPolicy: 'Never', containers: [container()] } } },
      },
    });

    const job = await waitFor(kc, watchJobs(kc, ns), ([j]) => (condition(j, 'Complete') ? j : undefined), {
      description: 'the Job to complete',
    });
    const [pod] = (await core.listNamespacedPod({ namespace: ns })).items;

    expect(job.status?.succeeded).toBe(1);
    expect(pod?.status?.phase).toBe('Succeeded');
    expect(pod?.status?.containerStatuses?.[0]?.state?.terminated?.exitCode).toBe(0);
  });

  it('fails a Job whose pods are told to fail', async () => {
    const ns = await namespace('job-fail');
    await kc.makeApiClient(BatchV1Api).createNamespacedJob({
      namespace: ns,
      body: {
        metadata: { name: 'setup' },
        spec: {
          backoffLimit: 1,
          template: { metadata: { annotations: simulate('fail') }, spec: { restartPolicy: 'Never', containers: [container()] } },
        },
      },
    });

    const job = await waitFor(kc, watchJobs(kc, ns), ([j]) => (condition(j, 'Failed') ? j : undefined), {
      description: 'the Job to fail',
      timeoutMs: 90_000, // the Job controller backs off ~10 s before its retry
    });
    const pods = (await core.listNamespacedPod({ namespace: ns })).items;

    expect(condition(job, 'Failed')?.reason).toBe('BackoffLimitExceeded');
    expect(job.status?.succeeded ?? 0).toBe(0);
    expect(pods).toHaveLength(2); // the first attempt and one retry
    for (const pod of pods) {
      expect(pod.status?.phase).toBe('Failed');
      expect(pod.status?.containerStatuses?.[0]?.state?.terminated?.exitCode).toBe(1);
    }
  });
});

function condition(job: V1Job | undefined, type: string) {
  return job?.status?.conditions?.find((c) => c.type === type && c.status === 'True');
}

describe('local control plane: simulated failures', () => {
  it('keeps pods in ImagePullBackOff, CrashLoopBackOff or unready when told to, and readies the rest', async () => {
    const ns = await namespace('simulate');
    const pod = (name: string, annotations: Record<string, string> = {}) =>
      core.createNamespacedPod({ namespace: ns, body: { metadata: { name, annotations }, spec: { containers: [container()] } } });
    await Promise.all([
      pod('healthy'),
      pod('no-image', simulate('image-pull-backoff')),
      pod('crashing', simulate('crashloop')),
      pod('never-ready', simulate('unready')),
    ]);

    const byName = (pods: readonly V1Pod[]) => (name: string) => pods.find((p) => p.metadata?.name === name);
    const waiting = (pod: V1Pod | undefined) => pod?.status?.containerStatuses?.[0]?.state?.waiting?.reason;
    await waitFor(
      kc,
      watchPods(kc, ns),
      (pods) => {
        const get = byName(pods);
        const settled =
          isPodReady(get('healthy') ?? {}) &&
          waiting(get('no-image')) === 'ImagePullBackOff' &&
          waiting(get('crashing')) === 'CrashLoopBackOff' &&
          get('never-ready')?.status?.phase === 'Running';
        return settled ? true : undefined;
      },
      { description: 'every pod to reach its (simulated) state' },
    );
    // A moment later nothing has "recovered" on its own.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const pods = (await core.listNamespacedPod({ namespace: ns })).items;
    const get = byName(pods);

    expect(get('no-image')?.status?.phase).toBe('Pending');
    expect(waiting(get('no-image'))).toBe('ImagePullBackOff');
    expect(get('crashing')?.status?.phase).toBe('Running');
    expect(waiting(get('crashing'))).toBe('CrashLoopBackOff');
    expect(get('crashing')?.status?.containerStatuses?.[0]?.lastState?.terminated?.exitCode).toBe(1);
    expect(get('never-ready')?.status?.containerStatuses?.[0]?.state?.running).toBeDefined();
    for (const name of ['no-image', 'crashing', 'never-ready']) {
      expect(isPodReady(get(name)!)).toBe(false);
      expect(get(name)?.status?.conditions?.find((c) => c.type === 'Ready')?.reason).toBe('ContainersNotReady');
    }
    expect(isPodReady(get('healthy')!)).toBe(true);
  });

  it('breaks a Ready pod when annotated and readies it again when the annotation goes', async () => {
    const ns = await namespace('flip');
    await core.createNamespacedPod({ namespace: ns, body: { metadata: { name: 'app' }, spec: { containers: [container()] } } });
    const readiness = (want: boolean) =>
      waitFor(kc, watchPods(kc, ns), ([p]) => (p && isPodReady(p) === want && p.status?.phase === 'Running' ? p : undefined), {
        description: `the pod to be ${want ? 'Ready' : 'unready'}`,
      });
    // A JSON merge patch: null removes the annotation.
    const annotate = (value: string | null) =>
      core.patchNamespacedPod(
        { namespace: ns, name: 'app', body: { metadata: { annotations: { [SIMULATE_ANNOTATION]: value } } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
    const ready = await readiness(true);

    await annotate('unready');
    const broken = await readiness(false);
    await annotate(null);
    const recovered = await readiness(true);

    expect(broken.status?.podIP).toBe(ready.status?.podIP);
    expect(recovered.status?.podIP).toBe(ready.status?.podIP);
  });

  it('delays readiness by storefleet.dev/ready-after', async () => {
    const ns = await namespace('slow');
    const created = Date.now();
    await core.createNamespacedPod({
      namespace: ns,
      body: { metadata: { name: 'slow', annotations: { [READY_AFTER_ANNOTATION]: '3s' } }, spec: { containers: [container()] } },
    });

    await waitFor(kc, watchPods(kc, ns), ([p]) => (p && isPodReady(p) ? true : undefined), {
      description: 'the slow pod to be Ready',
    });

    expect(Date.now() - created).toBeGreaterThanOrEqual(3_000);
  });
});

describe('local control plane: RBAC and namespaces', () => {
  it('denies a ServiceAccount, by its real token, everything outside its narrow Role', async () => {
    const ns = await namespace('rbac');
    const other = await namespace('rbac-other');
    const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
    await core.createNamespacedServiceAccount({ namespace: ns, body: { metadata: { name: 'reader' } } });
    await rbac.createNamespacedRole({
      namespace: ns,
      body: {
        metadata: { name: 'read-configmaps' },
        rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }],
      },
    });
    await rbac.createNamespacedRoleBinding({
      namespace: ns,
      body: {
        metadata: { name: 'reader' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'read-configmaps' },
        subjects: [{ kind: 'ServiceAccount', name: 'reader', namespace: ns }],
      },
    });
    await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'settings' }, data: { a: '1' } } });

    const asReader = await kubeConfigForServiceAccount(ns, 'reader');
    const readerCore = asReader.makeApiClient(CoreV1Api);
    const review = await asReader.makeApiClient(AuthenticationV1Api).createSelfSubjectReview({ body: {} });
    const allowed = await readerCore.readNamespacedConfigMap({ namespace: ns, name: 'settings' });
    const denied = await Promise.all([
      refusal(readerCore.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'mine' } } })),
      refusal(readerCore.listNamespacedSecret({ namespace: ns })),
      refusal(readerCore.listNamespacedConfigMap({ namespace: other })),
      refusal(readerCore.listNamespace()),
    ]);

    expect(review.status?.userInfo?.username).toBe(`system:serviceaccount:${ns}:reader`);
    expect(allowed.data).toEqual({ a: '1' });
    for (const { code, message } of denied) {
      expect(code).toBe(403);
      expect(message).toContain(`User "system:serviceaccount:${ns}:reader" cannot`);
    }
  });

  it('finalises a deleted namespace and removes everything in it, volumes included', async () => {
    const name = (await createTestNamespace(kc, 'doomed')).name;
    const labels = { app: 'db' };
    await kc.makeApiClient(AppsV1Api).createNamespacedStatefulSet({
      namespace: name,
      body: {
        metadata: { name: 'db' },
        spec: {
          replicas: 1,
          serviceName: 'db',
          selector: { matchLabels: labels },
          template: { metadata: { labels }, spec: { containers: [container()] } },
          volumeClaimTemplates: [
            { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
          ],
        },
      },
    });
    await core.createNamespacedConfigMap({ namespace: name, body: { metadata: { name: 'settings' } } });
    await waitFor(kc, watchPods(kc, name), ([p]) => (p && isPodReady(p) ? true : undefined), {
      description: 'the pod to be Ready',
    });
    const volumeName = (await core.readNamespacedPersistentVolumeClaim({ namespace: name, name: 'data-db-0' })).spec?.volumeName;

    await deleteNamespace(kc, name);

    expect((await refusal(core.readNamespace({ name }))).code).toBe(404);
    const leftovers = await Promise.all([
      core.listNamespacedPod({ namespace: name }),
      core.listNamespacedConfigMap({ namespace: name }),
      core.listNamespacedPersistentVolumeClaim({ namespace: name }),
      kc.makeApiClient(AppsV1Api).listNamespacedStatefulSet({ namespace: name }),
    ]);
    for (const list of leftovers) expect(list.items).toHaveLength(0);
    // The claim's volume (reclaim policy Delete) is deleted by the PV controller.
    expect(volumeName).toBeTruthy();
    await waitFor(kc, watchVolumes(kc), (volumes) => (volumes.some((v) => v.metadata?.name === volumeName) ? undefined : true), {
      description: `volume ${volumeName} to be deleted`,
    });
  });
});
