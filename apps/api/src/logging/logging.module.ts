import type { IncomingMessage, ServerResponse } from 'node:http';

import { type DynamicModule, Module } from '@nestjs/common';
import { LoggingModule as SharedLogging, safeUrl } from '@storefleet/logging';

import type { ApiEnv } from '../config/api-config.js';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

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

/** Structured JSON logs (pino) with per-request context; no bodies, no secrets. */
@Module({})
export class LoggingModule {
  static forRoot(config: ApiEnv): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        SharedLogging.forRoot(
          { level: config.LOG_LEVEL, format: config.LOG_FORMAT },
          {
            genReqId: (req: IncomingMessage) => (req as IncomingMessage & { id?: string }).id ?? 'unknown',
            customProps: (req: IncomingMessage) => {
              const user = (req as IncomingMessage & { user?: { id: string } }).user;
              return user ? { userId: user.id } : {};
            },
            serializers: {
              req: (req: {
                id: string;
                method: string;
                url: string;
                headers: Record<string, unknown>;
                remoteAddress?: string;
              }) => ({
                id: req.id,
                method: req.method,
                url: safeUrl(req.url),
                remoteAddress: req.remoteAddress,
                userAgent: req.headers['user-agent'],
                authorization: req.headers.authorization ? '[redacted]' : undefined,
              }),
            },
            autoLogging: {
              ignore: (req: IncomingMessage) => /\/api\/v1\/(health|ready|metrics)$/.test(req.url?.split('?')[0] ?? ''),
            },
            customLogLevel: requestLogLevel,
          },
        ),
      ],
    };
  }
}
