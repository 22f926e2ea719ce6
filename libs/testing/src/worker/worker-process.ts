import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { QueueName } from '@storefleet/contracts';
import { JOB_DEFAULTS, JobQueues } from '@storefleet/queue';
import { Queue } from 'bullmq';

import { repoRoot } from '../index.js';

/** The environment a test worker runs with: the test's database and Redis, its own queue prefix and instance label. */
export function testWorkerEnv(databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  const id = randomBytes(3).toString('hex');
  return {
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL!,
    CREDENTIALS_KEY: process.env.CREDENTIALS_KEY!,
    QUEUE_PREFIX: `test-worker-${id}`,
    PLATFORM_INSTANCE: `test-${id}`,
    STORE_BASE_DOMAIN: 'stores.localtest.me',
    JOB_LOCK_SECONDS: '5',
    LOG_LEVEL: 'warn',
    METRICS_PORT: '0', // a free port each: tests run several workers at once
    ...extra,
  };
}

/** A worker as it runs in a pod: its own process, started from apps/worker/src/main.ts. */
export interface WorkerProcess {
  child: ChildProcess;
  log: string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<number | string>;
  kill(signal: NodeJS.Signals): Promise<number | string>;
}

const logDir = mkdtempSync(path.join(tmpdir(), 'storefleet-worker-'));
let started = 0;

/** Writes a kubeconfig to a file for worker processes (KUBECONFIG). */
export function writeKubeConfig(text: string, name = 'kubeconfig'): string {
  const file = path.join(logDir, name);
  writeFileSync(file, text, { mode: 0o600 });
  return file;
}

let built: Promise<string> | undefined;

/**
 * Builds the worker as `nx run worker:build` does (tsc, then tsc-alias), into
 * a folder of this run's own under tmp/, once per test file. Built code, not
 * tsx: the configuration's type conversion needs the decorator metadata only
 * tsc emits.
 */
export function buildWorker(): Promise<string> {
  built ??= (async () => {
    const outDir = path.join(repoRoot, 'tmp', `worker-build-${process.pid}`);
    rmSync(outDir, { recursive: true, force: true });
    const bin = (name: string) => path.join(repoRoot, 'node_modules/.bin', name);
    const run = promisify(execFile);
    await run(bin('tsc'), ['-p', 'apps/worker/tsconfig.app.json', '--outDir', outDir], { cwd: repoRoot });
    await run(bin('tsc-alias'), ['-p', 'apps/worker/tsconfig.app.json', '--outDir', outDir], { cwd: repoRoot });
    return path.join(outDir, 'apps/worker/src/main.js');
  })();
  return built;
}

/**
 * Starts the built worker with exactly `env` (plus PATH), logging to a file;
 * resolves once it has started: its first heartbeat (written after the Nest
 * app initialised, whatever LOG_LEVEL says).
 */
export async function startWorkerProcess(
  env: Record<string, string>,
  options: { waitForStart?: boolean } = {},
): Promise<WorkerProcess> {
  const main = await buildWorker();
  const n = ++started;
  const log = path.join(logDir, `worker-${n}.log`);
  const heartbeat = env.HEARTBEAT_FILE ?? path.join(logDir, `worker-${n}.heartbeat`);
  rmSync(heartbeat, { force: true });
  const out = createWriteStream(log);
  const child = spawn(path.join(repoRoot, 'node_modules/.bin/node'), [main], {
    cwd: repoRoot,
    env: { PATH: `${path.join(repoRoot, 'node_modules/.bin')}:${process.env.PATH}`, HOME: process.env.HOME ?? '/tmp', HEARTBEAT_FILE: heartbeat, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    out.write(chunk);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  const handle: WorkerProcess = {
    child,
    log,
    exited,
    kill: (signal) => {
      child.kill(signal);
      return exited;
    },
  };
  if (options.waitForStart === false) return handle;
  const until = Date.now() + 60_000;
  while (!existsSync(heartbeat)) {
    const code = await Promise.race([exited, new Promise<null>((resolve) => setTimeout(() => resolve(null), 100))]);
    if (code !== null) throw new Error(`worker exited (${String(code)}) before starting:\n${output}`);
    if (Date.now() > until) throw new Error(`worker did not start within 60 s:\n${output}`);
  }
  return handle;
}

/** Queues with the API's defaults under a test's prefix, without a Nest application. */
export function testQueues(redisUrl: string, prefix: string): { queues: JobQueues; close(): Promise<void> } {
  const make = (name: QueueName) =>
    new Queue(name, { connection: { url: redisUrl }, prefix, defaultJobOptions: JOB_DEFAULTS[name] });
  const all = [
    make(QueueName.Provisioning),
    make(QueueName.Teardown),
    make(QueueName.Reconcile),
    make(QueueName.Operations),
    make(QueueName.Backups),
  ] as const;
  return {
    queues: new JobQueues(...all),
    close: async () => {
      for (const queue of all) {
        await queue.obliterate({ force: true }).catch(() => undefined);
        await queue.close();
      }
    },
  };
}

/** Removes this run's build (call once its workers have exited). */
export function removeWorkerBuild(): void {
  rmSync(path.join(repoRoot, 'tmp', `worker-build-${process.pid}`), { recursive: true, force: true });
  built = undefined;
}
