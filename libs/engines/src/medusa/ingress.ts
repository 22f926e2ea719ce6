import type { V1HTTPIngressPath, V1Ingress } from '@kubernetes/client-node';

import { ingressManifest } from '../common/ingress.js';
import type { BlueprintStore, EngineConfig } from '../types.js';
import { MEDUSA, MEDUSA_PATHS } from './names.js';

/**
 * The store's host: Medusa's own paths (store API, auth, admin API, admin UI
 * at /app, uploaded files) to Medusa, everything else to the storefront.
 * Hosts, class and TLS exactly as for every engine (common/ingress.ts).
 */
export function medusaIngress(store: BlueprintStore, config: EngineConfig, namespace: string): V1Ingress {
  const ingress = ingressManifest(store, config, namespace, { service: MEDUSA.storefront.name, portName: 'http' });
  const medusaPaths: V1HTTPIngressPath[] = MEDUSA_PATHS.map((path) => ({
    path,
    pathType: 'Prefix',
    backend: { service: { name: MEDUSA.app.name, port: { name: MEDUSA.app.portName } } },
  }));
  // Every host (platform and custom domains) routes alike.
  for (const rule of ingress.spec!.rules!) rule.http!.paths = [...structuredClone(medusaPaths), ...rule.http!.paths];
  return ingress;
}
