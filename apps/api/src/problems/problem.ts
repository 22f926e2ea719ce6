import { type LimitName, type ProblemDetails, ProblemType } from '@storefleet/contracts';

/**
 * An error that already knows the problem+json it becomes. Services throw
 * these (through the helpers below); the global filter writes them.
 */
export class ProblemException extends Error {
  constructor(
    readonly problem: ProblemDetails,
    /** Extra response headers, e.g. Retry-After. */
    readonly headers: Record<string, string> = {},
  ) {
    super(problem.detail ?? problem.title);
    this.name = 'ProblemException';
  }
}

/** A dependency (Postgres, Redis) did not answer: the request is refused with 503 rather than left hanging. */
export class DependencyUnavailableError extends Error {
  constructor(
    readonly dependency: 'postgres' | 'redis',
    cause?: unknown,
  ) {
    super(`${dependency} is unavailable`, { cause });
    this.name = 'DependencyUnavailableError';
  }
}

export const problems = {
  notFound: (what = 'Resource') =>
    new ProblemException({ type: ProblemType.NotFound, title: 'Not found', status: 404, detail: `${what} not found` }),

  methodNotAllowed: (method: string, allowed: string[]) =>
    new ProblemException(
      {
        type: ProblemType.MethodNotAllowed,
        title: 'Method not allowed',
        status: 405,
        detail: `${method} is not allowed here; allowed: ${allowed.join(', ')}`,
      },
      { Allow: allowed.join(', ') },
    ),

  forbidden: (detail: string) => new ProblemException({ type: ProblemType.Forbidden, title: 'Forbidden', status: 403, detail }),

  unauthorized: (detail = 'Authentication is required') =>
    new ProblemException(
      { type: ProblemType.Unauthorized, title: 'Unauthorized', status: 401, detail },
      { 'WWW-Authenticate': 'Bearer' },
    ),

  conflict: (detail: string, extensions: Record<string, unknown> = {}) =>
    new ProblemException({ type: ProblemType.Conflict, title: 'Conflict', status: 409, detail, ...extensions }),

  nameTaken: (name: string) =>
    new ProblemException({
      type: ProblemType.NameTaken,
      title: 'Store name taken',
      status: 409,
      detail: `A live store is already called "${name}"`,
      name,
    }),

  limitExceeded: (limit: LimitName, max: number, current: number, retryAfterSeconds?: number) =>
    new ProblemException(
      {
        type: ProblemType.LimitExceeded,
        title: 'Limit exceeded',
        status: retryAfterSeconds === undefined ? 409 : 429,
        detail: `${limit} is ${max} and you are at ${current}`,
        limit,
        max,
        current,
      },
      retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) },
    ),

  rateLimited: (retryAfterSeconds: number, detail = 'Too many requests') =>
    new ProblemException(
      { type: ProblemType.RateLimited, title: 'Too many requests', status: 429, detail, retryAfterSeconds },
      { 'Retry-After': String(retryAfterSeconds) },
    ),

  domainTaken: (hostname: string) =>
    new ProblemException({
      type: ProblemType.DomainTaken,
      title: 'Domain taken',
      status: 409,
      detail: `The domain ${hostname} is already used by another store`,
      hostname,
    }),

  validation: (errors: { field: string; message: string }[], detail = 'The request is invalid') =>
    new ProblemException({ type: ProblemType.Validation, title: 'Invalid request', status: 400, detail, errors }),

  idempotencyMismatch: () =>
    new ProblemException({
      type: ProblemType.IdempotencyMismatch,
      title: 'Idempotency key reused',
      status: 422,
      detail: 'This Idempotency-Key was already used with a different request',
    }),

  credentialsUnavailable: () =>
    new ProblemException({
      type: ProblemType.CredentialsUnavailable,
      title: 'Credentials not available',
      status: 409,
      detail: 'The store has no admin login yet; it is created while the store provisions',
    }),
};
