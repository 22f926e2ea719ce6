import type { V1Namespace } from '@kubernetes/client-node';

import { storeLabels } from '../labels.js';
import type { BlueprintStore, EngineConfig } from '../types.js';
import { POD_SECURITY_LEVEL } from './security.js';

export function namespaceManifest(store: BlueprintStore, config: EngineConfig, namespace: string): V1Namespace {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: namespace,
      labels: {
        ...storeLabels(store, config),
        'pod-security.kubernetes.io/enforce': POD_SECURITY_LEVEL,
        'pod-security.kubernetes.io/enforce-version': 'latest',
        'pod-security.kubernetes.io/audit': POD_SECURITY_LEVEL,
        'pod-security.kubernetes.io/warn': POD_SECURITY_LEVEL,
      },
    },
  };
}
