import type { LogLevel } from '@nestjs/common';

const ORDER: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
const FROM_ENV: Record<string, LogLevel | null> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  info: 'log',
  debug: 'debug',
  trace: 'verbose',
  silent: null,
};

/** Nest's logger levels for LOG_LEVEL (info = Nest's "log"; silent = none). */
export function nestLogLevels(level: string): LogLevel[] | false {
  const top = FROM_ENV[level];
  return top ? ORDER.slice(0, ORDER.indexOf(top) + 1) : false;
}
