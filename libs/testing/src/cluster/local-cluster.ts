import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import { CoreV1Api, Health, KubeConfig } from '@kubernetes/client-node';

import { repoRoot } from '../local-env.js';
import { deleteStaleTestNamespaces } from './namespaces.js';

/** The admin kubeconfig that scripts/cluster/up.sh writes. */
export const LOCAL_KUBECONFIG = path.join(repoRoot, '.local/kubeconfig');
const PIDS_DIR = path.join(repoRoot, '.local/kwok/clusters/storefleet/pids');
const COMPONENTS = 5; // etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok-controller

/**
 * Hook timeout for a beforeAll that calls ensureCluster(). Usually it returns
 * in milliseconds (running) or seconds (start); on a machine without the
 * binaries it first builds them from source (about 20 minutes on 2 cores).
 * `npm test` runs that build before jest starts.
 */
export const CLUSTER_START_TIMEOUT_MS = 45 * 60_000;

/** The local control plane's admin credentials (system:masters), as a KubeConfig. */
export function kubeConfigForAdmin(): KubeConfig {
  if (!existsSync(LOCAL_KUBECONFIG))
    throw new Error(`No ${LOCAL_KUBECONFIG}: call ensureCluster() first (or npm run cluster:up)`);
  const kc = new KubeConfig();
  kc.loadFromFile(LOCAL_KUBECONFIG);
  return kc;
}

function componentsAlive(): boolean {
  if (!existsSync(PIDS_DIR)) return false;
  const files = readdirSync(PIDS_DIR).filter((file) => file.endsWith('.pid'));
  if (files.length !== COMPONENTS) return false;
  return files.every((file) => {
    try {
      process.kill(Number(readFileSync(path.join(PIDS_DIR, file), 'utf8').trim()), 0);
      return true;
    } catch {
      return false;
    }
  });
}

async function apiServerReady(): Promise<boolean> {
  try {
    return await new Health(kubeConfigForAdmin()).readyz({ timeout: 2_000 });
  } catch {
    return false;
  }
}

let started: Promise<KubeConfig> | undefined;

/**
 * Starts the local control plane (scripts/cluster/up.sh) unless it already
 * runs, points process.env.KUBECONFIG at it — so code under test that calls
 * loadFromDefault() reaches it, never a real cluster — and returns the admin
 * KubeConfig. Call it in beforeAll with CLUSTER_START_TIMEOUT_MS.
 */
export function ensureCluster(): Promise<KubeConfig> {
  started ??= (async () => {
    if (!componentsAlive() || !(await apiServerReady())) {
      await promisify(execFile)('bash', [path.join(repoRoot, 'scripts/cluster/up.sh')], {
        cwd: repoRoot,
        timeout: CLUSTER_START_TIMEOUT_MS,
        maxBuffer: 64 * 1024 * 1024,
      });
    }
    process.env.KUBECONFIG = LOCAL_KUBECONFIG;
    const kc = kubeConfigForAdmin();
    await deleteStaleTestNamespaces(kc);
    return kc;
  })();
  started.catch(() => (started = undefined));
  return started;
}

export interface ServiceAccountTokenOptions {
  /** Lifetime of the token; the API server accepts 600 (ten minutes) or more. */
  expirationSeconds?: number;
  /** Audiences of the token; the API server's own by default. */
  audiences?: string[];
}

/**
 * A KubeConfig that authenticates as the ServiceAccount `namespace/name` with
 * a real bound token minted by the TokenRequest API, so RBAC is tested as the
 * API server enforces it. The ServiceAccount must exist.
 */
export async function kubeConfigForServiceAccount(
  namespace: string,
  name: string,
  { expirationSeconds = 600, audiences }: ServiceAccountTokenOptions = {},
): Promise<KubeConfig> {
  const admin = kubeConfigForAdmin();
  const request = await admin.makeApiClient(CoreV1Api).createNamespacedServiceAccountToken({
    name,
    namespace,
    body: { spec: { expirationSeconds, ...(audiences ? { audiences } : {}) } },
  });
  const token = request.status?.token;
  if (!token) throw new Error(`The API server returned no token for ServiceAccount ${namespace}/${name}`);

  const cluster = admin.getCurrentCluster();
  if (!cluster) throw new Error(`${LOCAL_KUBECONFIG} has no current cluster`);
  const user = `system:serviceaccount:${namespace}:${name}`;
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [cluster],
    users: [{ name: user, token }],
    contexts: [{ name: user, cluster: cluster.name, user, namespace }],
    currentContext: user,
  });
  return kc;
}
