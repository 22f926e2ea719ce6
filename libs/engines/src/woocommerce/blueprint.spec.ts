import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type {
  KubernetesObject,
  V1Container,
  V1Deployment,
  V1Ingress,
  V1Job,
  V1LabelSelector,
  V1LimitRange,
  V1Namespace,
  V1NetworkPolicy,
  V1PodSpec,
  V1PodTemplateSpec,
  V1ResourceQuota,
  V1Service,
  V1StatefulSet,
} from '@kubernetes/client-node';
import { PROVISIONING_STEPS } from '@storefleet/contracts';

import { generateSecretValues, secretManifest } from '../common/secret.js';
import { LABELS } from '../labels.js';
import { PLANS } from '../plans.js';
import { blueprintFor } from '../registry.js';
import { TEST_ENGINE_CONFIG } from '../testing/fixtures.js';
import { type Blueprint, blueprintObjects, type BlueprintStore, type EngineConfig, isManifestStep } from '../types.js';
import { woocommerceBlueprint } from './blueprint.js';
import { WOOCOMMERCE_SETUP_SCRIPT } from './setup-script.js';

const store: BlueprintStore = {
  id: '7b3c8d9e-1f2a-4b5c-8d6e-0f1a2b3c4d5e',
  name: 'acme-shop',
  ownerId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  engine: 'woocommerce',
  plan: 'small',
  ownerEmail: 'owner@example.com',
};

const config: EngineConfig = TEST_ENGINE_CONFIG;

/** A deterministic byte source, so secret values are reproducible in the test. */
function counterRandom(seed = 1) {
  let n = seed;
  return (size: number) => Uint8Array.from({ length: size }, () => (n = (n * 1103515245 + 12345) % 2 ** 31) & 0xff);
}

function all(bp: Blueprint): KubernetesObject[] {
  return blueprintObjects(bp);
}

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

function containers(pod: V1PodSpec): V1Container[] {
  return [...(pod.initContainers ?? []), ...pod.containers];
}

/** Kubernetes quantity to a number (cores or bytes). */
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

const bp = woocommerceBlueprint(store, config);
const podLabels = (component: string) =>
  podTemplates(bp).find((t) => t.metadata?.labels?.[LABELS.component] === component)!.metadata!.labels!;

describe('woocommerceBlueprint', () => {
  it('puts the store in namespace store-<name>, labelled with platform, store, owner and engine, under restricted Pod Security', () => {
    const ns = find<V1Namespace>(bp, 'Namespace');
    expect(ns.metadata?.name).toBe('store-acme-shop');
    expect(ns.metadata?.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'storefleet',
      'storefleet.dev/store-id': store.id,
      'storefleet.dev/owner-id': store.ownerId,
      'storefleet.dev/engine': 'woocommerce',
      'storefleet.dev/instance': 'prod',
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
  });

  it('places every object in the store namespace with the store labels and a DNS-1123 name', () => {
    for (const object of all(bp)) {
      if (object.kind !== 'Namespace') expect(object.metadata?.namespace).toBe('store-acme-shop');
      expect(object.metadata?.labels?.[LABELS.storeId]).toBe(store.id);
      expect(object.metadata?.labels?.[LABELS.managedBy]).toBe('storefleet');
      expect(object.metadata?.name).toMatch(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/);
    }
  });

  it.each(['small', 'medium', 'large'] as const)('sets the %s plan quota and limit range from the plan table', (plan) => {
    const sized = woocommerceBlueprint({ ...store, plan }, config);
    const quota = find<V1ResourceQuota>(sized, 'ResourceQuota');
    const spec = PLANS[plan];
    expect(quota.spec?.hard).toMatchObject({
      'requests.cpu': spec.quota.requestsCpu,
      'limits.memory': spec.quota.limitsMemory,
      'requests.storage': spec.quota.requestsStorage,
      pods: String(spec.quota.pods),
      'services.loadbalancers': '0',
      'services.nodeports': '0',
    });
    const limitRange = find<V1LimitRange>(sized, 'LimitRange');
    expect(limitRange.spec?.limits[0]).toMatchObject({ type: 'Container', max: spec.limitRange.containerMax });
  });

  it.each(['small', 'medium', 'large'] as const)(
    'fits every %s container, all running at once, inside the quota and the limit range',
    (plan) => {
      const sized = woocommerceBlueprint({ ...store, plan }, config);
      const hard = find<V1ResourceQuota>(sized, 'ResourceQuota').spec!.hard!;
      const max = PLANS[plan].limitRange.containerMax;
      const sum = { 'requests.cpu': 0, 'requests.memory': 0, 'limits.cpu': 0, 'limits.memory': 0 };
      for (const template of podTemplates(sized)) {
        for (const c of containers(template.spec!)) {
          sum['requests.cpu'] += quantity(c.resources!.requests!.cpu!);
          sum['requests.memory'] += quantity(c.resources!.requests!.memory!);
          sum['limits.cpu'] += quantity(c.resources!.limits!.cpu!);
          sum['limits.memory'] += quantity(c.resources!.limits!.memory!);
          expect(quantity(c.resources!.limits!.cpu!)).toBeLessThanOrEqual(quantity(max.cpu));
          expect(quantity(c.resources!.limits!.memory!)).toBeLessThanOrEqual(quantity(max.memory));
        }
      }
      for (const [key, used] of Object.entries(sum)) expect(used).toBeLessThanOrEqual(quantity(hard[key]!));
      const claims = PLANS[plan].storage.database;
      expect(quantity(claims) + quantity(PLANS[plan].storage.app)).toBeLessThanOrEqual(quantity(hard['requests.storage']!));
    },
  );

  it('gives every container requests, limits and the tightest security context', () => {
    const templates = podTemplates(bp);
    expect(templates).toHaveLength(3);
    for (const template of templates) {
      const pod = template.spec!;
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(pod.securityContext?.runAsUser).toBeGreaterThan(0);
      for (const c of containers(pod)) {
        expect(c.resources?.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
        expect(c.resources?.limits).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
        expect(c.securityContext).toMatchObject({
          allowPrivilegeEscalation: false,
          privileged: false,
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          capabilities: { drop: ['ALL'] },
        });
        expect(c.securityContext?.capabilities?.add).toBeUndefined();
        expect(c.image).toMatch(/:[\w.-]+$/);
      }
    }
  });

  it('runs the images named in the configuration', () => {
    const images = podTemplates(bp).flatMap((t) => containers(t.spec!).map((c) => c.image));
    expect([...new Set(images)].sort()).toEqual([
      'mariadb:11.4.8',
      'wordpress:6.8.3-php8.3-apache',
      'wordpress:cli-2.12.0-php8.3',
    ]);
  });

  it('keeps secret values out of everything but the Secret', () => {
    const values = generateSecretValues(bp.secret, counterRandom());
    const manifests = JSON.stringify(bp);
    for (const value of Object.values(values)) expect(manifests).not.toContain(value);
    const secret = secretManifest(bp.secret, values);
    expect(Object.values(secret.stringData!)).toEqual(Object.values(values));
    // Every credential-like variable is a reference to the Secret, never a literal.
    for (const template of podTemplates(bp)) {
      for (const env of containers(template.spec!).flatMap((c) => c.env ?? [])) {
        if (/PASSWORD|_KEY$|_SALT$/.test(env.name)) {
          expect(env.value).toBeUndefined();
          expect(env.valueFrom?.secretKeyRef?.name).toBe(bp.secret.name);
          expect(Object.keys(bp.secret.keys)).toContain(env.valueFrom?.secretKeyRef?.key);
        }
      }
    }
  });

  it('denies all traffic by default and allows exactly what the store needs', () => {
    const policies = all(bp).filter((o): o is V1NetworkPolicy => o.kind === 'NetworkPolicy');
    const deny = policies.find((p) => p.metadata?.name === 'default-deny')!;
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });

    const selecting = (component: string, type: 'Ingress' | 'Egress') =>
      policies.filter(
        (p) =>
          p.metadata?.name !== 'default-deny' &&
          p.spec!.policyTypes!.includes(type) &&
          matches(p.spec!.podSelector ?? {}, podLabels(component)),
      );

    // The ingress controller's namespace reaches the app's port, nothing else reaches the app.
    const appIngress = selecting('app', 'Ingress');
    expect(appIngress).toHaveLength(1);
    expect(appIngress[0]!.spec!.ingress).toEqual([
      {
        _from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }],
        ports: [{ protocol: 'TCP', port: 80 }],
      },
    ]);

    // Only the app and the setup Job reach the database, on 3306.
    const dbIngress = selecting('database', 'Ingress');
    expect(dbIngress).toHaveLength(1);
    const peer = dbIngress[0]!.spec!.ingress![0]!._from![0]!.podSelector!;
    expect(matches(peer, podLabels('app'))).toBe(true);
    expect(matches(peer, podLabels('setup'))).toBe(true);
    expect(matches(peer, podLabels('database'))).toBe(false);
    expect(dbIngress[0]!.spec!.ingress![0]!.ports).toEqual([{ protocol: 'TCP', port: 3306 }]);

    // The database has no egress at all; the app has DNS, the database and the internet.
    expect(selecting('database', 'Egress')).toHaveLength(0);
    const appEgress = selecting('app', 'Egress').map((p) => p.metadata!.name);
    expect(appEgress.sort()).toEqual([
      'allow-dns',
      'allow-egress-to-database',
      'allow-egress-to-ingress-controller',
      'allow-egress-to-internet',
    ]);
    const dns = policies.find((p) => p.metadata?.name === 'allow-dns')!;
    expect(dns.spec!.egress![0]!.to).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } },
    ]);
  });

  it('lets the app reach the internet but no cluster-private range', () => {
    const internet = find<V1NetworkPolicy>(bp, 'NetworkPolicy', 'allow-egress-to-internet');
    const blocks = internet.spec!.egress![0]!.to!.map((peer) => peer.ipBlock!);
    expect(blocks[0]).toEqual({
      cidr: '0.0.0.0/0',
      except: expect.arrayContaining(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16']),
    });
    expect(blocks[1]?.except).toEqual(expect.arrayContaining(['fc00::/7']));
  });

  it('selects its own pods from every Service, Deployment and StatefulSet', () => {
    const service = (name: string) => find<V1Service>(bp, 'Service', name);
    expect(service('mariadb').spec?.clusterIP).toBe('None');
    expect(matches({ matchLabels: service('mariadb').spec!.selector! }, podLabels('database'))).toBe(true);
    expect(matches({ matchLabels: service('wordpress').spec!.selector! }, podLabels('app'))).toBe(true);
    expect(matches({ matchLabels: service('wordpress').spec!.selector! }, podLabels('setup'))).toBe(false);
    const statefulSet = find<V1StatefulSet>(bp, 'StatefulSet');
    expect(matches(statefulSet.spec!.selector, statefulSet.spec!.template.metadata!.labels!)).toBe(true);
    expect(statefulSet.spec!.volumeClaimTemplates![0]!.spec!.resources!.requests).toEqual({ storage: '2Gi' });
    const deployment = find<V1Deployment>(bp, 'Deployment');
    expect(matches(deployment.spec!.selector, deployment.spec!.template.metadata!.labels!)).toBe(true);
    expect(deployment.spec!.strategy?.type).toBe('Recreate');
  });

  it('serves the store at <name>.<base domain> over plain HTTP when no issuer is configured', () => {
    const ingress = find<V1Ingress>(bp, 'Ingress');
    expect(ingress.spec?.ingressClassName).toBe('nginx');
    expect(ingress.spec?.rules?.[0]?.host).toBe('acme-shop.stores.example.com');
    expect(ingress.spec?.tls).toBeUndefined();
    expect(ingress.metadata?.annotations).toEqual({ 'nginx.ingress.kubernetes.io/proxy-body-size': '64m' });
    expect(bp.storefrontUrl).toBe('http://acme-shop.stores.example.com/');
    expect(bp.adminUrl).toBe('http://acme-shop.stores.example.com/wp-admin/');
  });

  it('asks cert-manager for a certificate and serves HTTPS when an issuer is configured', () => {
    const secure = woocommerceBlueprint(store, { ...config, tls: { enabled: true, clusterIssuer: 'letsencrypt' } });
    const ingress = find<V1Ingress>(secure, 'Ingress');
    expect(ingress.metadata?.annotations).toEqual({
      'cert-manager.io/cluster-issuer': 'letsencrypt',
      'nginx.ingress.kubernetes.io/proxy-body-size': '64m',
    });
    expect(ingress.spec?.tls).toEqual([{ hosts: ['acme-shop.stores.example.com'], secretName: 'storefront-tls' }]);
    expect(secure.storefrontUrl).toBe('https://acme-shop.stores.example.com/');
  });

  it('serves HTTPS with the ingress controller’s default certificate when TLS is on without an issuer', () => {
    const secure = woocommerceBlueprint(store, { ...config, tls: { enabled: true, clusterIssuer: null } });
    const ingress = find<V1Ingress>(secure, 'Ingress');
    expect(ingress.metadata?.annotations?.['cert-manager.io/cluster-issuer']).toBeUndefined();
    expect(ingress.spec?.tls).toEqual([{ hosts: ['acme-shop.stores.example.com'] }]);
    expect(secure.adminUrl).toBe('https://acme-shop.stores.example.com/wp-admin/');
  });

  it('uses the configured storage class for every claim', () => {
    const classy = woocommerceBlueprint(store, { ...config, storageClassName: 'fast' });
    expect(find<V1StatefulSet>(classy, 'StatefulSet').spec!.volumeClaimTemplates![0]!.spec!.storageClassName).toBe('fast');
    expect(
      find<KubernetesObject & { spec: { storageClassName?: string } }>(classy, 'PersistentVolumeClaim').spec.storageClassName,
    ).toBe('fast');
  });

  it('adds configured pod annotations to the right components only', () => {
    const annotated = woocommerceBlueprint(store, {
      ...config,
      podAnnotations: { database: { 'x/sim': 'unready' }, all: { 'x/team': 'a' } },
    });
    const annotations = (component: string) =>
      podTemplates(annotated).find((t) => t.metadata?.labels?.[LABELS.component] === component)!.metadata!.annotations;
    expect(annotations('database')).toEqual({ 'x/team': 'a', 'x/sim': 'unready' });
    expect(annotations('app')).toEqual({ 'x/team': 'a' });
    expect(podTemplates(bp).every((t) => t.metadata?.annotations === undefined)).toBe(true);
  });

  it('sets the store up with WP-CLI, scheduled next to the app whose files it shares', () => {
    const job = find<V1Job>(bp, 'Job');
    const pod = job.spec!.template.spec!;
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.[0]?.labelSelector?.matchLabels).toEqual({
      [LABELS.instance]: 'acme-shop',
      [LABELS.component]: 'app',
    });
    const env = Object.fromEntries(pod.containers[0]!.env!.map((e) => [e.name, e.value]));
    expect(env).toMatchObject({
      STORE_URL: 'http://acme-shop.stores.example.com',
      ADMIN_USER: bp.adminUsername,
      ADMIN_EMAIL: 'owner@example.com',
    });
  });
});

describe('the WooCommerce setup script', () => {
  it('is valid POSIX shell', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'setup-')), 'setup.sh');
    writeFileSync(file, WOOCOMMERCE_SETUP_SCRIPT);
    expect(() => execFileSync('sh', ['-n', file])).not.toThrow();
  });

  it.each([
    ['installs WordPress', '$(state core-state)', '\nstate core\n'],
    ['installs WooCommerce', 'state woocommerce-state', 'wp plugin activate woocommerce'],
    ['installs Storefront', 'wp theme is-active storefront', 'wp theme activate storefront'],
    ['creates the shop pages', 'if state pages-state', 'wp wc tool run install_pages'],
    ['makes the shop the front page', 'if state front-page-state', 'wp option update show_on_front page'],
    ['imports sample products', 'if state products-state', 'wp import'],
    ['regenerates the product lookup tables', 'if state lookup-state', 'wc_update_product_lookup_tables();'],
    ['adds the default shipping zone', 'if state shipping-state', 'wp eval-file /tmp/storefleet/shipping.php'],
    ['enables Cash on Delivery', 'if state cod-state', 'wp wc payment_gateway update cod --enabled=true'],
    ['sets permalinks', 'if state permalinks-state', "wp rewrite structure '/%postname%/'"],
  ])('%s only after checking it is needed', (_what, check, change) => {
    const checkAt = WOOCOMMERCE_SETUP_SCRIPT.indexOf(check);
    const changeAt = WOOCOMMERCE_SETUP_SCRIPT.indexOf(change);
    expect(checkAt).toBeGreaterThan(-1);
    expect(changeAt).toBeGreaterThan(checkAt);
  });

  it("moves the plugin to the store's version only when it is not that version, then runs both databases' updates", () => {
    const script = WOOCOMMERCE_SETUP_SCRIPT;
    const check = script.indexOf('"$(wp plugin get woocommerce --field=version)" != "$WOOCOMMERCE_VERSION"');
    const move = script.indexOf('wp plugin install woocommerce --force --version="$WOOCOMMERCE_VERSION"');
    const coreDb = script.indexOf('wp core update-db');
    const wooDb = script.indexOf('wp wc update');
    expect(check).toBeGreaterThan(script.indexOf("running WooCommerce's installer"));
    expect(move).toBeGreaterThan(check);
    expect(coreDb).toBeGreaterThan(move);
    expect(wooDb).toBeGreaterThan(coreDb);
    // Before the theme and the shop's content, which run on the updated databases.
    expect(wooDb).toBeLessThan(script.indexOf('wp theme is-active storefront'));
  });

  it('waits for the database before changing anything', () => {
    const waitAt = WOOCOMMERCE_SETUP_SCRIPT.indexOf('retry 120 state wait-db');
    expect(waitAt).toBeGreaterThan(-1);
    expect(waitAt).toBeLessThan(WOOCOMMERCE_SETUP_SCRIPT.indexOf('\nstate core\n'));
  });

  it('keeps the admin password off every command line and flushes the rewrite rules once', () => {
    expect(WOOCOMMERCE_SETUP_SCRIPT).not.toMatch(/--admin_password|--user_pass|\$ADMIN_PASSWORD|\$\{ADMIN_PASSWORD/);
    expect(WOOCOMMERCE_SETUP_SCRIPT).toContain("env('ADMIN_PASSWORD')");
    expect(WOOCOMMERCE_SETUP_SCRIPT).not.toContain('wp rewrite flush');
  });
});

describe('blueprintFor', () => {
  it('picks the engine by the store', () => {
    expect(blueprintFor(store, config).engine).toBe('woocommerce');
    expect(blueprintFor({ ...store, engine: 'medusa' }, config).engine).toBe('medusa');
  });
});
