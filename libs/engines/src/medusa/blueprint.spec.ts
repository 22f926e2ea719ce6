import type {
  KubernetesObject,
  V1Container,
  V1Deployment,
  V1EnvVar,
  V1Ingress,
  V1Job,
  V1LabelSelector,
  V1LimitRange,
  V1Namespace,
  V1NetworkPolicy,
  V1PersistentVolumeClaim,
  V1PodTemplateSpec,
  V1ResourceQuota,
  V1Service,
  V1StatefulSet,
} from '@kubernetes/client-node';
import { PROVISIONING_STEPS } from '@storefleet/contracts';

import { generateSecretValues } from '../common/secret.js';
import { LABELS } from '../labels.js';
import { PLANS } from '../plans.js';
import { blueprintFor } from '../registry.js';
import { TEST_ENGINE_CONFIG } from '../testing/fixtures.js';
import { type Blueprint, blueprintObjects, type BlueprintStore, type EngineConfig, isManifestStep } from '../types.js';
import { medusaBlueprint } from './blueprint.js';
import { MEDUSA_DEFAULT_IMAGES } from './names.js';
import { MEDUSA_SETUP_COMMAND } from './setup-job.js';

const store: BlueprintStore = {
  id: '5d1c8d9e-1f2a-4b5c-8d6e-0f1a2b3c4d5e',
  name: 'acme-medusa',
  ownerId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  engine: 'medusa',
  plan: 'small',
  ownerEmail: 'Owner@Example.com',
};

const config: EngineConfig = {
  ...TEST_ENGINE_CONFIG,
  medusa: { images: { medusa: 'registry.example.com/medusa:1.2.3', postgres: 'postgres:17.6', redis: 'redis:7.4.5' } },
};

const all = (bp: Blueprint): KubernetesObject[] => blueprintObjects(bp);

function find<T extends KubernetesObject>(bp: Blueprint, kind: string, name?: string): T {
  const found = all(bp).find((o) => o.kind === kind && (name === undefined || o.metadata?.name === name));
  if (!found) throw new Error(`no ${kind} ${name ?? ''}`);
  return found as T;
}

function podTemplates(bp: Blueprint): V1PodTemplateSpec[] {
  return all(bp).flatMap((o) => {
    const spec = (o as V1Deployment | V1StatefulSet | V1Job).spec;
    return spec && 'template' in spec && spec.template ? [spec.template] : [];
  });
}

const containersOf = (t: V1PodTemplateSpec): V1Container[] => [...(t.spec!.initContainers ?? []), ...t.spec!.containers];

function quantity(value: string): number {
  const match = /^([0-9.]+)(m|Ki|Mi|Gi|Ti)?$/.exec(value);
  if (!match) throw new Error(`bad quantity ${value}`);
  const units: Record<string, number> = { m: 1e-3, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
  return Number(match[1]) * (match[2] ? units[match[2]]! : 1);
}

function matches(selector: V1LabelSelector, labels: Record<string, string>): boolean {
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpressions = (selector.matchExpressions ?? []).every((e) => {
    if (e.operator === 'In') return e.values!.includes(labels[e.key]!);
    throw new Error(`operator ${e.operator} not handled by the test`);
  });
  return byLabels && byExpressions;
}

const bp = medusaBlueprint(store, config);
const podLabels = (component: string) =>
  podTemplates(bp).find((t) => t.metadata?.labels?.[LABELS.component] === component)!.metadata!.labels!;
const container = (kind: string, name: string) => {
  const template = (find<V1Deployment | V1StatefulSet | V1Job>(bp, kind, name).spec as { template: V1PodTemplateSpec }).template;
  return template.spec!.containers[0]!;
};
const env = (c: V1Container) => Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value ?? e.valueFrom]));

describe('medusaBlueprint', () => {
  it('is the registry entry for medusa stores, in namespace store-<name> under restricted Pod Security', () => {
    expect(blueprintFor(store, config).engine).toBe('medusa');
    const ns = find<V1Namespace>(bp, 'Namespace');
    expect(ns.metadata?.name).toBe('store-acme-medusa');
    expect(ns.metadata?.labels).toMatchObject({
      'storefleet.dev/store-id': store.id,
      'storefleet.dev/owner-id': store.ownerId,
      'storefleet.dev/engine': 'medusa',
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
  });

  it('gives manifests for every manifest step of the pipeline and creates the setup Job only once', () => {
    expect(Object.keys(bp.manifests)).toEqual(PROVISIONING_STEPS.filter(isManifestStep));
    // Only the setup Job is created once; everything else is desired state, re-applied.
    expect(
      Object.entries(bp.manifests)
        .filter(([, m]) => m.createOnce)
        .map(([step]) => step),
    ).toEqual(['setup-job']);
    expect(bp.workloads.map((w) => `${w.kind}/${w.name}`).sort()).toEqual([
      'Deployment/medusa',
      'Deployment/storefront',
      'Job/medusa-setup',
      'StatefulSet/postgres',
      'StatefulSet/redis',
    ]);
  });

  it('places every object in the store namespace with the store labels and a DNS-1123 name', () => {
    for (const object of all(bp)) {
      if (object.kind !== 'Namespace') expect(object.metadata?.namespace).toBe('store-acme-medusa');
      expect(object.metadata?.labels?.[LABELS.storeId]).toBe(store.id);
      expect(object.metadata?.name).toMatch(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/);
    }
  });

  it.each(['small', 'medium', 'large'] as const)(
    'fits every %s container, all running at once, in the quota and the limit range',
    (plan) => {
      const sized = medusaBlueprint({ ...store, plan }, config);
      const hard = find<V1ResourceQuota>(sized, 'ResourceQuota').spec!.hard!;
      expect(hard).toMatchObject({ 'limits.cpu': PLANS[plan].quota.limitsCpu, pods: String(PLANS[plan].quota.pods) });
      const max = PLANS[plan].limitRange.containerMax;
      const sum = { 'requests.cpu': 0, 'requests.memory': 0, 'limits.cpu': 0, 'limits.memory': 0 };
      for (const template of podTemplates(sized)) {
        // A pod counts for the larger of its biggest init container and the sum of its containers.
        const effective = (key: 'requests' | 'limits', resource: 'cpu' | 'memory') =>
          Math.max(
            ...(template.spec!.initContainers ?? []).map((c) => quantity(c.resources![key]![resource]!)),
            template.spec!.containers.reduce((n, c) => n + quantity(c.resources![key]![resource]!), 0),
          );
        sum['requests.cpu'] += effective('requests', 'cpu');
        sum['requests.memory'] += effective('requests', 'memory');
        sum['limits.cpu'] += effective('limits', 'cpu');
        sum['limits.memory'] += effective('limits', 'memory');
        for (const c of containersOf(template)) {
          expect(quantity(c.resources!.limits!.cpu!)).toBeLessThanOrEqual(quantity(max.cpu));
          expect(quantity(c.resources!.limits!.memory!)).toBeLessThanOrEqual(quantity(max.memory));
        }
      }
      for (const [key, used] of Object.entries(sum)) expect(used).toBeLessThanOrEqual(quantity(hard[key]!) + 1e-9);

      const claims = [
        ...all(sized).filter((o): o is V1PersistentVolumeClaim => o.kind === 'PersistentVolumeClaim'),
        ...all(sized).flatMap((o) => (o.kind === 'StatefulSet' ? (o as V1StatefulSet).spec!.volumeClaimTemplates! : [])),
      ].map((c) => quantity(c.spec!.resources!.requests!.storage!));
      expect(claims).toHaveLength(3);
      expect(claims.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(quantity(hard['requests.storage']!));
      for (const claim of claims) expect(claim).toBeLessThanOrEqual(quantity(PLANS[plan].limitRange.claimMax));
      expect(find<V1LimitRange>(sized, 'LimitRange').spec?.limits[0]?.max).toEqual(max);
    },
  );

  it('gives every container requests, limits, a pinned image and the tightest security context', () => {
    const templates = podTemplates(bp);
    expect(templates).toHaveLength(5);
    for (const template of templates) {
      expect(template.spec!.automountServiceAccountToken).toBe(false);
      expect(template.spec!.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(template.spec!.securityContext?.runAsUser).toBeGreaterThan(0);
      for (const c of containersOf(template)) {
        expect(c.resources?.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
        expect(c.resources?.limits).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
        expect(c.securityContext).toMatchObject({
          allowPrivilegeEscalation: false,
          privileged: false,
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          capabilities: { drop: ['ALL'] },
        });
      }
    }
    const images = new Set(templates.flatMap((t) => containersOf(t).map((c) => c.image)));
    expect([...images].sort()).toEqual(['postgres:17.6', 'redis:7.4.5', 'registry.example.com/medusa:1.2.3']);
  });

  it("uses the Helm chart's default images when the worker passes none", () => {
    const { medusa: _omitted, ...withoutMedusa } = config;
    const images = new Set(
      podTemplates(medusaBlueprint(store, withoutMedusa)).flatMap((t) => containersOf(t).map((c) => c.image)),
    );
    expect([...images].sort()).toEqual(Object.values(MEDUSA_DEFAULT_IMAGES).sort());
  });

  it('keeps secret values out of everything but the Secret and builds connection URLs from Secret references', () => {
    const values = generateSecretValues(bp.secret, (n) => Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 0xff));
    const manifests = JSON.stringify(bp);
    for (const value of Object.values(values)) expect(manifests).not.toContain(value);
    expect(Object.keys(bp.secret.keys).sort()).toEqual([
      'admin-password',
      'cookie-secret',
      'jwt-secret',
      'postgres-password',
      'redis-password',
    ]);
    for (const template of podTemplates(bp)) {
      for (const c of containersOf(template)) {
        const list: V1EnvVar[] = c.env ?? [];
        for (const e of list) {
          if (/PASSWORD|SECRET|AUTH$/.test(e.name)) expect(e.valueFrom?.secretKeyRef?.name).toBe('medusa-credentials');
          // $(VAR) expands only from variables defined earlier in the list.
          for (const [, ref] of (e.value ?? '').matchAll(/\$\(([A-Z_]+)\)/g)) {
            expect(list.findIndex((x) => x.name === ref)).toBeGreaterThan(-1);
            expect(list.findIndex((x) => x.name === ref)).toBeLessThan(list.indexOf(e));
          }
        }
      }
    }
    expect(env(container('Deployment', 'medusa'))).toMatchObject({
      DATABASE_URL: 'postgres://medusa:$(POSTGRES_PASSWORD)@postgres:5432/medusa?ssl_mode=disable',
      REDIS_URL: 'redis://:$(REDIS_PASSWORD)@redis:6379/0',
      STORE_CORS: 'http://acme-medusa.stores.example.com',
      MEDUSA_PUBLIC_URL: 'http://acme-medusa.stores.example.com',
      MEDUSA_SECURE_COOKIES: 'false',
      NODE_ENV: 'production',
    });
  });

  it('denies all traffic by default and allows exactly what each part needs', () => {
    const policies = all(bp).filter((o): o is V1NetworkPolicy => o.kind === 'NetworkPolicy');
    expect(policies.find((p) => p.metadata?.name === 'default-deny')!.spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
    });
    const selecting = (component: string, type: 'Ingress' | 'Egress') =>
      policies.filter(
        (p) =>
          p.metadata?.name !== 'default-deny' &&
          p.spec!.policyTypes!.includes(type) &&
          matches(p.spec!.podSelector ?? {}, podLabels(component)),
      );
    /** Who may reach a component: peers (as component names or namespaces) and ports. */
    const reachableFrom = (component: string) =>
      selecting(component, 'Ingress').flatMap((p) =>
        p.spec!.ingress!.flatMap((rule) =>
          rule._from!.map((peer) => ({
            from: peer.namespaceSelector
              ? `ns:${peer.namespaceSelector.matchLabels!['kubernetes.io/metadata.name']}`
              : ['database', 'cache', 'app', 'storefront', 'setup']
                  .filter((c) => matches(peer.podSelector!, podLabels(c)))
                  .join('+'),
            ports: rule.ports!.map((port) => port.port),
          })),
        ),
      );
    expect(reachableFrom('storefront')).toEqual([{ from: 'ns:ingress-nginx', ports: [8000] }]);
    expect(reachableFrom('app')).toEqual(
      expect.arrayContaining([
        { from: 'ns:ingress-nginx', ports: [9000] },
        { from: 'storefront', ports: [9000] },
      ]),
    );
    expect(reachableFrom('app')).toHaveLength(2);
    expect(reachableFrom('database')).toEqual([{ from: 'app+setup', ports: [5432] }]);
    expect(reachableFrom('cache')).toEqual([{ from: 'app+setup', ports: [6379] }]);
    expect(reachableFrom('setup')).toEqual([]);

    const egress = (component: string) =>
      selecting(component, 'Egress')
        .map((p) => p.metadata!.name)
        .sort();
    expect(egress('database')).toEqual([]);
    expect(egress('cache')).toEqual([]);
    expect(egress('storefront')).toEqual(['allow-dns', 'allow-storefront-egress-to-medusa']);
    expect(egress('setup')).toEqual(['allow-dns', 'allow-egress-to-cache', 'allow-egress-to-database']);
    expect(egress('app')).toEqual(['allow-dns', 'allow-egress-to-cache', 'allow-egress-to-database', 'allow-egress-to-internet']);
  });

  it('selects exactly its own pods from every Service and workload', () => {
    const components = ['database', 'cache', 'app', 'storefront', 'setup'];
    const expected: Record<string, string> = { postgres: 'database', redis: 'cache', medusa: 'app', storefront: 'storefront' };
    for (const service of all(bp).filter((o): o is V1Service => o.kind === 'Service')) {
      const selected = components.filter((c) => matches({ matchLabels: service.spec!.selector! }, podLabels(c)));
      expect({ service: service.metadata!.name, selected }).toEqual({
        service: service.metadata!.name,
        selected: [expected[service.metadata!.name!]],
      });
    }
    expect(find<V1Service>(bp, 'Service', 'postgres').spec?.clusterIP).toBe('None');
    for (const kind of ['Deployment', 'StatefulSet']) {
      for (const o of all(bp).filter((x) => x.kind === kind) as (V1Deployment | V1StatefulSet)[]) {
        expect(matches(o.spec!.selector, o.spec!.template.metadata!.labels!)).toBe(true);
      }
    }
  });

  it('routes Medusa paths to Medusa and everything else to the storefront on the store host', () => {
    const ingress = find<V1Ingress>(bp, 'Ingress');
    const rule = ingress.spec!.rules![0]!;
    expect(rule.host).toBe('acme-medusa.stores.example.com');
    expect(rule.http!.paths.map((p) => [p.path, p.pathType, p.backend.service!.name])).toEqual([
      ['/store', 'Prefix', 'medusa'],
      ['/auth', 'Prefix', 'medusa'],
      ['/admin', 'Prefix', 'medusa'],
      ['/app', 'Prefix', 'medusa'],
      ['/static', 'Prefix', 'medusa'],
      ['/', 'Prefix', 'storefront'],
    ]);
    expect(ingress.spec?.tls).toBeUndefined();
    expect(bp.storefrontUrl).toBe('http://acme-medusa.stores.example.com/');
    expect(bp.adminUrl).toBe('http://acme-medusa.stores.example.com/app/');
    expect(bp.adminUsername).toBe('owner@example.com');
  });

  it('serves HTTPS with secure cookies when TLS is enabled', () => {
    const secure = medusaBlueprint(store, { ...config, tls: { enabled: true, clusterIssuer: 'letsencrypt' } });
    const ingress = find<V1Ingress>(secure, 'Ingress');
    expect(ingress.spec?.tls).toEqual([{ hosts: ['acme-medusa.stores.example.com'], secretName: 'storefront-tls' }]);
    expect(ingress.metadata?.annotations).toEqual({
      'cert-manager.io/cluster-issuer': 'letsencrypt',
      'nginx.ingress.kubernetes.io/proxy-body-size': '64m',
    });
    const medusa = (secure.manifests.application.objects[1] as V1Deployment).spec!.template.spec!.containers[0]!;
    expect(env(medusa)).toMatchObject({ MEDUSA_SECURE_COOKIES: 'true', STORE_CORS: 'https://acme-medusa.stores.example.com' });
  });

  it('sets the store up once Postgres answers: migrations, then the admin login and seed, in an idempotent Job', () => {
    const job = find<V1Job>(bp, 'Job', 'medusa-setup');
    const pod = job.spec!.template.spec!;
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.initContainers!.map((c) => c.command)).toEqual([['node', 'bin/wait-for-setup.mjs', '--database']]);
    expect(pod.containers[0]!.command).toEqual(['/bin/sh', '-c', MEDUSA_SETUP_COMMAND]);
    expect(MEDUSA_SETUP_COMMAND).toMatch(/cli\.js db:migrate && exec node .*cli\.js exec \.\/src\/scripts\/setup\.js$/);
    expect(env(pod.containers[0]!)).toMatchObject({
      MEDUSA_ADMIN_EMAIL: 'owner@example.com',
      MEDUSA_ADMIN_PASSWORD: { secretKeyRef: { name: 'medusa-credentials', key: 'admin-password' } },
    });
  });

  it('starts Medusa after the setup, keeps uploads on a claim, and points the storefront at Medusa', () => {
    const deployment = find<V1Deployment>(bp, 'Deployment', 'medusa');
    const pod = deployment.spec!.template.spec!;
    expect(deployment.spec!.strategy?.type).toBe('Recreate');
    expect(pod.initContainers!.map((c) => c.command)).toEqual([['node', 'bin/wait-for-setup.mjs']]);
    expect(pod.containers[0]!.volumeMounts).toEqual(expect.arrayContaining([{ name: 'uploads', mountPath: '/app/static' }]));
    expect(pod.volumes).toEqual(
      expect.arrayContaining([{ name: 'uploads', persistentVolumeClaim: { claimName: 'medusa-uploads' } }]),
    );
    expect(pod.containers[0]!.readinessProbe?.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(env(container('Deployment', 'storefront'))).toMatchObject({ MEDUSA_URL: 'http://medusa:9000', PORT: '8000' });
    expect(container('Deployment', 'storefront').command).toEqual(['node', 'storefront/server.mjs']);
  });
});
