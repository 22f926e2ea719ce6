/**
 * Runs the backup and restore Jobs' scripts natively, the way their
 * containers do, for the round-trip tests: same scripts, same variables, the
 * presigned URLs as files (the Job's mounted Secret), no bucket key at all.
 * Test support only (not exported by the lib).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import type { TransferUrls } from '@storefleet/backups';

import { transferVariables } from './jobs.js';

const run = promisify(execFile);

/** A work dir (the Job's emptyDir) and a URLs dir (its Secret: one file per presigned URL, owner-readable). */
export async function jobDirs(urls: TransferUrls): Promise<{ work: string; urls: string }> {
  const root = await mkdtemp(path.join(tmpdir(), 'sf-backup-'));
  const urlsDir = path.join(root, 's3-urls');
  const work = path.join(root, 'work');
  await run('mkdir', ['-m', '700', urlsDir, work]);
  for (const [file, url] of Object.entries(urls)) await writeFile(path.join(urlsDir, file), url, { mode: 0o400 });
  return { work, urls: urlsDir };
}

/** The files of a URLs dir, as the Job would find them. */
export async function readUrls(urlsDir: string): Promise<Record<string, string>> {
  const urls: Record<string, string> = {};
  for (const file of await readdir(urlsDir)) urls[file] = await readFile(path.join(urlsDir, file), 'utf8');
  return urls;
}

/** The transfer container's variables, as the Job sets them, with the native URLs dir. */
export const transferEnv = transferVariables;

/** Runs one script with only PATH and the given variables; returns its stdout and stderr. */
export async function runScript(script: string, env: Record<string, string>): Promise<{ stdout: string; stderr: string }> {
  return run('/bin/sh', ['-c', script], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    maxBuffer: 16 * 1024 * 1024,
  });
}

/** A free TCP port on loopback. */
async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * A private MariaDB server from Debian's mariadb-server, with its own data
 * directory (under /var/tmp, reachable by the mysql user) and a free port:
 * it shares nothing with other MariaDB servers on the machine.
 */
export async function startNativeMariadb(): Promise<{ port: number; socket: string; stop: () => Promise<void> }> {
  const root = await mkdtemp('/var/tmp/sf-backup-mariadb-');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await run('chown', ['mysql:mysql', root]);
  const user = asRoot ? ['--user=mysql'] : [];
  const data = path.join(root, 'data');
  await run('mariadb-install-db', [
    '--no-defaults',
    ...user,
    `--datadir=${data}`,
    '--auth-root-authentication-method=socket',
    '--skip-test-db',
  ]);
  const port = await freePort();
  const socket = path.join(root, 'mysqld.sock');
  const { spawn } = await import('node:child_process');
  const server = spawn(
    'mariadbd',
    [
      '--no-defaults',
      ...user,
      `--datadir=${data}`,
      `--socket=${socket}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      '--skip-log-bin',
      '--innodb-buffer-pool-size=32M',
    ],
    { stdio: 'ignore' },
  );
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await run('mariadb', ['--no-defaults', `--socket=${socket}`, '-u', 'root', '-e', 'SELECT 1']);
      break;
    } catch (error) {
      if (Date.now() > deadline || server.exitCode !== null) throw error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return {
    port,
    socket,
    stop: async () => {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
      await run('rm', ['-rf', root]);
    },
  };
}
