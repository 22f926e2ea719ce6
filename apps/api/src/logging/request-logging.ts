import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';

import { API_PREFIX } from '@storefleet/contracts';
import { safeUrl } from '@storefleet/logging';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { PinoLogger } from 'nestjs-pino';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Probes and scrapes: frequent, and counted in /metrics. */
const UNLOGGED = new RegExp(`^${API_PREFIX}/(health|ready|metrics)$`);

/**
 * The level of a request's log line: failures always (5xx error, 4xx warn),
 * changes at info, and successful reads — the bulk of the traffic, already
 * counted by method, route and status in /metrics — at debug (LOG_LEVEL=debug
 * logs them). Writing a line for every read cost about a tenth of the API's
 * CPU on the store list (docs/benchmarks.md).
 */
export function requestLogLevel(req: IncomingMessage, res: ServerResponse, error?: Error): 'error' | 'warn' | 'info' | 'debug' {
  if (error || res.statusCode >= 500) return 'error';
  if (res.statusCode >= 400) return 'warn';
  return READS.has(req.method ?? '') ? 'debug' : 'info';
}

/**
 * Request logging. Everything logged while a request is served carries its
 * `reqId` (the X-Request-Id, requestIdMiddleware); when the response closes,
 * one line at requestLogLevel: method, URL (tokens masked), client IP (as
 * trust proxy sees it), user agent, user, status and milliseconds. No body,
 * no header values. Nothing is built for a line whose level is off.
 */
export function requestLogging(logger: PinoLogger): RequestHandler {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!UNLOGGED.test(req.path)) {
      const started = performance.now();
      res.once('close', () => {
        const level = requestLogLevel(req, res);
        // Outside the request's context here: the root logger, with the id written out.
        const root = logger.logger;
        if (!root.isLevelEnabled(level)) return;
        root[level](
          {
            // Flat fields: pino-http's req/res serializers (nestjs-pino installs them on the root logger) expect the raw objects.
            reqId: req.id,
            method: req.method,
            url: safeUrl(req.originalUrl),
            statusCode: res.statusCode,
            responseTime: Math.round(performance.now() - started),
            remoteAddress: req.ip,
            userAgent: req.headers['user-agent'],
            ...(req.user ? { userId: req.user.id } : {}),
            // The client went away before the response was complete (a closed live stream, a dropped connection).
            ...(res.writableFinished ? {} : { aborted: true }),
          },
          res.statusCode >= 500 ? 'request failed' : 'request completed',
        );
      });
    }
    logger.runInContext(next, { bindings: { reqId: req.id } });
  };
}
