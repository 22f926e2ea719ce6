import type { IncomingMessage } from 'node:http';

import { type DynamicModule, Module } from '@nestjs/common';
import { LoggingModule as SharedLogging, safeUrl } from '@storefleet/logging';

import type { ApiEnv } from '../config/api-config.js';

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
            customLogLevel: (_req, res, error) =>
              error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
          },
        ),
      ],
    };
  }
}
