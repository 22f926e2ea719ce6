import type { IncomingMessage } from 'node:http';

import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

import type { ApiEnv } from '../config/api-config.js';

/** Paths pino replaces with "[redacted]": credentials must never reach the logs. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'password',
  'refreshToken',
  'accessToken',
  'token',
  'credentials',
  'adminCredentials',
  '*.password',
  '*.refreshToken',
  '*.accessToken',
  '*.token',
  '*.credentials',
  '*.adminCredentials',
  '*.*.password',
  '*.*.refreshToken',
  '*.*.accessToken',
];

/** A URL safe to log: the stream's access_token query parameter (and anything token-like) is masked. */
export function safeUrl(url: string): string {
  return url.replace(/([?&](?:access_token|token|refresh_token)=)[^&#]*/gi, '$1[redacted]');
}

/** Structured JSON logs (pino) with per-request context; no bodies, no secrets. */
@Module({})
export class LoggingModule {
  static forRoot(config: ApiEnv): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.LOG_LEVEL,
            redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
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
        }),
      ],
    };
  }
}
