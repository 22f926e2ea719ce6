import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Options as HttpLogOptions } from 'pino-http';

import { loggerOptions, type LogSettings } from './logger-options.js';

/**
 * nestjs-pino with the shared options (level, redaction, format). `http` adds
 * pino-http's request logging options (the API); a process without HTTP (the
 * worker) leaves it out. Apps call `app.useLogger(app.get(Logger))` so Nest's
 * own `Logger` instances write through pino as well.
 */
@Module({})
export class LoggingModule {
  static forRoot(settings: LogSettings, http: Omit<HttpLogOptions, 'level' | 'redact' | 'transport'> = {}): DynamicModule {
    return {
      module: LoggingModule,
      imports: [LoggerModule.forRoot({ pinoHttp: { ...loggerOptions(settings), ...http } })],
      exports: [LoggerModule],
    };
  }
}
