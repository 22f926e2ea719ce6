import { randomBytes } from 'node:crypto';

import { CoreV1Api, type KubeConfig, type V1ServiceAccount } from '@kubernetes/client-node';

import { waitFor, watchNamespaces } from './wait.js';

/** Label on every namespace a test creates, to find leftovers of interrupted runs. */
export const TEST_NAMESPACE_LABEL = 'storefleet.dev/test';

export interface TestNamespace {
  name: string;
  /** Deletes the namespace and (unless `wait: false`) waits until the API server has finalised it. */
  remove(options?: DeleteNamespaceOptions): Promise<void>;
}

/**
 * Creates a namespace of its own for a test (`t-<prefix>-<random>`) and waits
 * for its `default` ServiceAccount: until the controller-manager has made it,
 * the ServiceAccount admission plugin refuses pods there.
 */
export async function createTestNamespace(
  kc: KubeConfig,
  prefix: string,
  labels: Record<string, string> = {},
): Promise<TestNamespace> {
  const core = kc.makeApiClient(CoreV1Api);
  const name = `t-${prefix
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 40)}-${randomBytes(3).toString('hex')}`;
  await core.createNamespace({ body: { metadata: { name, labels: { ...labels, [TEST_NAMESPACE_LABEL]: 'true' } } } });
  await waitFor<V1ServiceAccount, true>(
    kc,
    { path: `/api/v1/namespaces/${name}/serviceaccounts`, list: () => core.listNamespacedServiceAccount({ namespace: name }) },
    (accounts) => (accounts.some((account) => account.metadata?.name === 'default') ? true : undefined),
    { description: `the default ServiceAccount of namespace ${name}`, timeoutMs: 30_000 },
  );
  return { name, remove: (options) => deleteNamespace(kc, name, options) };
}

export interface DeleteNamespaceOptions {
  /** Wait until the namespace is gone, finalisers and all (the default), or only ask for its deletion. */
  wait?: boolean;
  timeoutMs?: number;
}

/** Deletes a namespace (if there) and, by default, waits until it is gone. */
export async function deleteNamespace(
  kc: KubeConfig,
  name: string,
  { wait = true, timeoutMs = 90_000 }: DeleteNamespaceOptions = {},
): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  try {
    await core.deleteNamespace({ name });
  } catch (error) {
    if ((error as { code?: number }).code !== 404) throw error;
  }
  if (!wait) return;
  await waitFor(
    kc,
    watchNamespaces(kc),
    (namespaces) => (namespaces.some((ns) => ns.metadata?.name === name) ? undefined : true),
    {
      description: `namespace ${name} to be finalised`,
      timeoutMs,
    },
  );
}

/**
 * Deletes test namespaces (TEST_NAMESPACE_LABEL) older than `olderThanMs`:
 * leftovers of interrupted runs. The age keeps it off the namespaces of test
 * runs still going on against the same cluster.
 */
export async function deleteStaleTestNamespaces(kc: KubeConfig, olderThanMs = 60 * 60_000): Promise<string[]> {
  const core = kc.makeApiClient(CoreV1Api);
  const { items } = await core.listNamespace({ labelSelector: `${TEST_NAMESPACE_LABEL}=true` });
  const stale = items
    .filter(
      (ns) =>
        !ns.metadata?.deletionTimestamp &&
        Date.now() - new Date(ns.metadata?.creationTimestamp ?? Date.now()).getTime() > olderThanMs,
    )
    .map((ns) => ns.metadata!.name!);
  await Promise.all(stale.map((name) => deleteNamespace(kc, name, { wait: false })));
  return stale;
}
