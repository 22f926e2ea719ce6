import { namespaceForStore } from '@storefleet/contracts';

import { storefrontUrl, storeHost } from '../common/ingress.js';
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
  const origin = storefront.replace(/\/$/, '');
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
    groups: [
      { step: 'namespace', mode: 'apply', repairable: true, objects: [namespaceManifest(store, config, namespace)] },
      { step: 'quota', mode: 'apply', repairable: true, objects: quotaManifests(store, config, namespace, plan) },
      { step: 'network-policies', mode: 'apply', repairable: true, objects: medusaNetworkPolicies(store, config, namespace) },
      { step: 'database', mode: 'apply', repairable: true, objects: dataManifests(store, config, namespace, plan, images) },
      {
        step: 'application',
        mode: 'apply',
        repairable: true,
        objects: applicationManifests(store, config, namespace, plan, images, origin),
      },
      { step: 'ingress', mode: 'apply', repairable: true, objects: [medusaIngress(store, config, namespace)] },
      // A Job's pod template is immutable and its work is done once: created if absent, never re-applied.
      {
        step: 'setup-job',
        mode: 'create',
        repairable: false,
        objects: [setupJobManifest(store, config, namespace, images, { origin, adminEmail })],
      },
    ],
    workloads: [
      { kind: 'StatefulSet', name: MEDUSA.database.name, component: 'database' },
      { kind: 'StatefulSet', name: MEDUSA.cache.name, component: 'cache' },
      { kind: 'Job', name: MEDUSA.setup.name, component: 'setup' },
      { kind: 'Deployment', name: MEDUSA.app.name, component: 'app' },
      { kind: 'Deployment', name: MEDUSA.storefront.name, component: 'storefront' },
    ],
  };
}
