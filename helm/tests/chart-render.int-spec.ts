/**
 * The store-platform chart as rendered: helm lint, every object accepted by the
 * real API server (server-side dry run with strict field validation), and the
 * rules the chart promises (non-root pods, the worker's rules from one file,
 * the migrate init containers, secrets from existing Secrets in production...).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { CoreV1Api, type V1Container, type V1EnvVar, type V1PodSpec } from '@kubernetes/client-node';
import { loadApiConfig, loadWorkerConfig } from '@storefleet/config';
import { CLUSTER_START_TIMEOUT_MS, ensureCluster, TEST_NAMESPACE_LABEL } from '@storefleet/testing';
import { dump, loadAll } from 'js-yaml';

import {
  chartDir,
  helm,
  helmOk,
  kubectl,
  type Manifest,
  parseManifests,
  renderChart,
  uniqueSuffix,
  valuesArgs,
  type ValuesName,
} from './support.js';

const VALUES: ValuesName[] = ['default', 'local', 'prod'];
const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'Job']);

function podSpecOf(object: Manifest): V1PodSpec {
  const spec = object.spec as { template: { spec: V1PodSpec } };
  return spec.template.spec;
}

function containersOf(spec: V1PodSpec): V1Container[] {
  return [...(spec.initContainers ?? []), ...spec.containers];
}

function find(objects: Manifest[], kind: string, nameSuffix: string): Manifest {
  const found = objects.find((object) => object.kind === kind && object.metadata?.name?.endsWith(nameSuffix));
  if (!found)
    throw new Error(`no ${kind} *${nameSuffix} among ${objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ')}`);
  return found;
}

const suffix = uniqueSuffix();
const scratchNamespaces: string[] = [];

beforeAll(async () => {
  await ensureCluster();
}, CLUSTER_START_TIMEOUT_MS);

afterAll(async () => {
  const admin = (await ensureCluster()).makeApiClient(CoreV1Api);
  await Promise.all(scratchNamespaces.map((name) => admin.deleteNamespace({ name }).catch(() => undefined)));
});

describe('helm lint', () => {
  test.each(VALUES)('passes --strict with the %s values', async (name) => {
    const result = await helm(['lint', chartDir, '--strict', ...valuesArgs(name)]);
    expect(`${result.stdout}${result.stderr}`).toContain('0 chart(s) failed');
    expect(result.code).toBe(0);
  });
});

describe('rendered objects', () => {
  test.each(VALUES)(
    'every object rendered with the %s values is accepted by the API server (server-side dry run, strict fields)',
    async (name) => {
      const namespace = `sf-render-${name}-${suffix}`;
      scratchNamespaces.push(namespace);
      const admin = (await ensureCluster()).makeApiClient(CoreV1Api);
      await admin.createNamespace({ body: { metadata: { name: namespace, labels: { [TEST_NAMESPACE_LABEL]: 'true' } } } });

      const objects = await renderChart(name, namespace);
      expect(objects.length).toBeGreaterThan(15);
      const result = await kubectl(
        ['create', '--dry-run=server', '--validate=strict', '--namespace', namespace, '-o', 'name', '-f', '-'],
        objects.map((object) => dump(object)).join('---\n'),
      );
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      // One accepted object per rendered object.
      expect(result.stdout.trim().split('\n')).toHaveLength(objects.length);
    },
    120_000,
  );

  test.each(VALUES)(
    'with the %s values every pod is non-root, read-only, capability-free, RuntimeDefault-confined and limited',
    async (name) => {
      const objects = await renderChart(name, 'storefleet');
      const workloads = objects.filter((object) => WORKLOAD_KINDS.has(object.kind ?? ''));
      expect(workloads.map((w) => `${w.kind}/${w.metadata?.name}`).sort()).toEqual([
        'Deployment/storefleet-store-platform-api',
        'Deployment/storefleet-store-platform-dashboard',
        'Deployment/storefleet-store-platform-worker',
        'StatefulSet/storefleet-store-platform-postgresql',
        'StatefulSet/storefleet-store-platform-redis',
      ]);
      for (const workload of workloads) {
        const spec = podSpecOf(workload);
        const where = `${workload.kind}/${workload.metadata?.name}`;
        expect({ where, runAsNonRoot: spec.securityContext?.runAsNonRoot }).toEqual({ where, runAsNonRoot: true });
        expect({ where, uid: (spec.securityContext?.runAsUser ?? 0) > 0 }).toEqual({ where, uid: true });
        expect({ where, seccomp: spec.securityContext?.seccompProfile?.type }).toEqual({ where, seccomp: 'RuntimeDefault' });
        for (const container of containersOf(spec)) {
          const at = `${where} ${container.name}`;
          expect({ at, securityContext: container.securityContext }).toEqual({
            at,
            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
          });
          expect({ at, limits: Object.keys(container.resources?.limits ?? {}).sort() }).toEqual({
            at,
            limits: ['cpu', 'memory'],
          });
          expect({ at, requests: Object.keys(container.resources?.requests ?? {}).sort() }).toEqual({
            at,
            requests: ['cpu', 'memory'],
          });
          // A read-only root needs somewhere to write temporary files.
          expect({ at, tmp: container.volumeMounts?.some((mount) => mount.mountPath === '/tmp') ?? false }).toEqual({
            at,
            tmp: !container.name.startsWith('wait-for'),
          });
        }
      }
      // Long-running servers are probed.
      for (const suffixName of ['-api', '-dashboard']) {
        const container = podSpecOf(find(objects, 'Deployment', suffixName)).containers[0]!;
        expect(container.livenessProbe).toBeDefined();
        expect(container.readinessProbe).toBeDefined();
      }
      for (const suffixName of ['-postgresql', '-redis']) {
        const container = podSpecOf(find(objects, 'StatefulSet', suffixName)).containers[0]!;
        expect(container.livenessProbe).toBeDefined();
        expect(container.readinessProbe).toBeDefined();
      }
    },
  );
});

/**
 * The environment a container would get: values as given, Secret keys from the
 * rendered Secrets (or stand-ins for existing Secrets), $(VAR) expanded as the
 * kubelet does. Variables the chart sets only to build others are left out.
 */
function resolveEnv(env: V1EnvVar[], objects: Manifest[]): Record<string, string> {
  const standIns: Record<string, string> = {
    'jwt-secret': 'j'.repeat(48),
    'credentials-key': Buffer.alloc(32, 7).toString('base64'),
    'admin-password': 'an-admin-password',
    'metrics-token': 'm'.repeat(32),
    'postgres-password': 'pg',
    'owner-password': 'owner',
    'app-password': 'app',
    'redis-password': 'redis',
  };
  const resolved: Record<string, string> = {};
  for (const variable of env) {
    const ref = variable.valueFrom?.secretKeyRef;
    let value = variable.value;
    if (ref) {
      const secret = objects.find((object) => object.kind === 'Secret' && object.metadata?.name === ref.name) as
        { data?: Record<string, string> } | undefined;
      value = secret?.data?.[ref.key] !== undefined ? Buffer.from(secret.data[ref.key]!, 'base64').toString() : standIns[ref.key];
      if (value === undefined && ref.optional) continue;
    }
    if (value === undefined) throw new Error(`${variable.name}: no value`);
    resolved[variable.name] = value.replace(/\$\(([A-Z0-9_]+)\)/g, (_, name: string) => resolved[name] ?? `$(${name})`);
  }
  return resolved;
}
const BUILDING_BLOCKS = new Set(['STOREFLEET_APP_PASSWORD', 'STOREFLEET_REDIS_PASSWORD']);

describe('application configuration', () => {
  test.each(VALUES)(
    'with the %s values the API and the worker accept the environment the chart gives them, and know every variable',
    async (name) => {
      const objects = await renderChart(name, 'storefleet');
      const apps = [
        { deployment: '-api', load: loadApiConfig },
        { deployment: '-worker', load: loadWorkerConfig },
      ];
      for (const { deployment, load } of apps) {
        const env = resolveEnv(podSpecOf(find(objects, 'Deployment', deployment)).containers[0]!.env ?? [], objects);
        const config = load(env) as unknown as Record<string, unknown>;
        const unknown = Object.keys(env).filter((variable) => !BUILDING_BLOCKS.has(variable) && !(variable in config));
        expect({ deployment, unknown }).toEqual({ deployment, unknown: [] });
        expect(String(config.DATABASE_URL)).toMatch(/^postgresql:\/\/storefleet_app:[^$@]+@|^postgresql:\/\//);
        expect(String(config.DATABASE_URL)).not.toContain('$(');
        expect(String(config.REDIS_URL)).not.toContain('$(');
      }
    },
  );
});

describe('service accounts and permissions', () => {
  test('the API has no token and no binding; the worker is bound to exactly the rules of files/worker-rbac.yaml', async () => {
    const objects = await renderChart('default', 'storefleet');
    const apiAccount = find(objects, 'ServiceAccount', '-api');
    expect(apiAccount.automountServiceAccountToken).toBe(false);
    expect(podSpecOf(find(objects, 'Deployment', '-api')).automountServiceAccountToken).toBe(false);
    const bindings = objects.filter((object) => object.kind === 'RoleBinding' || object.kind === 'ClusterRoleBinding');
    const subjects = bindings.flatMap((binding) => (binding.subjects as { name: string }[]).map((subject) => subject.name));
    expect(subjects).toEqual(['storefleet-store-platform-worker']);
    expect(objects.filter((object) => object.kind === 'Role' || object.kind === 'ClusterRole')).toHaveLength(1);

    const documents = loadAll(readFileSync(path.join(chartDir, 'files/worker-rbac.yaml'), 'utf8')) as {
      kind?: string;
      rules?: unknown[];
    }[];
    const expected = documents
      .filter((doc) => doc?.rules && (!doc.kind || doc.kind === 'ClusterRole'))
      .flatMap((doc) => doc.rules);
    expect(expected.length).toBeGreaterThan(0);
    expect(find(objects, 'ClusterRole', '-worker').rules).toEqual(expected);
    expect(podSpecOf(find(objects, 'Deployment', '-worker')).serviceAccountName).toBe('storefleet-store-platform-worker');
  });

  test('the admission policy applies to the worker ServiceAccount of its own release only', async () => {
    const objects = await renderChart('default', 'platform-a');
    const policy = find(objects, 'ValidatingAdmissionPolicy', '-worker-scope');
    const conditions = (policy.spec as { matchConditions: { expression: string }[] }).matchConditions;
    expect(conditions.map((condition) => condition.expression)).toEqual([
      'request.userInfo.username == "system:serviceaccount:platform-a:storefleet-store-platform-worker"',
    ]);
    expect(find(objects, 'ValidatingAdmissionPolicyBinding', '-worker-scope').spec).toEqual({
      policyName: policy.metadata?.name,
      validationActions: ['Deny'],
    });
  });
});

describe('data stores and secrets', () => {
  test('the API and worker pods migrate in an init container before they start (no hook: helm install --wait cannot deadlock)', async () => {
    const bundled = await renderChart('default', 'storefleet');
    expect(bundled.filter((object) => object.kind === 'Job')).toEqual([]);
    for (const deployment of ['-api', '-worker']) {
      const spec = podSpecOf(find(bundled, 'Deployment', deployment));
      expect((spec.initContainers ?? []).map((c) => c.name)).toEqual(['wait-for-dependencies', 'migrate']);
      const migrate = spec.initContainers![1]!;
      expect(migrate.image).toBe(podSpecOf(find(bundled, 'Deployment', '-api')).containers[0]!.image);
      expect(migrate.command).toEqual(['node', 'dist/libs/db/src/migrate/cli.js', 'apply']);
      expect(migrate.env?.map((env) => env.name)).toContain('DATABASE_MIGRATION_URL');
      // The owner's password reaches the init container only, never the app.
      expect(spec.containers[0]!.env?.map((env) => env.name)).not.toContain('DATABASE_MIGRATION_URL');
      expect(spec.containers[0]!.env?.map((env) => env.name)).not.toContain('STOREFLEET_OWNER_PASSWORD');
    }
    const external = await renderChart('default', 'storefleet', [
      '--set',
      'postgresql.enabled=false',
      '--set',
      'externalDatabase.existingSecret=platform-db',
    ]);
    const migrate = podSpecOf(find(external, 'Deployment', '-api')).initContainers![1]!;
    expect(migrate.env?.find((env) => env.name === 'DATABASE_MIGRATION_URL')?.valueFrom?.secretKeyRef).toEqual({
      name: 'platform-db',
      key: 'database-migration-url',
    });
  });

  test('external Postgres and Redis: no StatefulSets, and the URLs come from the given Secrets', async () => {
    const objects = await renderChart('default', 'storefleet', [
      '--set',
      'postgresql.enabled=false',
      '--set',
      'externalDatabase.existingSecret=platform-db',
      '--set',
      'redis.enabled=false',
      '--set',
      'externalRedis.existingSecret=platform-redis',
    ]);
    expect(objects.filter((object) => object.kind === 'StatefulSet')).toEqual([]);
    for (const deployment of ['-api', '-worker']) {
      const env = podSpecOf(find(objects, 'Deployment', deployment)).containers[0]!.env ?? [];
      expect(env.find((e) => e.name === 'DATABASE_URL')?.valueFrom?.secretKeyRef).toEqual({
        name: 'platform-db',
        key: 'database-url',
      });
      expect(env.find((e) => e.name === 'REDIS_URL')?.valueFrom?.secretKeyRef).toEqual({
        name: 'platform-redis',
        key: 'redis-url',
      });
    }
    const missing = await helm(['template', 'storefleet', chartDir, '--set', 'postgresql.enabled=false']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('set externalDatabase.existingSecret');
  });

  test('values-prod takes every secret from existing Secrets: the chart renders none', async () => {
    const objects = await renderChart('prod', 'storefleet');
    expect(objects.filter((object) => object.kind === 'Secret')).toEqual([]);
    const secretRefs = new Set(
      objects
        .filter((object) => WORKLOAD_KINDS.has(object.kind ?? ''))
        .flatMap((object) => containersOf(podSpecOf(object)))
        .flatMap((container) => container.env ?? [])
        .map((env) => env.valueFrom?.secretKeyRef?.name)
        .filter((name): name is string => Boolean(name)),
    );
    expect([...secretRefs].sort()).toEqual(['storefleet-app', 'storefleet-postgresql', 'storefleet-redis']);
  });

  test('the bundled Redis never evicts and appends every write to its log', async () => {
    const config = find(await renderChart('local', 'storefleet'), 'ConfigMap', '-redis-config').data as Record<string, string>;
    const lines = config['redis.conf']!.split('\n').map((line) => line.trim());
    expect(lines).toContain('maxmemory-policy noeviction');
    expect(lines).toContain('appendonly yes');
    expect(lines).toContain('maxmemory 100mb');
  });

  test('the bundled Postgres creates the schema owner and the storefleet_app login from the Secret', async () => {
    const objects = await renderChart('default', 'storefleet');
    const init = (find(objects, 'ConfigMap', '-postgresql-init').data as Record<string, string>)['10-storefleet-roles.sh']!;
    expect(init).toContain(`CREATE ROLE :"owner" LOGIN PASSWORD :'owner_password';`);
    expect(init).toContain(`CREATE ROLE storefleet_app LOGIN PASSWORD :'app_password';`);
    const env = podSpecOf(find(objects, 'Deployment', '-api')).containers[0]!.env ?? [];
    expect(env.find((e) => e.name === 'DATABASE_URL')?.value).toBe(
      'postgresql://storefleet_app:$(STOREFLEET_APP_PASSWORD)@storefleet-store-platform-postgresql.storefleet.svc:5432/storefleet',
    );
    const claims = find(objects, 'StatefulSet', '-postgresql').spec as { volumeClaimTemplates: unknown[] };
    expect(claims.volumeClaimTemplates).toHaveLength(1);
  });
});

describe('ingress, scaling and network policy', () => {
  test('values-prod: traefik, the real host, TLS from a cert-manager ClusterIssuer requested once', async () => {
    const objects = await renderChart('prod', 'storefleet');
    const ingresses = objects.filter((object) => object.kind === 'Ingress');
    expect(ingresses).toHaveLength(2);
    for (const ingress of ingresses) {
      const spec = ingress.spec as {
        ingressClassName: string;
        tls: { hosts: string[]; secretName: string }[];
        rules: { host: string }[];
      };
      expect(spec.ingressClassName).toBe('traefik');
      expect(spec.tls).toEqual([{ hosts: ['storefleet.example.com'], secretName: 'storefleet-tls' }]);
      expect(spec.rules.map((rule) => rule.host)).toEqual(['storefleet.example.com']);
    }
    const issuers = ingresses.map((ingress) => ingress.metadata?.annotations?.['cert-manager.io/cluster-issuer']);
    expect(issuers.filter(Boolean)).toEqual(['letsencrypt-prod']);
    const paths = ingresses.flatMap((ingress) =>
      (
        ingress.spec as { rules: { http: { paths: { path: string; backend: { service: { name: string } } }[] } }[] }
      ).rules[0]!.http.paths.map((p) => `${p.path} -> ${p.backend.service.name}`),
    );
    expect(paths.sort()).toEqual(['/ -> storefleet-store-platform-dashboard', '/api -> storefleet-store-platform-api']);
  });

  test('HPAs and PodDisruptionBudgets exist only where values enable them', async () => {
    const kinds = (objects: Manifest[], kind: string) =>
      objects
        .filter((o) => o.kind === kind)
        .map((o) => o.metadata?.name)
        .sort();
    const local = await renderChart('local', 'storefleet');
    expect(kinds(local, 'HorizontalPodAutoscaler')).toEqual([]);
    expect(kinds(local, 'PodDisruptionBudget')).toEqual([]);
    const prod = await renderChart('prod', 'storefleet');
    expect(kinds(prod, 'HorizontalPodAutoscaler')).toEqual(['storefleet-store-platform-api', 'storefleet-store-platform-worker']);
    expect(kinds(prod, 'PodDisruptionBudget')).toEqual([
      'storefleet-store-platform-api',
      'storefleet-store-platform-dashboard',
      'storefleet-store-platform-worker',
    ]);
    // An autoscaled Deployment leaves its replica count to the HPA.
    expect((find(prod, 'Deployment', '-api').spec as { replicas?: number }).replicas).toBeUndefined();
  });

  test('the API and dashboard keep serving for drainSeconds after their pod is deleted (preStop sleep); 0 renders no hook', async () => {
    type Container = { name: string; lifecycle?: unknown };
    const lifecycles = (objects: Manifest[]) =>
      ['-api', '-dashboard', '-worker'].map(
        (name) =>
          (find(objects, 'Deployment', name).spec as { template: { spec: { containers: Container[] } } }).template.spec
            .containers[0]!.lifecycle,
      );
    expect(lifecycles(await renderChart('default', 'storefleet'))).toEqual([
      { preStop: { sleep: { seconds: 5 } } },
      { preStop: { sleep: { seconds: 5 } } },
      undefined,
    ]);
    const off = await renderChart('default', 'storefleet', ['--set', 'api.drainSeconds=0', '--set', 'dashboard.drainSeconds=12']);
    expect(lifecycles(off)).toEqual([undefined, { preStop: { sleep: { seconds: 12 } } }, undefined]);
  });

  test('network policies: the ingress controller alone reaches the API, Postgres and Redis take only their clients, the worker reaches the Kubernetes API', async () => {
    const objects = await renderChart('prod', 'storefleet');
    const policy = (name: string) => find(objects, 'NetworkPolicy', name).spec as Record<string, unknown>;
    expect((policy('-api').ingress as unknown[])[0]).toEqual({
      from: [
        {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'traefik' } },
        },
      ],
      ports: [{ port: 'http', protocol: 'TCP' }],
    });
    const clients = (name: string) =>
      ((policy(name).ingress as { from: { podSelector: { matchLabels: Record<string, string> } }[] }[])[0]!.from ?? []).map(
        (peer) => peer.podSelector.matchLabels['app.kubernetes.io/component'],
      );
    expect(clients('-postgresql')).toEqual(['api', 'worker']);
    expect(clients('-redis')).toEqual(['api', 'worker']);
    expect(policy('-postgresql').egress).toEqual([]);
    expect(policy('-redis').egress).toEqual([]);
    expect(policy('-dashboard').egress).toEqual([]);
    expect(policy('-worker').ingress).toEqual([]);
    expect(policy('-worker').egress).toContainEqual({
      ports: [
        { port: 443, protocol: 'TCP' },
        { port: 6443, protocol: 'TCP' },
      ],
    });
  });
});

describe('values schema', () => {
  test.each([
    [['--set', 'bogus=1'], "additional properties 'bogus' not allowed"],
    [['--set', 'api.replicas=3'], "additional properties 'replicas' not allowed"],
    [['--set', 'podSecurityContext.runAsNonRoot=false'], '/podSecurityContext/runAsNonRoot'],
    [['--set', 'containerSecurityContext.allowPrivilegeEscalation=true'], '/containerSecurityContext/allowPrivilegeEscalation'],
    [['--set', 'worker.provisioningConcurrency=0'], '/worker/provisioningConcurrency'],
    [['--set', 'stores.baseDomain=Not A Domain'], '/stores/baseDomain'],
    [['--set', 'api.resources.limits.memory=lots'], '/api/resources/limits/memory'],
    [['--set', 'postgresql.ownerUsername=storefleet_app'], '/postgresql/ownerUsername'],
  ])('refuses %j', async (args, message) => {
    const result = await helm(['template', 'storefleet', chartDir, ...args]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(message);
  });

  test('the shipped values files satisfy it (template succeeds)', async () => {
    for (const name of VALUES) {
      const out = await helmOk(['template', 'storefleet', chartDir, ...valuesArgs(name)]);
      expect(parseManifests(out).length).toBeGreaterThan(15);
    }
  });
});
