import { Writable } from 'node:stream';

import { pino } from 'pino';

import { loggerOptions } from './logger-options.js';
import { safeUrl } from './redaction.js';

describe('log redaction (the options the API and the worker log with)', () => {
  function capture(entry: object): string {
    let out = '';
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        out += chunk.toString();
        done();
      },
    });
    pino(loggerOptions({ level: 'info', format: 'json' }), sink).info(entry, 'test');
    return out;
  }

  it('never writes passwords, tokens, credentials or authorization headers', () => {
    const line = capture({
      req: { headers: { authorization: 'Bearer abc.def.ghi', cookie: 'session=1' } },
      password: 'hunter2-password',
      body: { password: 'nested-password', refreshToken: 'refresh-123', credentials: { password: 'x' } },
      result: { accessToken: 'jwt-456' },
      store: { adminCredentials: 'v1.sealed' },
    });
    for (const secret of [
      'abc.def.ghi',
      'session=1',
      'hunter2-password',
      'nested-password',
      'refresh-123',
      'jwt-456',
      'v1.sealed',
    ]) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain('[redacted]');
  });

  it('masks tokens in logged URLs (the live stream takes one in its query)', () => {
    expect(safeUrl('/api/v1/stores/stream?access_token=eyJ.abc.def&x=1')).toBe(
      '/api/v1/stores/stream?access_token=[redacted]&x=1',
    );
    expect(safeUrl('/api/v1/stores?status=ready')).toBe('/api/v1/stores?status=ready');
  });
});
