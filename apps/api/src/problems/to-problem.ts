import { HttpException } from '@nestjs/common';
import { IllegalStoreTransitionError, type ProblemDetails, ProblemType } from '@storefleet/contracts';
import { isDatabaseUnavailableError } from '@storefleet/db';

import { DependencyUnavailableError, ProblemException } from './problem.js';

export interface ProblemResponse {
  problem: ProblemDetails;
  headers: Record<string, string>;
  /** Unexpected errors are logged with their stack; expected ones are not. */
  unexpected: boolean;
}

const TYPE_BY_STATUS: Record<number, [string, string]> = {
  400: [ProblemType.Validation, 'Invalid request'],
  401: [ProblemType.Unauthorized, 'Unauthorized'],
  403: [ProblemType.Forbidden, 'Forbidden'],
  404: [ProblemType.NotFound, 'Not found'],
  405: [ProblemType.MethodNotAllowed, 'Method not allowed'],
  409: [ProblemType.Conflict, 'Conflict'],
  413: [ProblemType.Validation, 'Payload too large'],
  415: [ProblemType.Validation, 'Unsupported media type'],
  422: [ProblemType.Validation, 'Unprocessable request'],
  429: [ProblemType.RateLimited, 'Too many requests'],
  503: [ProblemType.Unavailable, 'Service unavailable'],
};

/** Redis client errors that mean "not connected" or "did not answer" (ioredis, BullMQ). */
export function isRedisUnavailableError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    error.name === 'MaxRetriesPerRequestError' ||
    /enableOfflineQueue|Connection is closed|Command timed out|ECONNREFUSED|ECONNRESET|Redis connection|Stream isn't writeable/i.test(
      error.message,
    )
  );
}

function unavailable(dependency: string): ProblemResponse {
  return {
    problem: {
      type: ProblemType.Unavailable,
      title: 'Service unavailable',
      status: 503,
      detail: `A service the API depends on (${dependency}) is unavailable; try again shortly`,
    },
    headers: { 'Retry-After': '5' },
    unexpected: false,
  };
}

function fromHttpException(exception: HttpException): ProblemResponse {
  const status = exception.getStatus();
  const [type, title] = TYPE_BY_STATUS[status] ?? [status >= 500 ? ProblemType.Internal : ProblemType.Conflict, 'Error'];
  const body = exception.getResponse();
  const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
  const detail = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : exception.message;
  return {
    problem: { type, title, status, detail: status >= 500 ? 'The server could not complete the request' : detail },
    headers: status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {},
    unexpected: status >= 500,
  };
}

/** Turns anything thrown while handling a request into RFC 9457 problem details. Never exposes a stack. */
export function toProblem(exception: unknown): ProblemResponse {
  if (exception instanceof ProblemException)
    return { problem: { ...exception.problem }, headers: exception.headers, unexpected: false };
  if (exception instanceof DependencyUnavailableError) return unavailable(exception.dependency);
  if (exception instanceof IllegalStoreTransitionError) {
    return {
      problem: {
        type: ProblemType.IllegalTransition,
        title: 'Illegal status transition',
        status: 409,
        detail: `The store is ${exception.from}; it cannot become ${exception.to}`,
        currentStatus: exception.from,
      },
      headers: {},
      unexpected: false,
    };
  }
  if (exception instanceof HttpException) return fromHttpException(exception);
  if (isDatabaseUnavailableError(exception)) return unavailable('postgres');
  if (isRedisUnavailableError(exception)) return unavailable('redis');
  // body-parser and other connect-style errors carry a 4xx status
  const status = (exception as { status?: unknown; statusCode?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const [type, title] = TYPE_BY_STATUS[status] ?? [ProblemType.Validation, 'Invalid request'];
    const bodyType = (exception as { type?: unknown }).type;
    const detail = bodyType === 'entity.parse.failed' ? 'The request body is not valid JSON' : title;
    return { problem: { type, title, status, detail }, headers: {}, unexpected: false };
  }
  return {
    problem: {
      type: ProblemType.Internal,
      title: 'Internal server error',
      status: 500,
      detail: 'The server could not complete the request',
    },
    headers: {},
    unexpected: true,
  };
}
