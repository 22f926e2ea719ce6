import type { V1NetworkPolicy, V1NetworkPolicySpec } from '@kubernetes/client-node';

import { ingressControllerPeer, networkPolicyManifests } from '../common/network-policies.js';
import { componentSelector, LABELS, storeLabels } from '../labels.js';
import type { BlueprintStore, Component, EngineConfig } from '../types.js';
import { MEDUSA } from './names.js';

const pods = (store: BlueprintStore, components: Component[]) => ({
  matchLabels: { [LABELS.instance]: store.name },
  matchExpressions: [{ key: LABELS.component, operator: 'In', values: [...components] }],
});

/**
 * The common policies (deny by default; the ingress controller to the
 * storefront; Medusa and the setup Job to Postgres; DNS; Medusa out to the
 * internet for payment providers, never to private ranges; Postgres with no
 * egress), plus what Medusa's extra parts need, each allowed both ways:
 * the ingress controller to Medusa's port (store and admin APIs, admin UI),
 * the storefront to Medusa, and Medusa and the setup Job to Redis, which has
 * no egress either. The storefront reaches nothing but Medusa and DNS.
 */
export function medusaNetworkPolicies(store: BlueprintStore, config: EngineConfig, namespace: string): V1NetworkPolicy[] {
  const labels = storeLabels(store, config);
  const policy = (name: string, spec: V1NetworkPolicySpec): V1NetworkPolicy => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace, labels },
    spec,
  });
  const tcp = (port: number) => [{ protocol: 'TCP', port }];
  const app = MEDUSA.app.port;
  const redis = MEDUSA.cache.port;
  return [
    ...networkPolicyManifests(store, config, namespace, {
      web: { component: 'storefront', port: MEDUSA.storefront.port },
      database: { component: 'database', port: MEDUSA.database.port, clients: ['app', 'setup'] },
      internetClients: ['app'],
      dnsClients: ['app', 'setup', 'storefront'],
    }),
    policy('allow-ingress-controller-to-medusa', {
      podSelector: { matchLabels: componentSelector(store, 'app') },
      policyTypes: ['Ingress'],
      ingress: [{ _from: [ingressControllerPeer(config)], ports: tcp(app) }],
    }),
    policy('allow-storefront-to-medusa', {
      podSelector: { matchLabels: componentSelector(store, 'app') },
      policyTypes: ['Ingress'],
      ingress: [{ _from: [{ podSelector: { matchLabels: componentSelector(store, 'storefront') } }], ports: tcp(app) }],
    }),
    policy('allow-storefront-egress-to-medusa', {
      podSelector: { matchLabels: componentSelector(store, 'storefront') },
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: { matchLabels: componentSelector(store, 'app') } }], ports: tcp(app) }],
    }),
    policy('allow-cache-clients', {
      podSelector: { matchLabels: componentSelector(store, 'cache') },
      policyTypes: ['Ingress'],
      ingress: [{ _from: [{ podSelector: pods(store, ['app', 'setup']) }], ports: tcp(redis) }],
    }),
    policy('allow-egress-to-cache', {
      podSelector: pods(store, ['app', 'setup']),
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: { matchLabels: componentSelector(store, 'cache') } }], ports: tcp(redis) }],
    }),
  ];
}
