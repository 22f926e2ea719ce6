import type { V1NetworkPolicy, V1NetworkPolicyPeer } from '@kubernetes/client-node';

import { PRIVATE_IPV4_RANGES, PRIVATE_IPV6_RANGES } from '../common/network-policies.js';
import { componentSelector, storeLabels } from '../labels.js';
import { MEDUSA } from '../medusa/names.js';
import type { BlueprintStore, EngineConfig } from '../types.js';
import { WOO } from '../woocommerce/names.js';
import { backupSelector } from './labels.js';

/**
 * Where backup Jobs may connect, besides their store's database: the storage
 * endpoint. `cidrs` lists its addresses (an in-cluster or private S3 server);
 * empty means "a public endpoint": public addresses only, never private
 * ranges. Either way only on the endpoint's port.
 */
export interface BackupEgress {
  endpoint: string;
  cidrs: string[];
}

export function endpointPort(endpoint: string): number {
  const url = new URL(endpoint);
  return url.port ? Number(url.port) : url.protocol === 'http:' ? 80 : 443;
}

/**
 * The store's network policies are deny-by-default; these two add what backup
 * and restore Jobs need and nothing else: ingress to the database from the
 * `backup` component, and the `backup` component's egress to the database,
 * the cluster DNS and the storage endpoint's port.
 */
export function backupNetworkPolicies(
  store: BlueprintStore,
  config: EngineConfig,
  namespace: string,
  egress: BackupEgress,
): V1NetworkPolicy[] {
  const database = store.engine === 'medusa' ? MEDUSA.database : WOO.database;
  const labels = storeLabels(store, config);
  const backupPods = { matchLabels: backupSelector(store) };
  const databasePods = { matchLabels: componentSelector(store, 'database') };
  const storage: V1NetworkPolicyPeer[] =
    egress.cidrs.length > 0
      ? egress.cidrs.map((cidr) => ({ ipBlock: { cidr } }))
      : [
          { ipBlock: { cidr: '0.0.0.0/0', except: [...PRIVATE_IPV4_RANGES] } },
          { ipBlock: { cidr: '::/0', except: [...PRIVATE_IPV6_RANGES] } },
        ];
  return [
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-backup-to-database', namespace, labels },
      spec: {
        podSelector: databasePods,
        policyTypes: ['Ingress'],
        ingress: [{ _from: [{ podSelector: backupPods }], ports: [{ protocol: 'TCP', port: database.port }] }],
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-backup-egress', namespace, labels },
      spec: {
        podSelector: backupPods,
        policyTypes: ['Egress'],
        egress: [
          { to: [{ podSelector: databasePods }], ports: [{ protocol: 'TCP', port: database.port }] },
          {
            to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }],
            ports: [
              { protocol: 'UDP', port: 53 },
              { protocol: 'TCP', port: 53 },
            ],
          },
          { to: storage, ports: [{ protocol: 'TCP', port: endpointPort(egress.endpoint) }] },
        ],
      },
    },
  ];
}
