import type { V1Container, V1Deployment, V1Ingress } from '@kubernetes/client-node';

import { blueprintFor } from '../registry.js';
import { TEST_ENGINE_CONFIG, testStore } from '../testing/fixtures.js';
import type { Blueprint, EngineConfig } from '../types.js';
import { canonicalHost, storeHosts, storeOrigins } from './ingress.js';

/** Custom domains in every engine's blueprint: Ingress hosts and TLS, and the canonical URL the engine is given. */
const https: EngineConfig = { ...TEST_ENGINE_CONFIG, tls: { enabled: true, clusterIssuer: 'letsencrypt' } };
const domains = ['shop.example.com', 'www.example.org'];

const ingressOf = (bp: Blueprint) => bp.manifests.ingress.objects.find((o) => o.kind === 'Ingress') as V1Ingress;
const container = (bp: Blueprint, deployment: string): V1Container =>
  (bp.manifests.application.objects.find((o) => o.kind === 'Deployment' && o.metadata?.name === deployment) as V1Deployment).spec!
    .template.spec!.containers[0]!;
const env = (c: V1Container) => Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value]));

describe('custom domains in blueprints', () => {
  it('lists the platform host first, then the custom domains; the first custom domain is canonical', () => {
    const store = testStore('woocommerce', { domains });
    expect(storeHosts(store, https)).toEqual(['acme-shop.stores.example.com', 'shop.example.com', 'www.example.org']);
    expect(canonicalHost(store, https)).toBe('shop.example.com');
    expect(storeOrigins(store, https)).toEqual([
      'https://shop.example.com',
      'https://acme-shop.stores.example.com',
      'https://www.example.org',
    ]);
    expect(canonicalHost(testStore('woocommerce'), https)).toBe('acme-shop.stores.example.com');
  });

  it.each(['woocommerce', 'medusa'] as const)('routes every host alike on a %s store, one certificate for all', (engine) => {
    const plain = ingressOf(blueprintFor(testStore(engine), https));
    const bp = blueprintFor(testStore(engine, { domains }), https);
    const ingress = ingressOf(bp);
    const platform = plain.spec!.rules![0]!;
    expect(ingress.spec!.rules!.map((r) => r.host)).toEqual([platform.host, ...domains]);
    // Each custom host has exactly the platform host's paths and backends.
    for (const rule of ingress.spec!.rules!) expect(rule.http).toEqual(platform.http);
    expect(ingress.spec!.tls).toEqual([{ hosts: [platform.host, ...domains], secretName: 'storefront-tls' }]);
    expect(ingress.metadata!.annotations!['cert-manager.io/cluster-issuer']).toBe('letsencrypt');
    expect(bp.storefrontUrl).toBe('https://shop.example.com/');
    expect(bp.host).toBe(platform.host);
  });

  it('without an issuer names no certificate Secret (the controller default serves) and without TLS has no tls block', () => {
    const noIssuer = ingressOf(
      blueprintFor(testStore('woocommerce', { domains }), { ...https, tls: { enabled: true, clusterIssuer: null } }),
    );
    expect(noIssuer.spec!.tls).toEqual([{ hosts: ['acme-shop.stores.example.com', ...domains] }]);
    expect(noIssuer.metadata!.annotations!['cert-manager.io/cluster-issuer']).toBeUndefined();
    const plain = ingressOf(blueprintFor(testStore('woocommerce', { domains }), TEST_ENGINE_CONFIG));
    expect(plain.spec!.tls).toBeUndefined();
    expect(plain.spec!.rules).toHaveLength(3);
  });

  it('removing every custom domain gives back the platform-only Ingress and URL', () => {
    const before = blueprintFor(testStore('medusa'), https);
    const after = blueprintFor(testStore('medusa', { domains: [] }), https);
    expect(ingressOf(after)).toEqual(ingressOf(before));
    expect(after.storefrontUrl).toBe('https://acme-shop.stores.example.com/');
  });

  it('tells WordPress its canonical URL (home and siteurl through WP_HOME and WP_SITEURL)', () => {
    const bp = blueprintFor(testStore('woocommerce', { domains }), https);
    const extra = env(container(bp, 'wordpress')).WORDPRESS_CONFIG_EXTRA;
    expect(extra).toContain("define('WP_HOME', 'https://shop.example.com');");
    expect(extra).toContain("define('WP_SITEURL', 'https://shop.example.com');");
    expect(bp.adminUrl).toBe('https://shop.example.com/wp-admin/');
  });

  it("gives Medusa every origin for CORS, the canonical one as its public URL and the storefront's base URL", () => {
    const bp = blueprintFor(testStore('medusa', { domains }), https);
    const origins = 'https://shop.example.com,https://acme-shop.stores.example.com,https://www.example.org';
    expect(env(container(bp, 'medusa'))).toMatchObject({
      STORE_CORS: origins,
      ADMIN_CORS: origins,
      AUTH_CORS: origins,
      MEDUSA_PUBLIC_URL: 'https://shop.example.com',
    });
    expect(env(container(bp, 'storefront')).STOREFRONT_URL).toBe('https://shop.example.com');
    expect(bp.adminUrl).toBe('https://shop.example.com/app/');
  });

  it("keeps a suspended store's custom hosts on its paused page", () => {
    const bp = blueprintFor(testStore('woocommerce', { domains, suspended: true }), https);
    const ingress = ingressOf(bp);
    expect(ingress.spec!.rules!.map((r) => r.host)).toEqual(['acme-shop.stores.example.com', ...domains]);
    expect(new Set(ingress.spec!.rules!.map((r) => r.http!.paths[0]!.backend.service!.name))).toEqual(new Set(['paused-page']));
  });
});
