import type { LoggerOptions } from 'pino';

import { REDACTED_PATHS } from './redaction.js';

/** `json`: one JSON object a line (containers, log collectors); `pretty`: coloured lines for a terminal (`npm start`). */
export type LogFormat = 'json' | 'pretty';

export interface LogSettings {
  /** pino level: fatal, error, warn, info, debug, trace or silent. */
  level: string;
  format: LogFormat;
}

/**
 * The pino options every Storefleet process logs with: its level, the shared
 * redaction, and pino-pretty (a development dependency, never in the images)
 * only when asked for.
 */
export function loggerOptions({ level, format }: LogSettings): LoggerOptions {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    ...(format === 'pretty'
      ? {
          transport: {
            target: 'pino-pretty',
            options: { colorize: true, singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' },
          },
        }
      : {}),
  };
}
