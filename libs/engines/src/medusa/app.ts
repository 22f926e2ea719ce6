import type { V1Container, V1Deployment, V1PersistentVolumeClaim, V1Service } from '@kubernetes/client-node';

import { containerSecurityContext, podSecurityContext } from '../common/security.js';
import { componentLabels, componentSelector, podAnnotations } from '../labels.js';
import type { PlanSpec } from '../plans.js';
import type { BlueprintStore, Component, EngineConfig, MedusaConfig } from '../types.js';
import { connectionEnv, medusaEnv } from './env.js';
import { MEDUSA, MEDUSA_CLI } from './names.js';
import { medusaResources } from './resources.js';

const app = MEDUSA.app;
const front = MEDUSA.storefront;

/** Waits in an init container until the setup Job has finished (stores/medusa/bin/wait-for-setup.mjs). */
export function waitContainer(store: BlueprintStore, image: string, what: 'setup' | 'database'): V1Container {
  return {
    name: what === 'setup' ? 'wait-for-setup' : 'wait-for-database',
    image,
    imagePullPolicy: 'IfNotPresent',
    command: ['node', 'bin/wait-for-setup.mjs', ...(what === 'database' ? ['--database'] : [])],
    workingDir: MEDUSA.workdir,
    env: connectionEnv(),
    resources: medusaResources(store.plan, 'wait'),
    securityContext: containerSecurityContext(),
  };
}

function service(
  store: BlueprintStore,
  config: EngineConfig,
  namespace: string,
  component: Component,
  name: string,
  port: number,
): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, labels: componentLabels(store, config, component, name) },
    spec: {
      type: 'ClusterIP',
      selector: componentSelector(store, component),
      ports: [{ name: 'http', port, targetPort: 'http', protocol: 'TCP' }],
    },
  };
}

/**
 * The application step: Medusa (store and admin APIs, the admin UI at /app)
 * with a claim for uploaded files, and the storefront server, each a
 * Deployment with its Service. Both run the store image. Medusa uses the
 * Recreate strategy (its claim is ReadWriteOnce) and waits in an init
 * container for the setup Job, since it refuses to boot on an unmigrated
 * database.
 */
export function applicationManifests(
  store: BlueprintStore,
  config: EngineConfig,
  namespace: string,
  plan: PlanSpec,
  images: MedusaConfig['images'],
  origins: readonly string[],
): [V1PersistentVolumeClaim, V1Deployment, V1Service, V1Deployment, V1Service] {
  const appLabels = componentLabels(store, config, 'app', app.name);
  const frontLabels = componentLabels(store, config, 'storefront', front.name);
  const appAnnotations = podAnnotations(config, 'app');
  const frontAnnotations = podAnnotations(config, 'storefront');
  const health = (port: string) => ({ httpGet: { path: '/health', port } });
  return [
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: app.claim, namespace, labels: appLabels },
      spec: {
        accessModes: ['ReadWriteOnce'],
        ...(config.storageClassName ? { storageClassName: config.storageClassName } : {}),
        resources: { requests: { storage: plan.storage.app } },
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: app.name, namespace, labels: appLabels },
      spec: {
        replicas: 1,
        strategy: { type: 'Recreate' },
        selector: { matchLabels: componentSelector(store, 'app') },
        template: {
          metadata: { labels: appLabels, ...(appAnnotations ? { annotations: appAnnotations } : {}) },
          spec: {
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: podSecurityContext({ uid: app.uid, gid: app.gid }),
            initContainers: [waitContainer(store, images.medusa, 'setup')],
            containers: [
              {
                name: 'medusa',
                image: images.medusa,
                imagePullPolicy: 'IfNotPresent',
                command: [...MEDUSA_CLI, 'start'],
                workingDir: MEDUSA.workdir,
                ports: [{ name: app.portName, containerPort: app.port, protocol: 'TCP' }],
                env: [...medusaEnv(origins, config.tls.enabled), { name: 'PORT', value: String(app.port) }],
                resources: medusaResources(store.plan, 'medusa'),
                securityContext: containerSecurityContext(),
                startupProbe: { ...health(app.portName), periodSeconds: 5, failureThreshold: 60 },
                readinessProbe: { ...health(app.portName), periodSeconds: 10, timeoutSeconds: 5 },
                livenessProbe: { ...health(app.portName), periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 6 },
                volumeMounts: [
                  { name: 'uploads', mountPath: `${MEDUSA.workdir}/static` },
                  { name: 'tmp', mountPath: '/tmp' },
                ],
              },
            ],
            volumes: [
              { name: 'uploads', persistentVolumeClaim: { claimName: app.claim } },
              { name: 'tmp', emptyDir: { sizeLimit: '512Mi' } },
            ],
          },
        },
      },
    },
    service(store, config, namespace, 'app', app.name, app.port),
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: front.name, namespace, labels: frontLabels },
      spec: {
        replicas: 1,
        // The quota has no room for a surge pod: replace in place.
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
        selector: { matchLabels: componentSelector(store, 'storefront') },
        template: {
          metadata: { labels: frontLabels, ...(frontAnnotations ? { annotations: frontAnnotations } : {}) },
          spec: {
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: podSecurityContext({ uid: app.uid, gid: app.gid }),
            containers: [
              {
                name: 'storefront',
                image: images.medusa,
                imagePullPolicy: 'IfNotPresent',
                command: ['node', 'storefront/server.mjs'],
                workingDir: MEDUSA.workdir,
                ports: [{ name: front.portName, containerPort: front.port, protocol: 'TCP' }],
                env: [
                  { name: 'PORT', value: String(front.port) },
                  { name: 'MEDUSA_URL', value: `http://${app.name}:${app.port}` },
                  { name: 'STORE_NAME', value: store.name },
                  // The storefront's base URL: its canonical origin (the first custom domain, else the platform host).
                  { name: 'STOREFRONT_URL', value: origins[0] ?? '' },
                  { name: 'COOKIE_SECURE', value: String(config.tls.enabled) },
                ],
                resources: medusaResources(store.plan, 'storefront'),
                securityContext: containerSecurityContext(),
                startupProbe: { ...health(front.portName), periodSeconds: 2, failureThreshold: 30 },
                readinessProbe: { ...health(front.portName), periodSeconds: 10, timeoutSeconds: 5 },
                livenessProbe: { ...health(front.portName), periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 6 },
              },
            ],
          },
        },
      },
    },
    service(store, config, namespace, 'storefront', front.name, front.port),
  ];
}
