import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { CoreV1Api, type KubeConfig, RbacAuthorizationV1Api, type V1ClusterRole } from '@kubernetes/client-node';
import { load as loadYaml } from 'js-yaml';

import { createTestNamespace, kubeConfigForServiceAccount, repoRoot } from '../index.js';

export const WORKER_RBAC_FILE = path.join(repoRoot, 'helm/store-platform/files/worker-rbac.yaml');

/** The ClusterRole the Helm chart renders for the worker, as written in its one file. */
export function workerClusterRole(): V1ClusterRole {
  return loadYaml(readFileSync(WORKER_RBAC_FILE, 'utf8')) as V1ClusterRole;
}

export interface WorkerIdentity {
  /** Authenticates as the ServiceAccount, with a real TokenRequest token. */
  kubeConfig: KubeConfig;
  /** The same, as kubeconfig YAML (for worker processes: write it and set KUBECONFIG). */
  kubeConfigText: string;
  username: string;
  remove(): Promise<void>;
}

/**
 * A ServiceAccount bound to exactly the worker's ClusterRole (from
 * helm/store-platform/files/worker-rbac.yaml), never cluster-admin: the
 * worker's tests run as what the chart deploys.
 */
export async function createWorkerIdentity(admin: KubeConfig): Promise<WorkerIdentity> {
  const suffix = randomBytes(3).toString('hex');
  const namespace = await createTestNamespace(admin, 'worker-sa');
  const rbac = admin.makeApiClient(RbacAuthorizationV1Api);
  const core = admin.makeApiClient(CoreV1Api);
  const name = `storefleet-worker-test-${suffix}`;
  await core.createNamespacedServiceAccount({ namespace: namespace.name, body: { metadata: { name: 'storefleet-worker' } } });
  const role = workerClusterRole();
  await rbac.createClusterRole({ body: { ...role, metadata: { name, labels: { 'storefleet.dev/test': 'true' } } } });
  await rbac.createClusterRoleBinding({
    body: {
      metadata: { name, labels: { 'storefleet.dev/test': 'true' } },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects: [{ kind: 'ServiceAccount', name: 'storefleet-worker', namespace: namespace.name }],
    },
  });
  const kubeConfig = await kubeConfigForServiceAccount(namespace.name, 'storefleet-worker', { expirationSeconds: 3 * 3600 });
  return {
    kubeConfig,
    kubeConfigText: kubeConfig.exportConfig(),
    username: `system:serviceaccount:${namespace.name}:storefleet-worker`,
    remove: async () => {
      await rbac.deleteClusterRoleBinding({ name }).catch(() => undefined);
      await rbac.deleteClusterRole({ name }).catch(() => undefined);
      await namespace.remove().catch(() => undefined);
    },
  };
}
