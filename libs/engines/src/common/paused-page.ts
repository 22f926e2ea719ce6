import type { KubernetesObject, V1ConfigMap, V1Deployment, V1NetworkPolicy, V1Service } from '@kubernetes/client-node';

import { componentLabels, componentSelector, podAnnotations, storeLabels } from '../labels.js';
import type { Blueprint, BlueprintStore, EngineConfig } from '../types.js';
import { ingressManifest } from './ingress.js';
import { ingressControllerPeer } from './network-policies.js';
import { containerSecurityContext, podSecurityContext } from './security.js';

/**
 * The "this shop is paused" page of a suspended store.
 *
 * Every store carries it, scaled to zero while the store runs: a ConfigMap
 * with the page and an nginx configuration, a Deployment of an unprivileged
 * nginx, its Service and a NetworkPolicy letting the ingress controller reach
 * it. Suspending scales it to one and points the store's own Ingress at it;
 * resuming does the reverse. So both are plain server-side applies of the
 * blueprint (the worker needs no delete rights), the reconciler keeps either
 * state as it is, and the page lives and dies with the store's namespace.
 *
 * Why a page inside the store's namespace rather than one served by the
 * platform: an Ingress can only route to Services of its own namespace, and
 * routing across namespaces needs ExternalName Services (which traefik refuses
 * by default) plus a platform server answering for every store host. A plain
 * Service works the same with every ingress controller, on KWOK and on a real
 * node (there with the nginx stand-in image, STORE_PAUSED_PAGE_IMAGE).
 */
export const PAUSED_PAGE = {
  name: 'paused-page',
  port: 8080,
  portName: 'http',
  /** nginx-unprivileged's user. */
  user: { uid: 101, gid: 101 },
  /** Seconds a client is told to wait before trying again (Retry-After of the 503). */
  retryAfterSeconds: 3600,
} as const;

/** The official unprivileged nginx, the same one the dashboard image runs (pinned). */
export const PAUSED_PAGE_DEFAULT_IMAGE = 'docker.io/nginxinc/nginx-unprivileged:1.28.0-alpine';

/** The page: plain HTML, no script, no external resource. The store name is a DNS label, so it needs no escaping. */
export function pausedPageHtml(store: BlueprintStore): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>This shop is paused</title>
<style>
body{margin:0;min-height:100vh;display:grid;place-items:center;font-family:system-ui,sans-serif;background:#f6f7f9;color:#1d2330}
main{max-width:32rem;padding:2rem;text-align:center}
h1{font-size:1.75rem;margin:0 0 1rem}
p{line-height:1.5;margin:0}
</style>
</head>
<body>
<main>
<h1>This shop is paused</h1>
<p>${store.name} is taking a break and will be back soon. Nothing has been lost: its products, orders and customers are kept safe.</p>
</main>
</body>
</html>
`;
}

/** Every path answers 503 with the page and Retry-After, so search engines keep the shop; /healthz is the probe. */
export const PAUSED_PAGE_NGINX_CONF = `server {
    listen ${PAUSED_PAGE.port};
    server_name _;
    server_tokens off;
    root /usr/share/nginx/html;

    location = /healthz {
        access_log off;
        default_type text/plain;
        return 200 "ok\\n";
    }

    error_page 503 /index.html;
    location = /index.html {
        internal;
        add_header Retry-After ${PAUSED_PAGE.retryAfterSeconds} always;
        add_header Cache-Control "no-store" always;
        add_header X-Content-Type-Options nosniff always;
    }

    location / {
        return 503;
    }
}
`;

function pausedPageObjects(
  store: BlueprintStore,
  config: EngineConfig,
  namespace: string,
  replicas: number,
): [V1ConfigMap, V1Deployment, V1Service] {
  const { name, port, portName } = PAUSED_PAGE;
  const labels = componentLabels(store, config, 'paused', name);
  const annotations = podAnnotations(config, 'paused');
  return [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace, labels },
      data: { 'default.conf': PAUSED_PAGE_NGINX_CONF, 'index.html': pausedPageHtml(store) },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace, labels },
      spec: {
        replicas,
        selector: { matchLabels: componentSelector(store, 'paused') },
        template: {
          metadata: { labels, ...(annotations ? { annotations } : {}) },
          spec: {
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: podSecurityContext(PAUSED_PAGE.user),
            containers: [
              {
                name: 'nginx',
                image: config.pausedPageImage ?? PAUSED_PAGE_DEFAULT_IMAGE,
                imagePullPolicy: 'IfNotPresent',
                ports: [{ name: portName, containerPort: port, protocol: 'TCP' }],
                readinessProbe: { httpGet: { path: '/healthz', port: portName }, periodSeconds: 5 },
                livenessProbe: { httpGet: { path: '/healthz', port: portName }, periodSeconds: 20 },
                resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '32Mi' } },
                securityContext: containerSecurityContext(),
                volumeMounts: [
                  { name: 'conf', mountPath: '/etc/nginx/conf.d', readOnly: true },
                  { name: 'page', mountPath: '/usr/share/nginx/html', readOnly: true },
                  { name: 'tmp', mountPath: '/tmp' },
                ],
              },
            ],
            volumes: [
              { name: 'conf', configMap: { name, items: [{ key: 'default.conf', path: 'default.conf' }] } },
              { name: 'page', configMap: { name, items: [{ key: 'index.html', path: 'index.html' }] } },
              { name: 'tmp', emptyDir: { sizeLimit: '16Mi' } },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace, labels },
      spec: {
        type: 'ClusterIP',
        selector: componentSelector(store, 'paused'),
        ports: [{ name: portName, port, targetPort: portName, protocol: 'TCP' }],
      },
    },
  ];
}

function pausedPagePolicy(store: BlueprintStore, config: EngineConfig, namespace: string): V1NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'allow-ingress-controller-to-paused-page', namespace, labels: storeLabels(store, config) },
    spec: {
      podSelector: { matchLabels: componentSelector(store, 'paused') },
      policyTypes: ['Ingress'],
      ingress: [{ _from: [ingressControllerPeer(config)], ports: [{ protocol: 'TCP', port: PAUSED_PAGE.port }] }],
    },
  };
}

type Scalable = KubernetesObject & { spec: { replicas?: number } };
const isScalable = (object: KubernetesObject): object is Scalable =>
  object.kind === 'Deployment' || object.kind === 'StatefulSet';
const scaled = (objects: KubernetesObject[], replicas: number): KubernetesObject[] =>
  objects.map((o) => (isScalable(o) ? { ...o, spec: { ...o.spec, replicas } } : o));

/**
 * The blueprint with its paused page: at zero beside a running store; for a
 * suspended one (store.suspended) every database and application workload at
 * zero (claims, Secrets and data stay), the page at one and the store's
 * Ingress (same name, host and TLS) routing every path to it.
 */
export function withPausedPage(blueprint: Blueprint, store: BlueprintStore, config: EngineConfig): Blueprint {
  const { namespace, manifests } = blueprint;
  const suspended = store.suspended === true;
  const page = pausedPageObjects(store, config, namespace, suspended ? 1 : 0);
  const policies = { ...manifests['network-policies'] };
  policies.objects = [...policies.objects, pausedPagePolicy(store, config, namespace)];
  const storeIngress = manifests.ingress.objects;
  const ingress: KubernetesObject[] = suspended
    ? [ingressManifest(store, config, namespace, { service: PAUSED_PAGE.name, portName: PAUSED_PAGE.portName })]
    : storeIngress;
  const withPage: Blueprint = {
    ...blueprint,
    manifests: {
      ...manifests,
      'network-policies': policies,
      // The page before the Ingress that may point at it.
      ingress: { ...manifests.ingress, objects: [...page, ...ingress] },
    },
  };
  if (!suspended) return withPage;
  return {
    ...withPage,
    manifests: {
      ...withPage.manifests,
      database: { ...manifests.database, objects: scaled(manifests.database.objects, 0) },
      application: { ...manifests.application, objects: scaled(manifests.application.objects, 0) },
    },
    workloads: [
      ...blueprint.workloads.filter((w) => w.kind !== 'Job'),
      { kind: 'Deployment', name: PAUSED_PAGE.name, component: 'paused' },
    ],
  };
}
