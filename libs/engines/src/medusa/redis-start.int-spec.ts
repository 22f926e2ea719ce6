/**
 * The store Redis's start command (medusa/data.ts), run for real with
 * Debian's redis-server: the password reaches Redis through a file only its
 * user can read, never through the process arguments (/proc/<pid>/cmdline is
 * readable by every process on the node).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from '@jest/globals';

import { REDIS_START } from './data.js';

let server: ChildProcess | undefined;
afterEach(() => {
  server?.kill('SIGTERM');
});

const cli = (port: number, args: string[], password?: string) =>
  spawnSync('redis-cli', ['-p', String(port), ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, ...(password ? { REDISCLI_AUTH: password } : {}) },
  }).stdout.trim();

describe('the store Redis', () => {
  it('requires the password from the Secret without it ever being an argument', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'store-redis-'));
    const [run, data] = [path.join(root, 'run'), path.join(root, 'data')];
    mkdirSync(run);
    mkdirSync(data);
    const port = 20000 + Math.floor(Math.random() * 20000);
    const password = randomBytes(16).toString('hex');
    // The container's paths, moved into this test's folder, and a free port.
    const command = REDIS_START.replaceAll('/run/redis', run)
      .replaceAll('dir /data', `dir ${data}`)
      .concat(` --port ${port} --bind 127.0.0.1`);
    server = spawn('sh', ['-c', command], { env: { PATH: process.env.PATH, REDIS_PASSWORD: password }, stdio: 'ignore' });

    const deadline = Date.now() + 20_000;
    while (cli(port, ['ping'], password) !== 'PONG') {
      if (Date.now() > deadline) throw new Error('redis-server did not answer');
      await new Promise((done) => setTimeout(done, 100));
    }
    expect(cli(port, ['ping'])).toContain('NOAUTH');
    expect(cli(port, ['config', 'get', 'appendonly'], password)).toContain('yes');
    // exec: the shell became redis-server, whose arguments hold no secret.
    const cmdline = readFileSync(`/proc/${server.pid}/cmdline`, 'utf8');
    expect(cmdline).toContain('redis-server');
    expect(cmdline).not.toContain(password);
    expect(statSync(path.join(run, 'redis.conf')).mode & 0o077).toBe(0);
  });
});
