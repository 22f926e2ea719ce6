import type { V1Ingress } from '@kubernetes/client-node';

import { storeLabels } from '../labels.js';
import type { BlueprintStore, EngineConfig } from '../types.js';

export function storeHost(store: BlueprintStore, config: EngineConfig): string {
  return `${store.name}.${config.baseDomain}`;
}

export function storefrontUrl(store: BlueprintStore, config: EngineConfig): string {
  return `${config.tls.enabled ? 'https' : 'http'}://${storeHost(store, config)}/`;
}

/** Routes the store's host to its web Service, with TLS when enabled (a cert-manager certificate when an issuer is set). */
export function ingressManifest(
  store: BlueprintStore,
  config: EngineConfig,
  namespace: string,
  backend: { service: string; portName: string },
): V1Ingress {
  const host = storeHost(store, config);
  const { enabled: tls, clusterIssuer } = config.tls;
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: 'storefront',
      namespace,
      labels: storeLabels(store, config),
      ...(tls && clusterIssuer ? { annotations: { 'cert-manager.io/cluster-issuer': clusterIssuer } } : {}),
    },
    spec: {
      ingressClassName: config.ingressClassName,
      ...(tls ? { tls: [{ hosts: [host], ...(clusterIssuer ? { secretName: 'storefront-tls' } : {}) }] } : {}),
      rules: [
        {
          host,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: backend.service, port: { name: backend.portName } } },
              },
            ],
          },
        },
      ],
    },
  };
}
