import { type EngineConfig, REAL_NODE_SCHEDULING } from '@storefleet/engines';

import { parseCidrs, parsePodAnnotations, parseStringMap, type WorkerEnv } from './worker-config.js';

/** The part of the worker's configuration that shapes store manifests. */
export function engineConfigFrom(env: WorkerEnv): EngineConfig {
  const annotations = parsePodAnnotations(env.STORE_POD_ANNOTATIONS);
  return {
    baseDomain: env.STORE_BASE_DOMAIN,
    ingressClassName: env.STORE_INGRESS_CLASS,
    ingressNamespace: env.STORE_INGRESS_NAMESPACE,
    ingressPodLabels: parseStringMap('STORE_INGRESS_POD_LABELS', env.STORE_INGRESS_POD_LABELS),
    ingressPorts: env.STORE_INGRESS_PORTS.split(',').map(Number),
    egressExcludeCidrs: parseCidrs(env.STORE_EGRESS_EXCLUDE_CIDRS),
    tls: { enabled: env.STORE_TLS_ENABLED, clusterIssuer: env.STORE_TLS_CLUSTER_ISSUER || null },
    storageClassName: env.STORE_STORAGE_CLASS || null,
    platformInstance: env.PLATFORM_INSTANCE,
    woocommerce: {
      images: {
        wordpress: env.WOOCOMMERCE_WORDPRESS_IMAGE,
        mariadb: env.WOOCOMMERCE_MARIADB_IMAGE,
        wpCli: env.WOOCOMMERCE_WPCLI_IMAGE,
      },
      woocommerceVersion: env.WOOCOMMERCE_PLUGIN_VERSION || null,
      storefrontVersion: env.STOREFRONT_THEME_VERSION || null,
    },
    pausedPageImage: env.STORE_PAUSED_PAGE_IMAGE,
    medusa: { images: { medusa: env.MEDUSA_IMAGE, postgres: env.MEDUSA_POSTGRES_IMAGE, redis: env.MEDUSA_REDIS_IMAGE } },
    ...(Object.keys(annotations).length > 0 ? { podAnnotations: { all: annotations } } : {}),
    ...(env.STORE_REAL_NODE ? { podScheduling: REAL_NODE_SCHEDULING } : {}),
  };
}

export const ENGINE_CONFIG = Symbol('ENGINE_CONFIG');
