import type {
  V1LabelSelector,
  V1NetworkPolicy,
  V1NetworkPolicyPeer,
  V1NetworkPolicyPort,
  V1NetworkPolicySpec,
} from '@kubernetes/client-node';

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

/** The only ports store pods reach on the internet: HTTP and HTTPS (plugin installs, payment providers). */
export const INTERNET_PORTS = [80, 443] as const;

/** Ports of the ingress controller's pods when the configuration names none (ingress-nginx). */
export const DEFAULT_INGRESS_PORTS = [80, 443] as const;

/** cert-manager labels its HTTP-01 solver pods so; they listen on 8089. */
export const ACME_SOLVER = { labels: { 'acme.cert-manager.io/http01-solver': 'true' }, port: 8089 } as const;

export interface TrafficPlan {
  /** The component the ingress controller may reach, and on which port. */
  web: { component: Component; port: number };
  /** The database, reached by `clients` on `port`; it has no egress at all. */
  database: { component: Component; port: number; clients: Component[] };
  /** Components allowed out to public addresses (plugin installs, payment providers). */
  internetClients: Component[];
  /** Components that resolve names through the cluster DNS in kube-system. */
  dnsClients: Component[];
  /**
   * Components that call the store's own public host from inside (WordPress:
   * WP-Cron, Action Scheduler, Site Health). That host resolves to the
   * cluster's own entry point, which hands the connection to the ingress
   * controller's pods: private addresses the internet rule excludes.
   */
  loopbackClients?: Component[];
}

/** The ingress controller's pods: its namespace, narrowed to its pods' labels when configured. */
export function ingressControllerPeer(config: EngineConfig): V1NetworkPolicyPeer {
  const labels = config.ingressPodLabels ?? {};
  return {
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': config.ingressNamespace } },
    ...(Object.keys(labels).length > 0 ? { podSelector: { matchLabels: { ...labels } } } : {}),
  };
}

const tcp = (ports: readonly number[]): V1NetworkPolicyPort[] => ports.map((port) => ({ protocol: 'TCP', port }));

/** Public IPv4 and IPv6, less private ranges and the configured exclusions (the cluster's node addresses). */
function internetPeers(config: EngineConfig): V1NetworkPolicyPeer[] {
  const excluded = config.egressExcludeCidrs ?? [];
  const v4 = [...PRIVATE_IPV4_RANGES, ...excluded.filter((cidr) => !cidr.includes(':'))];
  const v6 = [...PRIVATE_IPV6_RANGES, ...excluded.filter((cidr) => cidr.includes(':'))];
  return [{ ipBlock: { cidr: '0.0.0.0/0', except: v4 } }, { ipBlock: { cidr: '::/0', except: v6 } }];
}

function selectComponents(store: BlueprintStore, components: Component[]): V1LabelSelector {
  return {
    matchLabels: { [LABELS.instance]: store.name },
    matchExpressions: [{ key: LABELS.component, operator: 'In', values: [...components] }],
  };
}

/**
 * Deny by default, then allow exactly: the ingress controller's pods to the
 * web port (and, when certificates come from a cert-manager issuer, to the
 * HTTP-01 solver pod on 8089), the database's clients to the database port,
 * DNS to kube-system, the internet on 80/443 (never private ranges or the
 * cluster's node addresses) to the components that need it, and the
 * loopback clients to the ingress controller's pods on their ports.
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
      ingress: [{ _from: [ingressControllerPeer(config)], ports: tcp([plan.web.port]) }],
    }),
    // cert-manager creates the solver pod in this namespace while it answers
    // a challenge; the ingress controller routes /.well-known/acme-challenge/ to it.
    ...(config.tls.enabled && config.tls.clusterIssuer
      ? [
          policy('allow-acme-http01-solver', {
            podSelector: { matchLabels: { ...ACME_SOLVER.labels } },
            policyTypes: ['Ingress'],
            ingress: [{ _from: [ingressControllerPeer(config)], ports: tcp([ACME_SOLVER.port]) }],
          }),
        ]
      : []),
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
      egress: [{ to: internetPeers(config), ports: tcp(INTERNET_PORTS) }],
    }),
    ...(plan.loopbackClients && plan.loopbackClients.length > 0
      ? [
          policy('allow-egress-to-ingress-controller', {
            podSelector: selectComponents(store, plan.loopbackClients),
            policyTypes: ['Egress'],
            egress: [
              {
                // The namespace only, not the controller's pod labels: on k3s the
                // first hop is ServiceLB's svclb pod, beside traefik in kube-system.
                to: [{ namespaceSelector: ingressControllerPeer(config).namespaceSelector! }],
                ports: tcp(config.ingressPorts ?? DEFAULT_INGRESS_PORTS),
              },
            ],
          }),
        ]
      : []),
  ];
}
