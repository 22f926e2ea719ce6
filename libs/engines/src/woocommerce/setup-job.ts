import type { V1Job } from '@kubernetes/client-node';

import { containerSecurityContext, podSecurityContext } from '../common/security.js';
import { componentLabels, componentSelector, podAnnotations } from '../labels.js';
import type { PlanSpec } from '../plans.js';
import type { BlueprintStore, EngineConfig } from '../types.js';
import { SECRET_KEYS, WOO } from './names.js';
import { WOOCOMMERCE_SETUP_SCRIPT } from './setup-script.js';
import { CONTENT_MOUNT, CONTENT_VOLUME, prepareContentContainer, syncCoreContainer } from './wordpress.js';
import { fromSecret, wordpressEnv } from './wordpress-env.js';

/**
 * The WooCommerce setup, with the official WP-CLI image: once per store, and
 * again for each engine upgrade (its WordPress image's core files first, then
 * the plugin and both databases' updates). It mounts the app's claim
 * (ReadWriteOnce), so it is scheduled on the app pod's node.
 */
export function setupJobManifest(
  store: BlueprintStore,
  config: EngineConfig,
  namespace: string,
  plan: PlanSpec,
  urls: { storefront: string; host: string },
): V1Job {
  const labels = componentLabels(store, config, 'setup', WOO.setup.name);
  const annotations = podAnnotations(config, 'setup');
  const woo = config.woocommerce;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: WOO.setup.name, namespace, labels },
    spec: {
      backoffLimit: 4,
      activeDeadlineSeconds: 1800,
      template: {
        metadata: { labels, ...(annotations ? { annotations } : {}) },
        spec: {
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: podSecurityContext({ uid: WOO.app.uid, gid: WOO.app.gid }),
          affinity: {
            podAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [
                { labelSelector: { matchLabels: componentSelector(store, 'app') }, topologyKey: 'kubernetes.io/hostname' },
              ],
            },
          },
          initContainers: [prepareContentContainer(woo.images.wordpress), syncCoreContainer(woo.images.wordpress)],
          containers: [
            {
              name: 'setup',
              image: woo.images.wpCli,
              imagePullPolicy: 'IfNotPresent',
              command: ['/bin/sh', '-c', WOOCOMMERCE_SETUP_SCRIPT],
              workingDir: '/var/www/html',
              env: [
                ...wordpressEnv(urls.storefront),
                { name: 'STORE_URL', value: urls.storefront.replace(/\/$/, '') },
                { name: 'STORE_TITLE', value: store.name },
                { name: 'ADMIN_USER', value: WOO.adminUsername },
                { name: 'ADMIN_EMAIL', value: store.ownerEmail ?? `${WOO.adminUsername}@${urls.host}` },
                fromSecret('ADMIN_PASSWORD', SECRET_KEYS.adminPassword),
                { name: 'WOOCOMMERCE_VERSION', value: woo.woocommerceVersion ?? '' },
                { name: 'STOREFRONT_VERSION', value: woo.storefrontVersion ?? '' },
                { name: 'HOME', value: '/tmp' },
                { name: 'WP_CLI_CACHE_DIR', value: '/tmp/wp-cli-cache' },
              ],
              resources: plan.containers.setup,
              securityContext: containerSecurityContext(),
              volumeMounts: [CONTENT_MOUNT, { name: 'tmp', mountPath: '/tmp' }],
            },
          ],
          volumes: [CONTENT_VOLUME, { name: 'tmp', emptyDir: { sizeLimit: '1Gi' } }],
        },
      },
    },
  };
}
