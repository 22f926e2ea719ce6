import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { startHeartbeat } from './heartbeat.js';

describe('the worker heartbeat', () => {
  it('touches its file at once and again every interval, and stops when told', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'heartbeat-')), 'beat');
    const stop = startHeartbeat(file, 50);
    const first = statSync(file).mtimeMs;
    expect(Date.parse(readFileSync(file, 'utf8').trim())).toBeGreaterThan(Date.now() - 5_000);
    await new Promise((done) => setTimeout(done, 200));
    const later = statSync(file).mtimeMs;
    expect(later).toBeGreaterThan(first);
    stop();
    const stopped = statSync(file).mtimeMs;
    await new Promise((done) => setTimeout(done, 200));
    expect(statSync(file).mtimeMs).toBe(stopped);
  });
});
