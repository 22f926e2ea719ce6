/**
 * A store namespace as the real API server admits it (quota, LimitRange,
 * restricted Pod Security): with every pod of the store in place, the setup
 * Job's included, a cert-manager HTTP-01 solver pod (its default size and
 * security context) and a debug pod are still admitted; the solver's Service
 * is admitted as ClusterIP and refused as NodePort (cert-manager's default
 * unless the issuer says `serviceType: ClusterIP`).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  CoreV1Api,
  type KubeConfig,
  NetworkingV1Api,
  type V1Deployment,
  type V1Job,
  type V1LimitRange,
  type V1NetworkPolicy,
  type V1Pod,
  type V1ResourceQuota,
  type V1StatefulSet,
} from '@kubernetes/client-node';
import { CLUSTER_START_TIMEOUT_MS, createTestNamespace, ensureCluster, type TestNamespace } from '@storefleet/testing';

import { ACME_SOLVER } from './common/network-policies.js';
import { ACME_SOLVER_RESOURCES } from './plans.js';
import { blueprintFor } from './registry.js';
import { type Blueprint, blueprintObjects, type EngineConfig } from './types.js';

const config: EngineConfig = {
  baseDomain: 'stores.example.com',
  ingressClassName: 'traefik',
  ingressNamespace: 'kube-system',
  ingressPodLabels: { 'app.kubernetes.io/name': 'traefik' },
  ingressPorts: [80, 443, 8000, 8443],
  egressExcludeCidrs: ['203.0.113.10/32'],
  tls: { enabled: true, clusterIssuer: 'letsencrypt-prod' },
  storageClassName: null,
  platformInstance: 'admission-test',
  woocommerce: {
    images: {
      wordpress: 'docker.io/library/wordpress:6.8.3-php8.3-apache',
      mariadb: 'docker.io/library/mariadb:11.4.8',
      wpCli: 'docker.io/library/wordpress:cli-2.12.0-php8.3',
    },
    woocommerceVersion: null,
    storefrontVersion: null,
  },
};

const restricted = {
  runAsNonRoot: true,
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

/** Pods stay Pending (no node has this label), where the quota counts them. */
const NOWHERE = { 'storefleet.dev/admission-test': 'no-such-node' };

/** The pods the store's workloads make, volumes aside (the quota and Pod Security judge the rest). */
function storePods(bp: Blueprint, namespace: string): V1Pod[] {
  return blueprintObjects(bp).flatMap((object) => {
    const spec = (object as V1Deployment | V1StatefulSet | V1Job).spec;
    if (!spec || !('template' in spec) || !spec.template?.spec) return [];
    const pod = structuredClone(spec.template.spec);
    delete pod.volumes;
    delete pod.affinity;
    for (const container of [...(pod.initContainers ?? []), ...pod.containers]) delete container.volumeMounts;
    return [
      {
        metadata: { name: `${object.metadata!.name}-0`, namespace, labels: spec.template.metadata?.labels },
        spec: { ...pod, nodeSelector: NOWHERE },
      },
    ];
  });
}

/** What cert-manager creates to answer an HTTP-01 challenge (its acmesolver pod). */
function solverPod(namespace: string): V1Pod {
  return {
    metadata: { name: 'cm-acme-http-solver-x7k2p', namespace, labels: { ...ACME_SOLVER.labels } },
    spec: {
      nodeSelector: NOWHERE,
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: 'acmesolver',
          image: 'quay.io/jetstack/cert-manager-acmesolver:v1.18.2',
          args: ['--listen-port=8089', '--domain=shop.stores.example.com', '--token=t', '--key=k'],
          ports: [{ name: 'http', containerPort: ACME_SOLVER.port }],
          resources: ACME_SOLVER_RESOURCES,
          securityContext: { ...restricted, readOnlyRootFilesystem: true },
        },
      ],
    },
  };
}

/** `kubectl run` without resources: the LimitRange gives it the defaults. */
function debugPod(namespace: string, name: string): V1Pod {
  return {
    metadata: { name, namespace },
    spec: {
      nodeSelector: NOWHERE,
      containers: [
        { name: 'debug', image: 'docker.io/library/busybox:1.37.0', command: ['sleep', '3600'], securityContext: restricted },
      ],
    },
  };
}

async function refusal(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    return String((error as { body?: unknown }).body ?? error);
  }
  throw new Error('expected the API server to refuse the request');
}

let kc: KubeConfig;
const namespaces: TestNamespace[] = [];

beforeAll(async () => {
  kc = await ensureCluster();
}, CLUSTER_START_TIMEOUT_MS);

afterAll(async () => {
  await Promise.all(namespaces.map((namespace) => namespace.remove({ wait: false })));
});

describe.each(['woocommerce', 'medusa'] as const)('a %s store namespace on the real API server', (engine) => {
  it('admits the ACME solver and a debug pod beside every store pod, and refuses a NodePort Service', async () => {
    const bp = blueprintFor(
      { id: '7b3c8d9e-1f2a-4b5c-8d6e-0f1a2b3c4d5e', name: `adm-${engine}`, ownerId: 'o', engine, plan: 'small' },
      config,
    );
    const labels = bp.manifests.namespace.objects[0]!.metadata!.labels!;
    const namespace = await createTestNamespace(kc, `quota-${engine}`, labels);
    namespaces.push(namespace);
    const name = namespace.name;
    const core = kc.makeApiClient(CoreV1Api);
    const net = kc.makeApiClient(NetworkingV1Api);
    const quotaGroup = bp.manifests.quota.objects;
    const quota = { ...(quotaGroup[0] as V1ResourceQuota), metadata: { ...quotaGroup[0]!.metadata, namespace: name } };
    const limits = { ...(quotaGroup[1] as V1LimitRange), metadata: { ...quotaGroup[1]!.metadata, namespace: name } };
    await core.createNamespacedResourceQuota({ namespace: name, body: quota });
    await core.createNamespacedLimitRange({ namespace: name, body: limits });
    // Every policy, the solver's and the loopback one included, is valid to the API server.
    for (const policy of bp.manifests['network-policies'].objects as V1NetworkPolicy[]) {
      await net.createNamespacedNetworkPolicy({
        namespace: name,
        body: { ...policy, metadata: { ...policy.metadata, namespace: name } },
      });
    }
    // The quota controller must have seen the quota before it can refuse anything.
    for (
      let tries = 0;
      !(await core.readNamespacedResourceQuota({ name: 'store-quota', namespace: name })).status?.hard;
      tries++
    ) {
      if (tries > 100) throw new Error('the quota never got a status');
      await new Promise((done) => setTimeout(done, 100));
    }

    for (const pod of storePods(bp, name)) await core.createNamespacedPod({ namespace: name, body: pod });
    for (const service of blueprintObjects(bp).filter((object) => object.kind === 'Service')) {
      await core.createNamespacedService({
        namespace: name,
        body: { ...service, metadata: { ...service.metadata, namespace: name } },
      });
    }

    const solverService = (type: 'ClusterIP' | 'NodePort') => ({
      metadata: { name: `cm-acme-http-solver-${type.toLowerCase()}`, namespace: name, labels: { ...ACME_SOLVER.labels } },
      spec: {
        type,
        selector: { ...ACME_SOLVER.labels },
        ports: [{ name: 'http', port: ACME_SOLVER.port, targetPort: ACME_SOLVER.port }],
      },
    });
    expect(await refusal(core.createNamespacedService({ namespace: name, body: solverService('NodePort') }))).toMatch(
      /exceeded quota: store-quota.*services\.nodeports/,
    );
    await core.createNamespacedService({ namespace: name, body: solverService('ClusterIP') });
    await core.createNamespacedPod({ namespace: name, body: solverPod(name) });
    await core.createNamespacedPod({ namespace: name, body: debugPod(name, 'debug') });
    // The headroom is what was promised, not unlimited: a second debug pod no longer fits.
    expect(await refusal(core.createNamespacedPod({ namespace: name, body: debugPod(name, 'debug-2') }))).toMatch(
      /exceeded quota: store-quota/,
    );
  });
});
