import type { V1Ingress } from '@kubernetes/client-node';

import { storeLabels } from '../labels.js';
import type { BlueprintStore, EngineConfig } from '../types.js';

export function storeHost(store: BlueprintStore, config: EngineConfig): string {
  return `${store.name}.${config.baseDomain}`;
}

export function storefrontUrl(store: BlueprintStore, config: EngineConfig): string {
  return `${config.tlsClusterIssuer ? 'https' : 'http'}://${storeHost(store, config)}/`;
}

/** Routes the store's host to its web Service; TLS through cert-manager when an issuer is configured. */
export function ingressManifest(
  store: BlueprintStore,
  config: EngineConfig,
  namespace: string,
  backend: { service: string; portName: string },
): V1Ingress {
  const host = storeHost(store, config);
  const tls = config.tlsClusterIssuer !== null;
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: 'storefront',
      namespace,
      labels: storeLabels(store, config),
      ...(tls ? { annotations: { 'cert-manager.io/cluster-issuer': config.tlsClusterIssuer! } } : {}),
    },
    spec: {
      ingressClassName: config.ingressClassName,
      ...(tls ? { tls: [{ hosts: [host], secretName: 'storefront-tls' }] } : {}),
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
