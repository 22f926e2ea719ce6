import { namespaceForStore } from '@storefleet/contracts';

import { storefrontUrl, storeHost, storeOrigins } from '../common/ingress.js';
import { namespaceManifest } from '../common/namespace.js';
import { quotaManifests } from '../common/quota.js';
import { storeLabels } from '../labels.js';
import { PLANS } from '../plans.js';
import type { Blueprint, BlueprintStore, EngineConfig, SecretSpec } from '../types.js';
import { applicationManifests } from './app.js';
import { dataManifests } from './data.js';
import { medusaIngress } from './ingress.js';
import { MEDUSA, MEDUSA_DEFAULT_IMAGES, SECRET_KEYS } from './names.js';
import { medusaNetworkPolicies } from './network-policies.js';
import { setupJobManifest } from './setup-job.js';

/** Everything a Medusa store is made of, step by step. Pure: no I/O, no randomness. */
export function medusaBlueprint(store: BlueprintStore, config: EngineConfig): Blueprint {
  const namespace = namespaceForStore(store.name);
  const plan = PLANS[store.plan];
  const host = storeHost(store, config);
  const storefront = storefrontUrl(store, config);
  const origins = storeOrigins(store, config);
  const images = config.medusa?.images ?? MEDUSA_DEFAULT_IMAGES;
  // Medusa signs in by e-mail: the owner's, or a placeholder on the store's own domain.
  const adminEmail = (store.ownerEmail ?? `admin@${host}`).toLowerCase();

  const secret: SecretSpec = {
    name: MEDUSA.secret,
    namespace,
    labels: storeLabels(store, config),
    keys: {
      [SECRET_KEYS.databasePassword]: { length: 32 },
      [SECRET_KEYS.redisPassword]: { length: 32 },
      [SECRET_KEYS.jwtSecret]: { length: 64 },
      [SECRET_KEYS.cookieSecret]: { length: 64 },
      [SECRET_KEYS.adminPassword]: { length: 24 },
    },
    adminPasswordKey: SECRET_KEYS.adminPassword,
  };

  return {
    engine: 'medusa',
    namespace,
    host,
    storefrontUrl: storefront,
    adminUrl: `${storefront}app/`,
    adminUsername: adminEmail,
    secret,
    manifests: {
      namespace: { createOnce: false, objects: [namespaceManifest(store, config, namespace)] },
      quota: { createOnce: false, objects: quotaManifests(store, config, namespace, plan) },
      'network-policies': { createOnce: false, objects: medusaNetworkPolicies(store, config, namespace) },
      database: { createOnce: false, objects: dataManifests(store, config, namespace, plan, images) },
      application: { createOnce: false, objects: applicationManifests(store, config, namespace, plan, images, origins) },
      ingress: { createOnce: false, objects: [medusaIngress(store, config, namespace)] },
      // A Job's pod template is immutable and its work is done once: created if absent, never re-applied.
      'setup-job': { createOnce: true, objects: [setupJobManifest(store, config, namespace, images, { origins, adminEmail })] },
    },
    workloads: [
      { kind: 'StatefulSet', name: MEDUSA.database.name, component: 'database' },
      { kind: 'StatefulSet', name: MEDUSA.cache.name, component: 'cache' },
      { kind: 'Job', name: MEDUSA.setup.name, component: 'setup' },
      { kind: 'Deployment', name: MEDUSA.app.name, component: 'app' },
      { kind: 'Deployment', name: MEDUSA.storefront.name, component: 'storefront' },
    ],
  };
}
