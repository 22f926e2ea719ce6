import type { V1LimitRange, V1ResourceQuota } from '@kubernetes/client-node';

import { storeLabels } from '../labels.js';
import type { PlanSpec } from '../plans.js';
import type { BlueprintStore, EngineConfig } from '../types.js';

export function quotaManifests(
  store: BlueprintStore,
  config: EngineConfig,
  namespace: string,
  plan: PlanSpec,
): [V1ResourceQuota, V1LimitRange] {
  const labels = storeLabels(store, config);
  const { quota, limitRange } = plan;
  return [
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'store-quota', namespace, labels },
      spec: {
        hard: {
          'requests.cpu': quota.requestsCpu,
          'requests.memory': quota.requestsMemory,
          'limits.cpu': quota.limitsCpu,
          'limits.memory': quota.limitsMemory,
          'requests.storage': quota.requestsStorage,
          pods: String(quota.pods),
          persistentvolumeclaims: String(quota.persistentVolumeClaims),
          services: String(quota.services),
          'services.loadbalancers': '0',
          'services.nodeports': '0',
          secrets: String(quota.secrets),
          configmaps: String(quota.configMaps),
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'store-limits', namespace, labels },
      spec: {
        limits: [
          {
            type: 'Container',
            max: { ...limitRange.containerMax },
            _default: { ...limitRange.containerDefault },
            defaultRequest: { ...limitRange.containerDefaultRequest },
          },
          { type: 'PersistentVolumeClaim', max: { storage: limitRange.claimMax } },
        ],
      },
    },
  ];
}
