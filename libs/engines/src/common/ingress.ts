import type { V1Ingress } from '@kubernetes/client-node';

import { storeLabels } from '../labels.js';
import type { BlueprintStore, EngineConfig } from '../types.js';

/**
 * The largest request body a store accepts, in MiB: product images and
 * imports through wp-admin or the Medusa admin. ingress-nginx refuses bodies
 * above 1 MiB unless told (the annotation below; other controllers ignore it,
 * traefik has no limit by default); WordPress's PHP limits match it
 * (woocommerce/wordpress.ts).
 */
export const UPLOAD_LIMIT_MIB = 64;

/** The store's platform host, `<name>.<baseDomain>`: always served, whatever its custom domains. */
export function storeHost(store: BlueprintStore, config: EngineConfig): string {
  return `${store.name}.${config.baseDomain}`;
}

/** Every host the store is served on: its platform host, then its custom domains. */
export function storeHosts(store: BlueprintStore, config: EngineConfig): string[] {
  const platform = storeHost(store, config);
  return [platform, ...(store.domains ?? []).filter((host) => host !== platform)];
}

/** The host the engine calls itself by (links, redirects, cookies): the first custom domain, else the platform host. */
export function canonicalHost(store: BlueprintStore, config: EngineConfig): string {
  return store.domains?.[0] ?? storeHost(store, config);
}

const scheme = (config: EngineConfig) => (config.tls.enabled ? 'https' : 'http');

/** The store's canonical URL (with a trailing slash). */
export function storefrontUrl(store: BlueprintStore, config: EngineConfig): string {
  return `${scheme(config)}://${canonicalHost(store, config)}/`;
}

/** The origin of every host the store is served on (its CORS allow-list), canonical first. */
export function storeOrigins(store: BlueprintStore, config: EngineConfig): string[] {
  const canonical = canonicalHost(store, config);
  return [canonical, ...storeHosts(store, config).filter((h) => h !== canonical)].map((host) => `${scheme(config)}://${host}`);
}

/**
 * Routes every host of the store (platform host and custom domains) to its
 * web Service, with TLS for all of them when enabled: with a cert-manager
 * ClusterIssuer one certificate naming every host (cert-manager re-issues it
 * when the hosts change); without one, the controller's default certificate
 * (which covers the platform host only).
 */
export function ingressManifest(
  store: BlueprintStore,
  config: EngineConfig,
  namespace: string,
  backend: { service: string; portName: string },
): V1Ingress {
  const hosts = storeHosts(store, config);
  const { enabled: tls, clusterIssuer } = config.tls;
  const paths = [
    { path: '/', pathType: 'Prefix', backend: { service: { name: backend.service, port: { name: backend.portName } } } },
  ];
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: 'storefront',
      namespace,
      labels: storeLabels(store, config),
      annotations: {
        'nginx.ingress.kubernetes.io/proxy-body-size': `${UPLOAD_LIMIT_MIB}m`,
        ...(tls && clusterIssuer ? { 'cert-manager.io/cluster-issuer': clusterIssuer } : {}),
      },
    },
    spec: {
      ingressClassName: config.ingressClassName,
      ...(tls ? { tls: [{ hosts, ...(clusterIssuer ? { secretName: 'storefront-tls' } : {}) }] } : {}),
      rules: hosts.map((host) => ({ host, http: { paths: structuredClone(paths) } })),
    },
  };
}
