/**
 * GET /api/v1/platform/status serves the status file that the cluster scripts
 * write (scripts/cluster/progress.sh, called here as build.sh and up.sh call
 * it), so the dashboard's banner shows the real build's progress.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { PlatformStatusView } from '@storefleet/contracts';
import { repoRoot } from '@storefleet/testing';

import { createUser } from '../testing/factories.js';
import { apiSuite } from '../testing/suite.js';

const dir = mkdtempSync(path.join(tmpdir(), 'storefleet-platform-'));
const statusFile = path.join(dir, 'cluster-status.json');

/** Runs progress.sh's cluster_status with these arguments, writing `statusFile`. */
function clusterStatus(...args: string[]): void {
  execFileSync(
    'bash',
    [
      '-c',
      'source scripts/lib.sh; source scripts/cluster/versions.sh; source scripts/cluster/progress.sh; cluster_status "$@"',
      '_',
      ...args,
    ],
    { cwd: repoRoot, env: { ...process.env, CLUSTER_STATUS_FILE: statusFile, CLUSTER_LOG: '/var/log/storefleet/cluster.log' } },
  );
}

describe('GET /api/v1/platform/status', () => {
  const s = apiSuite('platform', { CLUSTER_STATUS_FILE: statusFile });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const status = async (auth: { Authorization: string }) =>
    (await s.api.http.get('/api/v1/platform/status').set(auth).expect(200)).body as PlatformStatusView;

  it('demands a signed-in user', async () => {
    await s.api.http.get('/api/v1/platform/status').expect(401);
  });

  it('says nothing about a cluster before the scripts have written a status', async () => {
    const owner = await createUser(s.api, s.prisma);
    expect((await status(owner.auth)).cluster.state).toBe('unmanaged');
  });

  it('shows the component being built and the minutes left, as the build script writes them', async () => {
    const owner = await createUser(s.api, s.prisma);
    const started = String(Math.floor(Date.now() / 1000) - 120);
    clusterStatus('building', 'Kubernetes', started, String(13 * 60 + 30), '');
    const { cluster } = await status(owner.auth);
    expect(cluster).toMatchObject({ state: 'building', component: 'Kubernetes', minutesLeft: 14, logPath: null });
    expect(Date.parse(cluster.startedAt!)).toBe(Number(started) * 1000);
  });

  it('tells operators, and only them, where the log of a failed build is', async () => {
    const owner = await createUser(s.api, s.prisma);
    const operator = await createUser(s.api, s.prisma, { role: 'operator' });
    clusterStatus('failed', 'etcd', String(Math.floor(Date.now() / 1000)), '', 'building etcd failed (exit 1)');
    expect((await status(operator.auth)).cluster).toMatchObject({
      state: 'failed',
      component: 'etcd',
      message: 'building etcd failed (exit 1)',
      logPath: '/var/log/storefleet/cluster.log',
    });
    expect((await status(owner.auth)).cluster).toMatchObject({ state: 'failed', logPath: null });
  });

  it('is ready once cluster:up has brought the control plane up', async () => {
    const owner = await createUser(s.api, s.prisma);
    clusterStatus('ready', '', String(Math.floor(Date.now() / 1000)), '', '');
    expect((await status(owner.auth)).cluster).toMatchObject({ state: 'ready', minutesLeft: null, message: null });
  });
});
