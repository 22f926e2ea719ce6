import { ApiException } from '@kubernetes/client-node';

/**
 * How a failed Kubernetes call should be treated:
 *  - not-found / already-exists: answers the caller can act on (delete and create are repeatable);
 *  - transient: retry with backoff (409 conflicts, 429, 5xx, timeouts, dropped connections,
 *    a namespace still terminating, a new quota not yet counted);
 *  - permanent: retrying cannot help (quota exceeded, invalid manifest, forbidden by RBAC).
 */
export type KubeErrorKind = 'not-found' | 'already-exists' | 'transient' | 'permanent';

export class KubeError extends Error {
  constructor(
    readonly kind: KubeErrorKind,
    message: string,
    readonly status: number | null,
    readonly reason: string | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'KubeError';
  }

  get transient(): boolean {
    return this.kind === 'transient';
  }
}

interface StatusBody {
  message?: string;
  reason?: string;
  code?: number;
}

function parseStatus(body: unknown): StatusBody {
  if (typeof body === 'object' && body !== null) return body;
  if (typeof body === 'string' && body.startsWith('{')) {
    try {
      return JSON.parse(body) as StatusBody;
    } catch {
      return { message: body };
    }
  }
  return typeof body === 'string' && body ? { message: body } : {};
}

const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

function networkCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

function kindOfStatus(status: number, body: StatusBody): KubeErrorKind {
  const message = body.message ?? '';
  if (status === 404) return 'not-found';
  if (status === 409) return body.reason === 'AlreadyExists' ? 'already-exists' : 'transient';
  if (status === 429 || status === 401 || status >= 500) return 'transient';
  // Creating inside a namespace that is being deleted: it will be gone shortly.
  if (status === 403 && /being terminated/.test(message)) return 'transient';
  // A ResourceQuota the quota controller has not counted yet: admission refuses everything it
  // covers until the controller fills in its status, which takes a moment (longer under load).
  if (status === 403 && /status unknown for quota/.test(message)) return 'transient';
  return 'permanent';
}

/** Turns anything a client-node call threw into a KubeError. */
export function classifyKubeError(error: unknown, what = 'Kubernetes request'): KubeError {
  if (error instanceof KubeError) return error;
  if (error instanceof ApiException) {
    const status = error.code;
    const body = parseStatus(error.body);
    const detail = body.message ?? `HTTP ${status}`;
    return new KubeError(kindOfStatus(status, body), `${what}: ${detail}`, status, body.reason ?? null, { cause: error });
  }
  const name = (error as { name?: string } | null)?.name;
  const code = networkCode(error);
  const message = error instanceof Error ? error.message : String(error);
  if (
    name === 'TimeoutError' ||
    name === 'AbortError' ||
    (code && TRANSIENT_NETWORK_CODES.has(code)) ||
    /fetch failed|socket hang up/i.test(message)
  ) {
    return new KubeError('transient', `${what}: ${code ?? name ?? 'network error'} (${message})`, null, code ?? null, {
      cause: error,
    });
  }
  return new KubeError('permanent', `${what}: ${message}`, null, null, { cause: error });
}
