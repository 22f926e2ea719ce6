/** What the engines' unit tests build blueprints from (tests only; not exported by the library). */
import type { StoreEngine } from '@storefleet/contracts';

import type { BlueprintStore, EngineConfig } from '../types.js';

/** A platform configuration as a production install has it, with stand-in image names. */
export const TEST_ENGINE_CONFIG: EngineConfig = {
  baseDomain: 'stores.example.com',
  ingressClassName: 'nginx',
  ingressNamespace: 'ingress-nginx',
  tls: { enabled: false, clusterIssuer: null },
  storageClassName: null,
  platformInstance: 'prod',
  woocommerce: {
    images: { wordpress: 'wordpress:6.8.3-php8.3-apache', mariadb: 'mariadb:11.4.8', wpCli: 'wordpress:cli-2.12.0-php8.3' },
    woocommerceVersion: null,
    storefrontVersion: null,
  },
};

export function testStore(engine: StoreEngine, overrides: Partial<BlueprintStore> = {}): BlueprintStore {
  return {
    id: '7b3c8d9e-1f2a-4b5c-8d6e-0f1a2b3c4d5e',
    name: 'acme-shop',
    ownerId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    engine,
    plan: 'small',
    ...overrides,
  };
}
