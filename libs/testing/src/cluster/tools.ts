/**
 * helm and kubectl of the local Kubernetes build (scripts/cluster/build.sh),
 * run against the local control plane: the chart's tests (helm/tests) and the
 * real-node platform suite (e2e/real-node) share them.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import { repoRoot } from '../local-env.js';
import { LOCAL_KUBECONFIG } from './local-cluster.js';

/** The helm binary that scripts/cluster/build.sh builds (versions.sh names the cache folder). */
export function helmBinary(): string {
  const script = `source "${path.join(repoRoot, 'scripts/cluster/versions.sh')}" && printf %s "$CLUSTER_BIN/helm-$HELM_VERSION/helm"`;
  const binary = execFileSync('bash', ['-c', script], { encoding: 'utf8' });
  if (!existsSync(binary)) throw new Error(`No helm at ${binary}: run npm run cluster:build`);
  return binary;
}

/** The kubectl of the local Kubernetes build. */
export function kubectlBinary(): string {
  const script = `source "${path.join(repoRoot, 'scripts/cluster/versions.sh')}" && printf %s "$CLUSTER_BIN/kubernetes-$K8S_VERSION/kubectl"`;
  const binary = execFileSync('bash', ['-c', script], { encoding: 'utf8' });
  if (!existsSync(binary)) throw new Error(`No kubectl at ${binary}: run npm run cluster:build`);
  return binary;
}

/** helm's own state (repositories, cache) stays inside the checkout. */
function helmEnv(): NodeJS.ProcessEnv {
  const home = path.join(repoRoot, '.local/helm');
  mkdirSync(home, { recursive: true });
  return {
    ...process.env,
    KUBECONFIG: LOCAL_KUBECONFIG,
    HELM_CONFIG_HOME: path.join(home, 'config'),
    HELM_CACHE_HOME: path.join(home, 'cache'),
    HELM_DATA_HOME: path.join(home, 'data'),
  };
}

export interface HelmResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs helm; resolves with its exit code and output (never throws on a non-zero exit). */
export function helm(args: string[], timeoutMs = 300_000): Promise<HelmResult> {
  return run(helmBinary(), args, timeoutMs);
}

/** Runs kubectl as the local cluster's admin, feeding `input` to its standard input. */
export function kubectl(args: string[], input?: string, timeoutMs = 120_000): Promise<HelmResult> {
  return run(kubectlBinary(), ['--kubeconfig', LOCAL_KUBECONFIG, ...args], timeoutMs, input);
}

async function run(binary: string, args: string[], timeoutMs: number, input?: string): Promise<HelmResult> {
  try {
    const child = promisify(execFile)(binary, args, { env: helmEnv(), timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
    child.child.stdin?.end(input ?? '');
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string };
    return {
      code: typeof failed.code === 'number' ? failed.code : 1,
      stdout: failed.stdout ?? '',
      stderr: failed.stderr ?? String(error),
    };
  }
}

/** Like helm(), but fails with helm's own message on a non-zero exit. */
export async function helmOk(args: string[], timeoutMs?: number): Promise<string> {
  const result = await helm(args, timeoutMs);
  if (result.code !== 0) throw new Error(`helm ${args.join(' ')} failed (${result.code}):\n${result.stderr}${result.stdout}`);
  return result.stdout;
}

export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1296)
    .toString(36)
    .padStart(2, '0')}`;
}
