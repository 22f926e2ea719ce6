import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';

import { loggerOptions, type LogSettings } from './logger-options.js';

/**
 * nestjs-pino with the shared options (level, redaction, format). Apps call
 * `app.useLogger(app.get(Logger))` so Nest's own `Logger` instances write
 * through pino as well.
 *
 * nestjs-pino mounts no HTTP middleware (`forRoutes: []`): pino-http's
 * serialised every request into a child logger, read or not. The API logs
 * requests with its own middleware (apps/api/src/logging/request-logging.ts),
 * which gives each request its logging context through `PinoLogger.runInContext`.
 */
@Module({})
export class LoggingModule {
  /** `destination`: where the lines go instead of stdout (a test reading what was logged). */
  static forRoot(settings: LogSettings, destination?: DestinationStream): DynamicModule {
    const options = loggerOptions(settings);
    return {
      module: LoggingModule,
      imports: [LoggerModule.forRoot({ pinoHttp: destination ? [options, destination] : options, forRoutes: [] })],
      exports: [LoggerModule],
    };
  }
}
