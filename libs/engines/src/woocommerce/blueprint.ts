import { namespaceForStore } from '@storefleet/contracts';

import { ingressManifest, storefrontUrl, storeHost } from '../common/ingress.js';
import { namespaceManifest } from '../common/namespace.js';
import { networkPolicyManifests } from '../common/network-policies.js';
import { quotaManifests } from '../common/quota.js';
import { storeLabels } from '../labels.js';
import { PLANS } from '../plans.js';
import type { Blueprint, BlueprintStore, EngineConfig, SecretSpec } from '../types.js';
import { databaseManifests } from './mariadb.js';
import { saltKey, SECRET_KEYS, WOO, WORDPRESS_SALTS } from './names.js';
import { setupJobManifest } from './setup-job.js';
import { applicationManifests } from './wordpress.js';

/** Everything a WooCommerce store is made of, step by step. Pure: no I/O, no randomness. */
export function woocommerceBlueprint(store: BlueprintStore, config: EngineConfig): Blueprint {
  const namespace = namespaceForStore(store.name);
  const plan = PLANS[store.plan];
  const host = storeHost(store, config);
  const storefront = storefrontUrl(store, config);

  const secret: SecretSpec = {
    name: WOO.secret,
    namespace,
    labels: storeLabels(store, config),
    keys: {
      [SECRET_KEYS.databaseRootPassword]: { length: 32 },
      [SECRET_KEYS.databasePassword]: { length: 32 },
      [SECRET_KEYS.adminPassword]: { length: 24 },
      ...Object.fromEntries(WORDPRESS_SALTS.map((salt) => [saltKey(salt), { length: 64 }])),
    },
    adminPasswordKey: SECRET_KEYS.adminPassword,
  };

  return {
    engine: 'woocommerce',
    namespace,
    host,
    storefrontUrl: storefront,
    adminUrl: `${storefront}wp-admin/`,
    adminUsername: WOO.adminUsername,
    secret,
    manifests: {
      namespace: { createOnce: false, objects: [namespaceManifest(store, config, namespace)] },
      quota: { createOnce: false, objects: quotaManifests(store, config, namespace, plan) },
      'network-policies': {
        createOnce: false,
        objects: networkPolicyManifests(store, config, namespace, {
          web: { component: 'app', port: WOO.app.port },
          database: { component: 'database', port: WOO.database.port, clients: ['app', 'setup'] },
          internetClients: ['app', 'setup'],
          dnsClients: ['app', 'setup'],
          loopbackClients: ['app'],
        }),
      },
      database: { createOnce: false, objects: databaseManifests(store, config, namespace, plan) },
      application: { createOnce: false, objects: applicationManifests(store, config, namespace, plan, storefront) },
      ingress: {
        createOnce: false,
        objects: [ingressManifest(store, config, namespace, { service: WOO.app.name, portName: WOO.app.portName })],
      },
      // A Job's pod template is immutable and its work is done once: created if absent, never re-applied.
      'setup-job': { createOnce: true, objects: [setupJobManifest(store, config, namespace, plan, { storefront, host })] },
    },
    workloads: [
      { kind: 'StatefulSet', name: WOO.database.name, component: 'database' },
      { kind: 'Deployment', name: WOO.app.name, component: 'app' },
      { kind: 'Job', name: WOO.setup.name, component: 'setup' },
    ],
  };
}
