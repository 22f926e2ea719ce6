/**
 * scripts/lib.sh's ensure_apt against a real lock: while another process holds
 * apt's/dpkg's lock it waits, says who holds it, and gives up with a clear error
 * after APT_LOCK_TIMEOUT; once the lock is free it carries on to apt-get.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { repoRoot } from '@storefleet/testing';

// A package that is not installed (and does not exist), so ensure_apt has work to do.
const MISSING = 'storefleet-no-such-package';

function runEnsureApt(env: Record<string, string>): Promise<{ code: number | null; stderr: string; seconds: number }> {
  const started = Date.now();
  const child = spawn('bash', ['-c', `source scripts/lib.sh; ensure_apt ${MISSING}`], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr, seconds: (Date.now() - started) / 1000 })));
}

/** Starts `command`, which takes the lock and prints "locked" once it holds it. */
async function holdLock(command: string, args: string[]): Promise<ChildProcess> {
  const holder = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    holder.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
    holder.on('exit', (code) => reject(new Error(`${command} exited (${code}) before taking the lock`)));
  });
  return holder;
}

const release = (holder: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (holder.exitCode !== null) return resolve();
    holder.on('exit', () => resolve());
    holder.kill('SIGTERM');
  });

describe('ensure_apt waits for the apt/dpkg lock', () => {
  it('names the holder of /var/lib/dpkg/lock-frontend (flock) and gives up after APT_LOCK_TIMEOUT', async () => {
    const holder = await holdLock('flock', ['/var/lib/dpkg/lock-frontend', 'sh', '-c', 'echo locked; exec sleep 60']);
    try {
      const result = await runEnsureApt({ APT_LOCK_TIMEOUT: '3' });
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(`waiting for the apt/dpkg lock, held by ${holder.pid} (flock), to install ${MISSING}`);
      expect(result.stderr).toMatch(/gave up after 3s waiting for the apt\/dpkg lock \(held by: \d+ \(flock\)\)/);
      expect(result.stderr).not.toContain('installing Debian packages');
      expect(result.seconds).toBeGreaterThanOrEqual(2);
    } finally {
      await release(holder);
    }
  });

  it('sees a dpkg-style fcntl lock, and carries on to apt-get once it is released', async () => {
    // apt and dpkg take POSIX (fcntl) locks. A private lock file (APT_LOCKS) keeps the
    // machine's own apt usable meanwhile; perl is part of every Debian system.
    const dir = mkdtempSync(path.join(tmpdir(), 'apt-lock-'));
    const lockFile = path.join(dir, 'lock-frontend');
    writeFileSync(lockFile, '');
    const perl = `use Fcntl; open(my $f, '+<', $ARGV[0]) or die $!;
      fcntl($f, F_SETLKW, pack('s s x4 q q i x4', F_WRLCK, SEEK_SET, 0, 0, 0)) or die $!;
      $| = 1; print "locked\\n"; sleep 3; exit 0;`;
    const holder = await holdLock('perl', ['-e', perl, lockFile]);
    try {
      const result = await runEnsureApt({ APT_LOCK_TIMEOUT: '60', APT_LOCKS: lockFile });
      expect(result.stderr).toContain(`waiting for the apt/dpkg lock, held by ${holder.pid} (perl), to install ${MISSING}`);
      // Released after ~3 s: ensure_apt went on to apt-get, which fails on the unknown package (not on the lock).
      expect(result.stderr).toContain(`installing Debian packages: ${MISSING}`);
      expect(result.stderr).not.toContain('gave up');
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/Unable to locate package storefleet-no-such-package/);
    } finally {
      await release(holder);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
