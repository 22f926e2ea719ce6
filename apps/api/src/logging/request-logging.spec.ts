import type { IncomingMessage, ServerResponse } from 'node:http';

import { requestLogLevel } from './request-logging.js';

const level = (method: string, statusCode: number, error?: Error) =>
  requestLogLevel({ method } as IncomingMessage, { statusCode } as ServerResponse, error);

describe('requestLogLevel (the level of a request log line)', () => {
  it('logs successful reads at debug, and changes at info', () => {
    expect(level('GET', 200)).toBe('debug');
    expect(level('HEAD', 304)).toBe('debug');
    expect(level('POST', 202)).toBe('info');
    expect(level('PUT', 200)).toBe('info');
    expect(level('DELETE', 202)).toBe('info');
  });

  it('logs every refusal as a warning and every failure as an error, reads included', () => {
    expect(level('GET', 401)).toBe('warn');
    expect(level('GET', 404)).toBe('warn');
    expect(level('POST', 429)).toBe('warn');
    expect(level('GET', 503)).toBe('error');
    expect(level('GET', 200, new Error('aborted'))).toBe('error');
  });
});
