/**
 * scripts/cluster/build.sh's progress (progress.sh), on a cache folder of its
 * own and with a stand-in `go` on PATH, so nothing is really built and the
 * shared cache is not touched: progress lines in the terminal, the status file
 * the API serves, each component's build time recorded for the next estimate,
 * and a failed build reported with its log.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { repoRoot } from '@storefleet/testing';

const versions = readFileSync(path.join(repoRoot, 'scripts/cluster/versions.sh'), 'utf8');
const version = (name: string) => new RegExp(`${name}:-([0-9.]+)`).exec(versions)![1]!;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'storefleet-progress-'));
  mkdirSync(path.join(dir, 'bin'));
  // Every binary but kwok's is "cached": only kwok is built.
  const bin = path.join(dir, 'cache/cluster-bin');
  const k8s = `kubernetes-${version('K8S_VERSION')}`;
  for (const file of [
    `etcd-${version('ETCD_VERSION')}/etcd`,
    `helm-${version('HELM_VERSION')}/helm`,
    ...['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubectl'].map((b) => `${k8s}/${b}`),
  ]) {
    mkdirSync(path.dirname(path.join(bin, file)), { recursive: true });
    writeFileSync(path.join(bin, file), '#!/bin/sh\n', { mode: 0o755 });
  }
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in `go`: each `go install <module>/cmd/<name>@v` sleeps, then writes $GOBIN/<name> (or fails). */
function fakeGo(seconds: number, fail = false) {
  const file = path.join(dir, 'bin/go');
  writeFileSync(
    file,
    `#!/bin/bash\nsleep ${seconds}\n${fail ? 'echo "go: build failed on purpose" >&2; exit 1\n' : ''}b="\${@: -1}"; b="\${b%@*}"; b="\${b##*/}"\nprintf '#!/bin/sh\\n' >"$GOBIN/$b"; chmod +x "$GOBIN/$b"\n`,
  );
  chmodSync(file, 0o755);
}

function build(): Promise<{ code: number | null; stderr: string }> {
  const child = spawn('bash', ['scripts/cluster/build.sh'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PATH: `${path.join(dir, 'bin')}:${process.env.PATH}`,
      STOREFLEET_CACHE: path.join(dir, 'cache'),
      CLUSTER_STATUS_FILE: path.join(dir, 'cluster-status.json'),
      CLUSTER_LOG: path.join(dir, 'cluster.log'),
      CLUSTER_PROGRESS_SECONDS: '1',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

const status = () => JSON.parse(readFileSync(path.join(dir, 'cluster-status.json'), 'utf8')) as Record<string, string | null>;
const minutesLeft = (s: Record<string, string | null>) => (Date.parse(s.expectedReadyAt!) - Date.parse(s.updatedAt!)) / 60_000;

describe('the local cluster build’s progress', () => {
  it('prints progress lines, keeps the status file current and records the build time for the next estimate', async () => {
    fakeGo(3);
    const first = await build();
    expect(first.code).toBe(0);
    // kwok's documented default (3 min) plus a minute to start the control plane: about 4 minutes left.
    expect(first.stderr).toMatch(/building kwok: 0m0\ds elapsed; the local cluster in about 4 min/);
    const during = status();
    expect(during).toMatchObject({ state: 'building', component: 'kwok', log: path.join(dir, 'cluster.log') });
    expect(minutesLeft(during)).toBeGreaterThan(3.5);
    const recorded = readFileSync(path.join(dir, 'cache/cluster-bin/build-durations'), 'utf8');
    expect(recorded).toMatch(/^kwok [6-9]\n$/); // kwok and kwokctl, 3 s each

    // The next build of kwok (say, a new version) is estimated from the time recorded here, not the default.
    rmSync(path.join(dir, `cache/cluster-bin/kwok-${version('KWOK_VERSION')}`), { recursive: true });
    const second = await build();
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/the local cluster in about 2 min/);
    expect(minutesLeft(status())).toBeLessThanOrEqual(1.5); // at most 30 s past the estimate, plus the start
  }, 60_000);

  it('reports a failed build as failed, naming the component and the log', async () => {
    fakeGo(1, true);
    const { code, stderr } = await build();
    expect(code).not.toBe(0);
    expect(stderr).toContain('go: build failed on purpose');
    expect(status()).toMatchObject({
      state: 'failed',
      component: 'kwok',
      message: 'building kwok failed (exit 1)',
      log: path.join(dir, 'cluster.log'),
    });
  }, 60_000);
});
