import type { V1Ingress } from '@kubernetes/client-node';
import { blueprintFor, type BlueprintStore } from '@storefleet/engines';

import { engineConfigFrom } from '../config/engine-config.js';
import { loadWorkerConfig } from '../config/worker-config.js';
import { ClusterInventory, ingressHosts } from './inventory.js';

const store = (suspended: boolean): BlueprintStore => ({
  id: '7b3c8d9e-1f2a-4b5c-8d6e-0f1a2b3c4d5e',
  name: 'acme-shop',
  ownerId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  engine: 'woocommerce',
  plan: 'small',
  suspended,
});
// The worker's own engine configuration, from its defaults.
const config = engineConfigFrom(
  loadWorkerConfig({
    DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/db',
    REDIS_URL: 'redis://127.0.0.1:6379',
    CREDENTIALS_KEY: Buffer.alloc(32, 7).toString('base64'),
  }),
);

/** An inventory as the reconciler's LISTs would fill it: the namespace and each workload with its wanted replicas. */
function seen(replicas: Record<string, [kind: string, count: number]>) {
  const ns = 'store-acme-shop';
  return new Map([
    [`Namespace//${ns}`, { deleting: false, ready: true, replicas: 0 }],
    ...Object.entries(replicas).map(
      ([name, [kind, count]]) => [`${kind}/${ns}/${name}`, { deleting: false, ready: true, replicas: count }] as const,
    ),
  ]);
}

describe('the cluster inventory of a suspended store', () => {
  const suspended = blueprintFor(store(true), config);
  const running = blueprintFor(store(false), config);

  it('finds nothing awake or missing when everything is at zero and the page is up', () => {
    const objects = seen({ mariadb: ['StatefulSet', 0], wordpress: ['Deployment', 0], 'paused-page': ['Deployment', 1] });
    expect(ClusterInventory.awake(objects, suspended)).toEqual([]);
    expect(ClusterInventory.missing(objects, suspended)).toEqual([]);
  });

  it('names a workload scaled up by hand, and a missing paused page', () => {
    const objects = seen({ mariadb: ['StatefulSet', 0], wordpress: ['Deployment', 2] });
    expect(ClusterInventory.awake(objects, suspended)).toEqual(['wordpress']);
    expect(ClusterInventory.missing(objects, suspended)).toEqual(['Deployment/store-acme-shop/paused-page']);
  });

  it('sees nothing awake in a running store at its replicas (the page at zero)', () => {
    const objects = seen({ mariadb: ['StatefulSet', 1], wordpress: ['Deployment', 1], 'paused-page': ['Deployment', 0] });
    expect(ClusterInventory.awake(objects, running)).toEqual([]);
    expect(ClusterInventory.awake(objects, suspended)).toEqual(['mariadb', 'wordpress']);
  });
});

describe('the cluster inventory of an Ingress', () => {
  const withDomains = blueprintFor({ ...store(false), domains: ['shop.example.com'] }, config);
  const ingressOf = (bp: typeof withDomains) => bp.manifests.ingress.objects.find((o) => o.kind === 'Ingress') as V1Ingress;
  const withIngress = (ingress: V1Ingress) =>
    new Map([
      [`Ingress/store-acme-shop/storefront`, { deleting: false, ready: true, replicas: 0, hosts: ingressHosts(ingress) }],
    ]);

  it('finds no drift when the Ingress routes exactly the stored hosts (in any order)', () => {
    const ingress = ingressOf(withDomains);
    const reordered: V1Ingress = { ...ingress, spec: { ...ingress.spec, rules: [...ingress.spec!.rules!].reverse() } };
    expect(ClusterInventory.hostDrift(withIngress(reordered), withDomains)).toEqual([]);
  });

  it('names the Ingress when a custom host is missing or extra, its TLS hosts differ, or it is gone', () => {
    const platformOnly = ingressOf(blueprintFor(store(false), config));
    expect(ClusterInventory.hostDrift(withIngress(platformOnly), withDomains)).toEqual(['storefront']);
    expect(ClusterInventory.hostDrift(withIngress(ingressOf(withDomains)), blueprintFor(store(false), config))).toEqual([
      'storefront',
    ]);
    const ingress = ingressOf(withDomains);
    const uncovered: V1Ingress = { ...ingress, spec: { ...ingress.spec, tls: [{ hosts: ['acme-shop.localtest.me'] }] } };
    expect(ClusterInventory.hostDrift(withIngress(uncovered), withDomains)).toEqual(['storefront']);
    expect(ClusterInventory.hostDrift(new Map(), withDomains)).toEqual(['storefront']);
  });
});
