/**
 * What the chart must get right for a real cluster (issue 12): fully
 * qualified images, integers rendered as integers, a worker liveness probe
 * that really reads the worker's heartbeat, the store traffic settings the
 * worker hands to the blueprints, the documented ClusterIssuer's solver
 * Service type, and the Pod Security level of the release namespace (checked
 * with a server-side dry run against the real API server).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { CoreV1Api, type V1Container, type V1Deployment, type V1PodSpec } from '@kubernetes/client-node';
import { CLUSTER_START_TIMEOUT_MS, createTestNamespace, ensureCluster, repoRoot, type TestNamespace } from '@storefleet/testing';
import { loadAll } from 'js-yaml';

import { chartDir, helm, type Manifest, renderChart, type ValuesName } from './support.js';

const VALUES: ValuesName[] = ['default', 'local', 'prod'];
const QUALIFIED = /^(localhost|[a-z0-9-]+(\.[a-z0-9-]+)+)(:\d+)?\/[^\s:@]+(:[^\s:@]+|@sha256:[0-9a-f]{64})$/;

function pods(objects: Manifest[]): V1PodSpec[] {
  return objects.flatMap((object) => {
    const spec = (object.spec as { template?: { spec?: V1PodSpec } } | undefined)?.template?.spec;
    return spec ? [spec] : [];
  });
}

const containers = (spec: V1PodSpec): V1Container[] => [...(spec.initContainers ?? []), ...spec.containers];

function worker(objects: Manifest[]): V1Container {
  const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata?.name?.endsWith('-worker')) as V1Deployment;
  return deployment.spec!.template.spec!.containers[0]!;
}

const env = (container: V1Container) => Object.fromEntries((container.env ?? []).map((e) => [e.name, e.value]));

describe('the rendered chart', () => {
  test.each(VALUES)('names every image fully qualified with the %s values (CRI-O short-name enforcing)', async (name) => {
    const objects = await renderChart(name, 'storefleet');
    const images = pods(objects).flatMap((spec) => containers(spec).map((c) => c.image!));
    const storeImages = Object.entries(env(worker(objects)))
      .filter(([variable]) => variable.endsWith('_IMAGE'))
      .map(([, value]) => value!);
    expect(storeImages.length).toBeGreaterThanOrEqual(6);
    for (const image of [...images, ...storeImages]) expect(image).toMatch(QUALIFIED);
  });

  test('renders integers as integers, never in exponent form', async () => {
    const objects = await renderChart('default', 'storefleet', ['--set', 'api.auth.refreshTokenTtlSeconds=31536000']);
    const everyEnv = pods(objects).flatMap((spec) => containers(spec).flatMap((c) => c.env ?? []));
    expect(everyEnv.find((e) => e.name === 'REFRESH_TOKEN_TTL_SECONDS')?.value).toBe('31536000');
    for (const variable of everyEnv)
      expect({ name: variable.name, value: variable.value ?? '' }).not.toMatchObject({
        value: expect.stringMatching(/^\d+(\.\d+)?e\+\d+$/),
      });
  });

  test('probes the worker’s liveness through the heartbeat it writes, failing once the heartbeat is stale', async () => {
    const container = worker(await renderChart('default', 'storefleet'));
    const heartbeat = env(container).HEARTBEAT_FILE!;
    const command = container.livenessProbe?.exec?.command;
    expect(command?.slice(0, 2)).toEqual(['node', '-e']);
    expect(command![2]).toContain(JSON.stringify(heartbeat));
    // The probe's own script, pointed at a file of this test.
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'heartbeat-')), 'beat');
    const probe = () => spawnSync('node', ['-e', command![2]!.replace(JSON.stringify(heartbeat), JSON.stringify(file))]).status;
    expect(probe()).not.toBe(0);
    writeFileSync(file, 'now');
    expect(probe()).toBe(0);
    const stale = (Date.now() - 61_000) / 1000;
    utimesSync(file, stale, stale);
    expect(probe()).not.toBe(0);
  });

  test('hands the k3s store traffic settings to the worker, matching the platform’s own ingress controller selector', async () => {
    const objects = await renderChart('prod', 'storefleet');
    const values = env(worker(objects));
    const prod = loadAll(readFileSync(path.join(chartDir, 'values-prod.yaml'), 'utf8'))[0] as {
      networkPolicy: { ingressController: { podSelector: { matchLabels: Record<string, string> } } };
    };
    expect(JSON.parse(values.STORE_INGRESS_POD_LABELS!)).toEqual(prod.networkPolicy.ingressController.podSelector.matchLabels);
    expect(values.STORE_INGRESS_PORTS).toBe('80,443,8000,8443');
    expect(values.STORE_EGRESS_EXCLUDE_CIDRS).toMatch(/^\d+\.\d+\.\d+\.\d+\/32/);
  });
});

describe('docs/deploy.md', () => {
  test('documents a ClusterIssuer whose HTTP-01 solver uses a ClusterIP Service (the store quota refuses NodePorts)', () => {
    const deploy = readFileSync(path.join(repoRoot, 'docs/deploy.md'), 'utf8');
    // Code blocks, dedented by their fence's indentation (inside list items), then heredoc bodies.
    const issuers = [...deploy.matchAll(/^( *)```\w*\n([\s\S]*?)^\1```/gm)]
      .map(([, indent, block]) => block!.replace(new RegExp(`^ {${indent!.length}}`, 'gm'), ''))
      .flatMap((block) =>
        block
          .split(/<<'EOF'\n/)
          .slice(1)
          .map((doc) => doc.split(/\nEOF\b/)[0]!),
      )
      .flatMap((doc) => loadAll(doc))
      .filter(
        (doc): doc is { kind: string; spec: { acme: { solvers: { http01?: { ingress?: { serviceType?: string } } }[] } } } =>
          typeof doc === 'object' && doc !== null && (doc as { kind?: string }).kind === 'ClusterIssuer',
      );
    expect(issuers.length).toBeGreaterThan(0);
    for (const issuer of issuers) {
      for (const solver of issuer.spec.acme.solvers.filter((s) => s.http01)) {
        expect(solver.http01!.ingress!.serviceType).toBe('ClusterIP');
      }
    }
  });
});

describe('Pod Security of the release namespace (real API server)', () => {
  const namespaces: TestNamespace[] = [];
  let core: CoreV1Api;
  beforeAll(async () => {
    core = (await ensureCluster()).makeApiClient(CoreV1Api);
  }, CLUSTER_START_TIMEOUT_MS);
  afterAll(async () => {
    await Promise.all(namespaces.map((namespace) => namespace.remove({ wait: false })));
  });

  test('refuses to install into a namespace that does not enforce restricted, and installs into one that does', async () => {
    const unlabelled = await createTestNamespace(await ensureCluster(), 'psa-none');
    const labelled = await createTestNamespace(await ensureCluster(), 'psa-restricted', {
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'latest',
    });
    namespaces.push(unlabelled, labelled);
    const install = (namespace: string) =>
      helm([
        'install',
        'psa',
        chartDir,
        '--namespace',
        namespace,
        '--dry-run=server',
        '-f',
        path.join(chartDir, 'values-local.yaml'),
      ]);
    const refused = await install(unlabelled.name);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(`namespace ${unlabelled.name} enforces Pod Security "privileged", not "restricted"`);
    expect(refused.stderr).toContain('pod-security.kubernetes.io/enforce=restricted');
    const accepted = await install(labelled.name);
    expect(accepted.stderr).not.toContain('Pod Security');
    expect(accepted.code).toBe(0);
    expect((await core.readNamespace({ name: labelled.name })).metadata?.labels?.['pod-security.kubernetes.io/enforce']).toBe(
      'restricted',
    );
  });
});
