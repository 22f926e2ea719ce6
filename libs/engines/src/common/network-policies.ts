import type { V1LabelSelector, V1NetworkPolicy, V1NetworkPolicySpec } from '@kubernetes/client-node';

import { componentSelector, LABELS, storeLabels } from '../labels.js';
import type { BlueprintStore, Component, EngineConfig } from '../types.js';

/** Addresses that are never "the internet": cluster, node and cloud-metadata ranges. */
export const PRIVATE_IPV4_RANGES = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  '169.254.0.0/16',
  '127.0.0.0/8',
];
export const PRIVATE_IPV6_RANGES = ['fc00::/7', 'fe80::/10', '::1/128'];

export interface TrafficPlan {
  /** The component the ingress controller may reach, and on which port. */
  web: { component: Component; port: number };
  /** The database, reached by `clients` on `port`; it has no egress at all. */
  database: { component: Component; port: number; clients: Component[] };
  /** Components allowed out to public addresses (plugin installs, payment providers). */
  internetClients: Component[];
  /** Components that resolve names through the cluster DNS in kube-system. */
  dnsClients: Component[];
}

function selectComponents(store: BlueprintStore, components: Component[]): V1LabelSelector {
  return {
    matchLabels: { [LABELS.instance]: store.name },
    matchExpressions: [{ key: LABELS.component, operator: 'In', values: [...components] }],
  };
}

/**
 * Deny by default, then allow exactly: the ingress controller to the web
 * port, the database's clients to the database port, DNS to kube-system and
 * the internet (never private ranges) to the components that need them.
 * The database is selected by no egress rule, so it can reach nothing.
 */
export function networkPolicyManifests(
  store: BlueprintStore,
  config: EngineConfig,
  namespace: string,
  plan: TrafficPlan,
): V1NetworkPolicy[] {
  const labels = storeLabels(store, config);
  const policy = (name: string, spec: V1NetworkPolicySpec): V1NetworkPolicy => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace, labels },
    spec,
  });
  return [
    policy('default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    policy('allow-dns', {
      podSelector: selectComponents(store, plan.dnsClients),
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ],
    }),
    policy('allow-ingress-controller', {
      podSelector: { matchLabels: componentSelector(store, plan.web.component) },
      policyTypes: ['Ingress'],
      ingress: [
        {
          _from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': config.ingressNamespace } } }],
          ports: [{ protocol: 'TCP', port: plan.web.port }],
        },
      ],
    }),
    policy('allow-database-clients', {
      podSelector: { matchLabels: componentSelector(store, plan.database.component) },
      policyTypes: ['Ingress'],
      ingress: [
        {
          _from: [{ podSelector: selectComponents(store, plan.database.clients) }],
          ports: [{ protocol: 'TCP', port: plan.database.port }],
        },
      ],
    }),
    policy('allow-egress-to-database', {
      podSelector: selectComponents(store, plan.database.clients),
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ podSelector: { matchLabels: componentSelector(store, plan.database.component) } }],
          ports: [{ protocol: 'TCP', port: plan.database.port }],
        },
      ],
    }),
    policy('allow-egress-to-internet', {
      podSelector: selectComponents(store, plan.internetClients),
      policyTypes: ['Egress'],
      egress: [
        {
          to: [
            { ipBlock: { cidr: '0.0.0.0/0', except: [...PRIVATE_IPV4_RANGES] } },
            { ipBlock: { cidr: '::/0', except: [...PRIVATE_IPV6_RANGES] } },
          ],
        },
      ],
    }),
  ];
}
