import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { QueueName } from '@storefleet/contracts';
import { JOB_DEFAULTS, JobQueues } from '@storefleet/queue';
import { repoRoot } from '@storefleet/testing';
import { Queue } from 'bullmq';

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
export function writeKubeConfig(text: string): string {
  const file = path.join(logDir, 'kubeconfig');
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

/** Starts the built worker with exactly `env` (plus PATH), logging to a file; resolves once it says it started. */
export async function startWorkerProcess(
  env: Record<string, string>,
  options: { waitForStart?: boolean } = {},
): Promise<WorkerProcess> {
  const main = await buildWorker();
  const log = path.join(logDir, `worker-${++started}.log`);
  const out = createWriteStream(log);
  const child = spawn(path.join(repoRoot, 'node_modules/.bin/node'), [main], {
    cwd: repoRoot,
    env: { PATH: `${path.join(repoRoot, 'node_modules/.bin')}:${process.env.PATH}`, HOME: process.env.HOME ?? '/tmp', ...env },
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
  while (!output.includes('started: provisioning')) {
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
  const all = [make(QueueName.Provisioning), make(QueueName.Teardown), make(QueueName.Reconcile)] as const;
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
