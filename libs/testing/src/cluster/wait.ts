import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
  makeInformer,
  type V1Deployment,
  type V1Job,
  type V1Namespace,
  type V1PersistentVolume,
  type V1PersistentVolumeClaim,
  type V1Pod,
  type V1StatefulSet,
} from '@kubernetes/client-node';

/** A collection to list and watch: its API path and how to list it. */
export interface Watched<T extends KubernetesObject> {
  path: string;
  list: () => Promise<KubernetesListObject<T>>;
  labelSelector?: string;
}

export interface WaitForOptions {
  /** Names what is awaited, for the timeout error (e.g. "the Job to complete"). */
  description: string;
  /** Gives up after this long; 60 s by default. */
  timeoutMs?: number;
}

/**
 * Lists and watches a collection (an informer) until `evaluate`, called with
 * every object currently there after each change, returns something other
 * than undefined; resolves with that. Rejects after the timeout, naming what
 * it waited for and the objects it last saw. A failed watch is restarted.
 */
export async function waitFor<T extends KubernetesObject, R>(
  kc: KubeConfig,
  watched: Watched<T>,
  evaluate: (objects: readonly T[]) => R | undefined,
  { description, timeoutMs = 60_000 }: WaitForOptions,
): Promise<R> {
  const informer = makeInformer<T>(kc, watched.path, watched.list, watched.labelSelector);
  let settle: (outcome: { result: R } | { error: Error }) => void = () => undefined;
  const outcome = new Promise<{ result: R } | { error: Error }>((resolve) => (settle = resolve));
  // The informer fires `add` per item while it fills its cache from the first
  // list: judging a half-filled cache could wrongly find something absent.
  let listed = false;
  let stopped = false;
  const check = () => {
    if (!listed || stopped) return;
    try {
      const result = evaluate(informer.list());
      if (result !== undefined) settle({ result });
    } catch (error) {
      settle({ error: error instanceof Error ? error : new Error(String(error)) });
    }
  };
  let restart: NodeJS.Timeout | undefined;
  informer.on('add', check);
  informer.on('update', check);
  informer.on('delete', check);
  // (Re)starts the informer. A failed list or watch is reported as an error
  // (or thrown) and retried a second later; the timeout bounds it all.
  let errored = false;
  const retry = () => {
    errored = true;
    listed = false;
    if (stopped) return;
    clearTimeout(restart);
    restart = setTimeout(() => void begin(), 1_000);
  };
  const begin = async () => {
    errored = false;
    try {
      await informer.start();
    } catch {
      retry();
      return;
    }
    if (errored || stopped) return;
    listed = true;
    check();
  };
  informer.on('error', retry);
  const timer = setTimeout(() => {
    const seen = informer
      .list()
      .map((object) => `${object.metadata?.name}: ${JSON.stringify((object as { status?: unknown }).status ?? {})}`)
      .join('\n  ');
    settle({
      error: new Error(`Timed out after ${timeoutMs} ms waiting for ${description}; last seen:\n  ${seen || '(nothing)'}`),
    });
  }, timeoutMs);
  try {
    await begin();
    const result = await outcome;
    if ('error' in result) throw result.error;
    return result.result;
  } finally {
    stopped = true;
    clearTimeout(timer);
    clearTimeout(restart);
    await informer.stop();
  }
}

export function watchPods(kc: KubeConfig, namespace: string, labelSelector?: string): Watched<V1Pod> {
  const core = kc.makeApiClient(CoreV1Api);
  return {
    path: `/api/v1/namespaces/${namespace}/pods`,
    list: () => core.listNamespacedPod({ namespace, ...(labelSelector ? { labelSelector } : {}) }),
    ...(labelSelector ? { labelSelector } : {}),
  };
}

export function watchClaims(kc: KubeConfig, namespace: string): Watched<V1PersistentVolumeClaim> {
  const core = kc.makeApiClient(CoreV1Api);
  return {
    path: `/api/v1/namespaces/${namespace}/persistentvolumeclaims`,
    list: () => core.listNamespacedPersistentVolumeClaim({ namespace }),
  };
}

export function watchVolumes(kc: KubeConfig): Watched<V1PersistentVolume> {
  const core = kc.makeApiClient(CoreV1Api);
  return { path: '/api/v1/persistentvolumes', list: () => core.listPersistentVolume() };
}

export function watchNamespaces(kc: KubeConfig): Watched<V1Namespace> {
  const core = kc.makeApiClient(CoreV1Api);
  return { path: '/api/v1/namespaces', list: () => core.listNamespace() };
}

export function watchDeployments(kc: KubeConfig, namespace: string): Watched<V1Deployment> {
  const apps = kc.makeApiClient(AppsV1Api);
  return { path: `/apis/apps/v1/namespaces/${namespace}/deployments`, list: () => apps.listNamespacedDeployment({ namespace }) };
}

export function watchStatefulSets(kc: KubeConfig, namespace: string): Watched<V1StatefulSet> {
  const apps = kc.makeApiClient(AppsV1Api);
  return {
    path: `/apis/apps/v1/namespaces/${namespace}/statefulsets`,
    list: () => apps.listNamespacedStatefulSet({ namespace }),
  };
}

export function watchJobs(kc: KubeConfig, namespace: string): Watched<V1Job> {
  const batch = kc.makeApiClient(BatchV1Api);
  return { path: `/apis/batch/v1/namespaces/${namespace}/jobs`, list: () => batch.listNamespacedJob({ namespace }) };
}

/** True when the pod's Ready condition is True (what Services and rollouts use). */
export function isPodReady(pod: V1Pod): boolean {
  return pod.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') ?? false;
}
