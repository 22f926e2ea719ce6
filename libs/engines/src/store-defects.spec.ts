/**
 * What a store needs on a real cluster beyond its own pods (issue 12):
 * quota headroom for a certificate solver and a debug pod, the solver's and
 * the loopback's network policies, traffic narrowed to the ingress
 * controller's pods, internet egress on 80/443 only, upload limits, a content
 * directory WordPress owns, secrets off command lines and fully qualified images.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type {
  KubernetesObject,
  V1Container,
  V1Deployment,
  V1Ingress,
  V1Job,
  V1NetworkPolicy,
  V1PodSpec,
  V1ResourceQuota,
  V1StatefulSet,
} from '@kubernetes/client-node';
import { STORE_PLANS } from '@storefleet/contracts';

import { ACME_SOLVER, INTERNET_PORTS, PRIVATE_IPV4_RANGES } from './common/network-policies.js';
import { MEDUSA_DEFAULT_IMAGES } from './medusa/names.js';
import { ACME_SOLVER_RESOURCES, PLANS, QUOTA_HEADROOM } from './plans.js';
import { blueprintFor } from './registry.js';
import { type Blueprint, blueprintObjects, type BlueprintStore, type EngineConfig } from './types.js';
import { WOO } from './woocommerce/names.js';
import { PREPARE_CONTENT_SCRIPT, WORDPRESS_PHP_INI } from './woocommerce/wordpress.js';

const config: EngineConfig = {
  baseDomain: 'stores.example.com',
  ingressClassName: 'traefik',
  ingressNamespace: 'kube-system',
  ingressPodLabels: { 'app.kubernetes.io/name': 'traefik' },
  ingressPorts: [80, 443, 8000, 8443],
  egressExcludeCidrs: ['203.0.113.10/32', '2001:db8::10/128'],
  tls: { enabled: true, clusterIssuer: 'letsencrypt-prod' },
  storageClassName: null,
  platformInstance: 'prod',
  woocommerce: {
    images: {
      wordpress: 'docker.io/library/wordpress:6.8.3-php8.3-apache',
      mariadb: 'docker.io/library/mariadb:11.4.8',
      wpCli: 'docker.io/library/wordpress:cli-2.12.0-php8.3',
    },
    woocommerceVersion: null,
    storefrontVersion: null,
  },
};

const storeOf = (engine: 'woocommerce' | 'medusa', plan: BlueprintStore['plan'] = 'small'): BlueprintStore => ({
  id: '7b3c8d9e-1f2a-4b5c-8d6e-0f1a2b3c4d5e',
  name: `acme-${engine}`,
  ownerId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  engine,
  plan,
  ownerEmail: 'owner@example.com',
});

const objects = (bp: Blueprint): KubernetesObject[] => blueprintObjects(bp);
const ofKind = <T extends KubernetesObject>(bp: Blueprint, kind: string): T[] =>
  objects(bp).filter((object) => object.kind === kind) as T[];
const pods = (bp: Blueprint): V1PodSpec[] =>
  objects(bp).flatMap((object) => {
    const spec = (object as V1Deployment | V1StatefulSet | V1Job).spec;
    return spec && 'template' in spec && spec.template?.spec ? [spec.template.spec] : [];
  });
const policy = (bp: Blueprint, name: string): V1NetworkPolicy => {
  const found = ofKind<V1NetworkPolicy>(bp, 'NetworkPolicy').find((p) => p.metadata?.name === name);
  if (!found) throw new Error(`no policy ${name}`);
  return found;
};

/** Millicores or MiB of a quantity (the forms the blueprints use). */
function amount(quantity: string): number {
  const match = /^(\d+(?:\.\d+)?)(m|Mi|Gi)?$/.exec(quantity);
  if (!match) throw new Error(`unexpected quantity ${quantity}`);
  const value = Number(match[1]);
  return { m: value, Mi: value, Gi: value * 1024, '': value * 1000 }[match[2] ?? '']!;
}

/** What a pod counts against a quota: the larger of its largest init container and the sum of its containers. */
function podUsage(pod: V1PodSpec, field: 'requests' | 'limits', resource: 'cpu' | 'memory'): number {
  const of = (c: V1Container) => amount(String(c.resources?.[field]?.[resource] ?? '0'));
  const main = pod.containers.reduce((sum, c) => sum + of(c), 0);
  return Math.max(main, ...(pod.initContainers ?? []).map(of));
}

describe.each(['woocommerce', 'medusa'] as const)('a %s store', (engine) => {
  const bp = blueprintFor(storeOf(engine), config);

  it.each(STORE_PLANS)('keeps quota headroom for an HTTP-01 solver and a debug pod on the %s plan', (plan) => {
    const planned = blueprintFor(storeOf(engine, plan), config);
    const hard = ofKind<V1ResourceQuota>(planned, 'ResourceQuota')[0]!.spec!.hard!;
    for (const field of ['requests', 'limits'] as const) {
      for (const resource of ['cpu', 'memory'] as const) {
        const used = pods(planned).reduce((sum, pod) => sum + podUsage(pod, field, resource), 0);
        const room = amount(hard[`${field}.${resource}`]!) - used;
        expect({ field, resource, room: room >= amount(QUOTA_HEADROOM[field][resource]) }).toEqual({
          field,
          resource,
          room: true,
        });
      }
    }
    expect(Number(hard.pods)).toBeGreaterThanOrEqual(pods(planned).length + QUOTA_HEADROOM.pods);
    expect(Number(hard.services)).toBeGreaterThanOrEqual(ofKind(planned, 'Service').length + QUOTA_HEADROOM.services);
    // The headroom holds the solver (cert-manager's default size) and a pod sized by the LimitRange's defaults.
    const defaults = PLANS[plan].limitRange;
    expect(amount(QUOTA_HEADROOM.limits.cpu)).toBe(
      amount(ACME_SOLVER_RESOURCES.limits.cpu) + amount(defaults.containerDefault.cpu),
    );
    expect(amount(QUOTA_HEADROOM.limits.memory)).toBe(
      amount(ACME_SOLVER_RESOURCES.limits.memory) + amount(defaults.containerDefault.memory),
    );
    // NodePort and LoadBalancer Services stay refused: the solver must use a ClusterIP Service.
    expect(hard['services.nodeports']).toBe('0');
    expect(hard['services.loadbalancers']).toBe('0');
  });

  it('admits exactly the HTTP-01 solver pod on 8089 from the ingress controller’s pods', () => {
    const solver = policy(bp, 'allow-acme-http01-solver');
    expect(solver.spec).toEqual({
      podSelector: { matchLabels: { 'acme.cert-manager.io/http01-solver': 'true' } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          _from: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
              podSelector: { matchLabels: { 'app.kubernetes.io/name': 'traefik' } },
            },
          ],
          ports: [{ protocol: 'TCP', port: ACME_SOLVER.port }],
        },
      ],
    });
    const withoutIssuer = blueprintFor(storeOf(engine), { ...config, tls: { enabled: true, clusterIssuer: null } });
    expect(ofKind<V1NetworkPolicy>(withoutIssuer, 'NetworkPolicy').map((p) => p.metadata?.name)).not.toContain(
      'allow-acme-http01-solver',
    );
  });

  it('lets only the ingress controller’s own pods in, not all of its namespace', () => {
    const ingress = ofKind<V1NetworkPolicy>(bp, 'NetworkPolicy').flatMap((p) => p.spec?.ingress ?? []);
    const fromKubeSystem = ingress.flatMap((rule) => rule._from ?? []).filter((peer) => peer.namespaceSelector);
    expect(fromKubeSystem.length).toBeGreaterThan(0);
    for (const peer of fromKubeSystem) expect(peer.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'traefik' } });
  });

  it('reaches the internet on 80/443 only, never private ranges or the cluster’s node addresses', () => {
    const [rule] = policy(bp, 'allow-egress-to-internet').spec!.egress!;
    expect(rule!.ports).toEqual(INTERNET_PORTS.map((port) => ({ protocol: 'TCP', port })));
    const [v4, v6] = rule!.to!;
    expect(v4!.ipBlock).toEqual({ cidr: '0.0.0.0/0', except: [...PRIVATE_IPV4_RANGES, '203.0.113.10/32'] });
    expect(v6!.ipBlock!.except).toContain('2001:db8::10/128');
  });

  it('allows a body size for nginx-class ingresses', () => {
    const [ingress] = ofKind<V1Ingress>(bp, 'Ingress');
    expect(ingress!.metadata!.annotations!['nginx.ingress.kubernetes.io/proxy-body-size']).toBe('64m');
  });

  it('runs only fully qualified images', () => {
    const images = pods(bp).flatMap((pod) => [...(pod.initContainers ?? []), ...pod.containers].map((c) => c.image!));
    for (const image of [...images, ...Object.values(MEDUSA_DEFAULT_IMAGES)]) {
      expect(image).toMatch(/^(localhost|[a-z0-9-]+(\.[a-z0-9-]+)+)(:\d+)?\//);
    }
  });
});

describe('WooCommerce specifics', () => {
  const bp = blueprintFor(storeOf('woocommerce'), config);
  const deployment = ofKind<V1Deployment>(bp, 'Deployment')[0]!;
  const job = ofKind<V1Job>(bp, 'Job')[0]!;

  it('lets WordPress reach its own public host through the ingress controller, and nothing else new', () => {
    const loopback = policy(bp, 'allow-egress-to-ingress-controller');
    expect(loopback.spec!.podSelector!.matchExpressions).toEqual([
      { key: 'app.kubernetes.io/component', operator: 'In', values: ['app'] },
    ]);
    expect(loopback.spec!.egress).toEqual([
      {
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }],
        ports: [80, 443, 8000, 8443].map((port) => ({ protocol: 'TCP', port })),
      },
    ]);
  });

  it('gives WordPress and WP-CLI a content directory prepared by www-data, on the same claim', () => {
    for (const spec of [deployment.spec!.template.spec!, job.spec!.template.spec!]) {
      const [prepare] = spec.initContainers!;
      expect(prepare!.command).toEqual(['/bin/sh', '-c', PREPARE_CONTENT_SCRIPT]);
      expect(prepare!.volumeMounts).toEqual([{ name: 'content', mountPath: '/claim' }]);
      expect(spec.securityContext).toMatchObject({ runAsUser: WOO.app.uid, runAsGroup: WOO.app.gid });
      const main = spec.containers[0]!;
      expect(main.volumeMounts).toContainEqual({ name: 'content', mountPath: '/var/www/html', subPath: 'html' });
      expect(spec.volumes).toContainEqual({ name: 'content', persistentVolumeClaim: { claimName: WOO.app.claim } });
    }
    execFileSync('sh', ['-n', '-c', PREPARE_CONTENT_SCRIPT]);
  });

  it('raises PHP’s upload limits to the ingress body size, written at start into PHP’s conf.d', () => {
    expect(WORDPRESS_PHP_INI).toContain('upload_max_filesize = 64M');
    expect(WORDPRESS_PHP_INI).toContain('post_max_size = 64M');
    const spec = deployment.spec!.template.spec!;
    const writer = spec.initContainers!.find((c) => c.name === 'php-settings')!;
    expect(writer.env).toEqual([{ name: 'PHP_SETTINGS', value: WORDPRESS_PHP_INI }]);
    // The writer's own command, run for real against a folder of this test.
    const folder = mkdtempSync(path.join(tmpdir(), 'php-'));
    execFileSync('sh', ['-c', writer.command![2]!.replace('/php/', `${folder}/`)], { env: { PHP_SETTINGS: WORDPRESS_PHP_INI } });
    expect(readFileSync(path.join(folder, 'storefleet.ini'), 'utf8')).toBe(WORDPRESS_PHP_INI);
    expect(writer.volumeMounts).toEqual([{ name: 'php-config', mountPath: '/php' }]);
    expect(spec.containers[0]!.volumeMounts).toContainEqual({
      name: 'php-config',
      mountPath: '/usr/local/etc/php/conf.d/zz-storefleet.ini',
      subPath: 'storefleet.ini',
      readOnly: true,
    });
    expect(spec.volumes).toContainEqual({ name: 'php-config', emptyDir: { medium: 'Memory', sizeLimit: '1Mi' } });
  });
});

describe('Medusa specifics', () => {
  it('gives Redis its password through a private file, never as an argument', () => {
    const bp = blueprintFor(storeOf('medusa'), config);
    const redis = ofKind<V1StatefulSet>(bp, 'StatefulSet').find((s) => s.metadata?.name === 'redis')!;
    const container = redis.spec!.template.spec!.containers[0]!;
    expect(container.args).toBeUndefined();
    expect(JSON.stringify(container.command)).not.toContain('$(REDIS_PASSWORD)');
    expect(container.command!.join(' ')).toContain('umask 077');
  });
});
