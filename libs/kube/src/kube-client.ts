import {
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
  PatchStrategy,
  VersionApi,
  Watch,
} from '@kubernetes/client-node';

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
  /** Told about every request and every wait for the rate limiter (the worker's metrics). */
  observer?: KubeObserver;
  /**
   * Reads the credentials again (loadKubeConfig): when the cluster does not
   * answer, reachable() calls it and switches to what it returns if that
   * changed — the local cluster writes its kubeconfig only once it is built.
   */
  reloadConfig?: () => KubeConfig;
}

/** How long reachable() waits for the API server. */
const REACHABLE_TIMEOUT_MS = 3_000;

export type Reachability = { reachable: true } | { reachable: false; reason: string };

/** What a KubeClient reports as it goes (all optional; nothing is reported without an observer). */
export interface KubeObserver {
  /** One request sent (each retry counts): its verb ("apply", "read", ...) and HTTP status, or "timeout"/"error". */
  request(verb: string, code: string): void;
  /** Seconds a request waited for the rate limiter's token (0 when one was available). */
  rateLimitWait(seconds: number): void;
}

/** HTTP status of a failed request (client-node's ApiException), or what stood in for one. */
function failureCode(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'number') return String(code);
  return error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'error';
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
  readonly limiter: TokenBucket;
  private current!: { config: KubeConfig; text: string; objects: StatusAwareObjectApi; watcher: Watch; version: VersionApi };
  private requests = 0;

  constructor(
    kubeConfig: KubeConfig,
    readonly options: KubeClientOptions,
  ) {
    this.limiter = new TokenBucket(options.qps, options.burst);
    this.use(kubeConfig);
  }

  get kubeConfig(): KubeConfig {
    return this.current.config;
  }

  get objects(): StatusAwareObjectApi {
    return this.current.objects;
  }

  private use(config: KubeConfig): void {
    this.current = {
      config,
      text: config.exportConfig(),
      objects: config.makeApiClient(StatusAwareObjectApi),
      watcher: new Watch(config),
      version: config.makeApiClient(VersionApi),
    };
  }

  /**
   * Whether the API server answers (GET /version, which every identity may
   * read; any HTTP answer counts): one request through the rate limiter, no
   * retries, a short timeout.
   * When it does not answer and the credentials can be read again
   * (options.reloadConfig), a changed kubeconfig is taken and asked once more.
   */
  async reachable(): Promise<Reachability> {
    const first = await this.ask();
    if (first.reachable || !this.options.reloadConfig) return first;
    let fresh: KubeConfig;
    try {
      fresh = this.options.reloadConfig();
    } catch (error) {
      return { reachable: false, reason: `${first.reason}; ${error instanceof Error ? error.message : String(error)}` };
    }
    if (fresh.exportConfig() === this.current.text) return first;
    this.use(fresh);
    return this.ask();
  }

  private async ask(): Promise<Reachability> {
    const server = this.current.config.getCurrentCluster()?.server ?? 'no server';
    try {
      await this.throttle();
      this.requests++;
      const version = this.current.version;
      await this.withTimeout(version.getCode(), REACHABLE_TIMEOUT_MS);
      this.options.observer?.request('version', '200');
      return { reachable: true };
    } catch (error) {
      const code = failureCode(error);
      this.options.observer?.request('version', code);
      // An HTTP answer, even a refusal, is a cluster that is up: what the credentials may do is the pipeline's to report.
      if (/^\d+$/.test(code)) return { reachable: true };
      const message = error instanceof Error ? error.message : String(error);
      return { reachable: false, reason: `${server}: ${message.split('\n', 1)[0]!.slice(0, 300)}` };
    }
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
        await this.throttle(signal);
        this.requests++;
        const verb = what.split(' ', 1)[0]!;
        try {
          const result = await this.withTimeout(request());
          this.options.observer?.request(verb, '200');
          return result;
        } catch (error) {
          this.options.observer?.request(verb, failureCode(error));
          throw error;
        }
      },
      { policy: this.options.retry ?? DEFAULT_RETRY, ...(signal ? { signal } : {}) },
    );
  }

  /** Waits for the rate limiter's token, telling the observer how long that took. */
  private async throttle(signal?: AbortSignal): Promise<void> {
    const started = performance.now();
    await this.limiter.take(signal);
    this.options.observer?.rateLimitWait((performance.now() - started) / 1000);
  }

  private async withTimeout<T>(promise: Promise<T>, ms = this.options.requestTimeoutMs): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new RequestTimeoutError(`no answer within ${ms} ms`)), ms);
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
    await this.throttle(signal);
    this.requests++;
    this.options.observer?.request('watch', '200');
    const controller = await this.current.watcher.watch(
      path,
      query,
      (type: string, object: KubernetesObject) => onEvent(type, object),
      onDone,
    );
    return () => controller.abort();
  }

  /** One LIST request (one page of `limit` items when given; `continue` takes up where the last page ended). */
  async list<T extends KubernetesObject>(
    type: { apiVersion: string; kind: string },
    options: { namespace?: string; labelSelector?: string; fieldSelector?: string; limit?: number; continue?: string } = {},
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
          options.limit,
          options.continue,
        ),
      signal,
    );
  }

  /**
   * Every matching object, a page of `pageSize` at a time (each page one
   * request): a caller that keeps only what it needs of each page never
   * holds the whole collection, however large the cluster.
   */
  async *pages<T extends KubernetesObject>(
    type: { apiVersion: string; kind: string },
    options: { namespace?: string; labelSelector?: string; fieldSelector?: string; pageSize?: number } = {},
    signal?: AbortSignal,
  ): AsyncGenerator<T[]> {
    const { pageSize = 500, ...selection } = options;
    let token: string | undefined;
    do {
      const page = await this.list<T>(type, { ...selection, limit: pageSize, ...(token ? { continue: token } : {}) }, signal);
      yield page.items;
      token = page.metadata?._continue || undefined;
    } while (token);
  }
}
