import { type KubeConfig, type KubernetesListObject, type KubernetesObject, PatchStrategy, Watch } from '@kubernetes/client-node';

import { KubeError } from './errors.js';
import { StatusAwareObjectApi } from './object-api.js';
import { describeRef, type ObjectRef } from './resources.js';
import { DEFAULT_RETRY, type RetryPolicy, withRetry } from './retry.js';
import { TokenBucket } from './token-bucket.js';

export interface KubeClientOptions {
  /** Sustained requests per second to the API server. */
  qps: number;
  /** Requests allowed at once above the sustained rate. */
  burst: number;
  /** Field manager of every server-side apply. */
  fieldManager: string;
  /** A single request taking longer than this is abandoned and retried. */
  requestTimeoutMs: number;
  retry?: RetryPolicy;
}

export const DEFAULT_FIELD_MANAGER = 'storefleet-worker';

function refOf(object: KubernetesObject): ObjectRef {
  const { apiVersion, kind, metadata } = object;
  if (!apiVersion || !kind || !metadata?.name) throw new Error('A manifest needs apiVersion, kind and metadata.name');
  return { apiVersion, kind, name: metadata.name, ...(metadata.namespace ? { namespace: metadata.namespace } : {}) };
}

function header(ref: ObjectRef) {
  return {
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    metadata: { name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) },
  };
}

class RequestTimeoutError extends Error {
  override name = 'TimeoutError';
}

/**
 * Every call the platform makes to Kubernetes: rate limited (token bucket),
 * bounded in time, retried on transient errors, and classified on failure
 * (KubeError). Creates and deletes are repeatable: "already exists" and "not
 * found" are answers, not errors.
 */
export class KubeClient {
  readonly objects: StatusAwareObjectApi;
  readonly limiter: TokenBucket;
  private readonly watcher: Watch;
  private requests = 0;

  constructor(
    readonly kubeConfig: KubeConfig,
    readonly options: KubeClientOptions,
  ) {
    this.objects = kubeConfig.makeApiClient(StatusAwareObjectApi);
    this.limiter = new TokenBucket(options.qps, options.burst);
    this.watcher = new Watch(kubeConfig);
  }

  /** Requests sent so far (each retry counts), for metrics and benchmarks. */
  get requestCount(): number {
    return this.requests;
  }

  /** Runs one API call through the rate limiter, the timeout and the retry policy. */
  async call<T>(what: string, request: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return withRetry(
      what,
      async () => {
        await this.limiter.take(signal);
        this.requests++;
        return this.withTimeout(request());
      },
      { policy: this.options.retry ?? DEFAULT_RETRY, ...(signal ? { signal } : {}) },
    );
  }

  private async withTimeout<T>(promise: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new RequestTimeoutError(`no answer within ${this.options.requestTimeoutMs} ms`)),
        this.options.requestTimeoutMs,
      );
    });
    try {
      return await Promise.race([promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Server-side apply with the platform's field manager, taking ownership of
   * conflicting fields. Says whether the object had to be created.
   */
  async apply<T extends KubernetesObject>(object: T, signal?: AbortSignal): Promise<{ object: T; created: boolean }> {
    const ref = refOf(object);
    const { result, status } = await this.call(
      `apply ${describeRef(ref)}`,
      () =>
        StatusAwareObjectApi.withStatus(() =>
          this.objects.patch(object, undefined, undefined, this.options.fieldManager, true, PatchStrategy.ServerSideApply),
        ),
      signal,
    );
    return { object: result, created: status === 201 };
  }

  /** Creates the object unless one of that name exists; says which happened. */
  async createIfAbsent<T extends KubernetesObject>(object: T, signal?: AbortSignal): Promise<'created' | 'exists'> {
    const ref = refOf(object);
    try {
      await this.call(
        `create ${describeRef(ref)}`,
        () => this.objects.create(object, undefined, undefined, this.options.fieldManager),
        signal,
      );
      return 'created';
    } catch (error) {
      if (error instanceof KubeError && error.kind === 'already-exists') return 'exists';
      throw error;
    }
  }

  /** The object, or null when it does not exist. */
  async read<T extends KubernetesObject>(ref: ObjectRef, signal?: AbortSignal): Promise<T | null> {
    try {
      return await this.call(`read ${describeRef(ref)}`, () => this.objects.read<T>(header(ref)), signal);
    } catch (error) {
      if (error instanceof KubeError && error.kind === 'not-found') return null;
      throw error;
    }
  }

  /** Deletes the object (dependents in the background); an object already gone counts as deleted. */
  async delete(ref: ObjectRef, signal?: AbortSignal): Promise<'deleted' | 'absent'> {
    try {
      await this.call(
        `delete ${describeRef(ref)}`,
        () => this.objects.delete(header(ref), undefined, undefined, undefined, undefined, 'Background'),
        signal,
      );
      return 'deleted';
    } catch (error) {
      if (error instanceof KubeError && error.kind === 'not-found') return 'absent';
      throw error;
    }
  }

  /**
   * Opens a watch (one request through the rate limiter). `onEvent` gets each
   * event; `onDone` is called once when the stream ends, with the error if any.
   * Returns a function that closes the watch.
   */
  async watch(
    path: string,
    query: Record<string, string | number | boolean | undefined>,
    onEvent: (type: string, object: KubernetesObject & { code?: number; message?: string }) => void,
    onDone: (error: unknown) => void,
    signal?: AbortSignal,
  ): Promise<() => void> {
    await this.limiter.take(signal);
    this.requests++;
    const controller = await this.watcher.watch(
      path,
      query,
      (type: string, object: KubernetesObject) => onEvent(type, object),
      onDone,
    );
    return () => controller.abort();
  }

  async list<T extends KubernetesObject>(
    type: { apiVersion: string; kind: string },
    options: { namespace?: string; labelSelector?: string; fieldSelector?: string } = {},
    signal?: AbortSignal,
  ): Promise<KubernetesListObject<T>> {
    const where = options.namespace ? ` in ${options.namespace}` : '';
    return this.call(
      `list ${type.kind}${where}`,
      () =>
        this.objects.list<T>(
          type.apiVersion,
          type.kind,
          options.namespace,
          undefined,
          undefined,
          undefined,
          options.fieldSelector,
          options.labelSelector,
        ),
      signal,
    );
  }
}
