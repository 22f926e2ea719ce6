import type { V1Deployment, V1PersistentVolumeClaim, V1Service } from '@kubernetes/client-node';

import { containerSecurityContext, podSecurityContext, UNPRIVILEGED_PORTS_SYSCTL } from '../common/security.js';
import { componentLabels, componentSelector, podAnnotations } from '../labels.js';
import type { PlanSpec } from '../plans.js';
import type { BlueprintStore, EngineConfig } from '../types.js';
import { WOO } from './names.js';
import { wordpressEnv } from './wordpress-env.js';

const app = WOO.app;

/**
 * WordPress (Apache + PHP): a Deployment whose files (core, plugins, uploads)
 * live on a claim, and its Service. One replica with the Recreate strategy,
 * because the claim is ReadWriteOnce.
 */
export function applicationManifests(
  store: BlueprintStore,
  config: EngineConfig,
  namespace: string,
  plan: PlanSpec,
  storefrontUrl: string,
): [V1PersistentVolumeClaim, V1Deployment, V1Service] {
  const labels = componentLabels(store, config, 'app', app.name);
  const selector = componentSelector(store, 'app');
  const annotations = podAnnotations(config, 'app');
  return [
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: app.claim, namespace, labels },
      spec: {
        accessModes: ['ReadWriteOnce'],
        ...(config.storageClassName ? { storageClassName: config.storageClassName } : {}),
        resources: { requests: { storage: plan.storage.app } },
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: app.name, namespace, labels },
      spec: {
        replicas: 1,
        strategy: { type: 'Recreate' },
        selector: { matchLabels: selector },
        template: {
          metadata: { labels, ...(annotations ? { annotations } : {}) },
          spec: {
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: podSecurityContext({ uid: app.uid, gid: app.gid }, [UNPRIVILEGED_PORTS_SYSCTL]),
            containers: [
              {
                name: 'wordpress',
                image: config.woocommerce.images.wordpress,
                imagePullPolicy: 'IfNotPresent',
                ports: [{ name: app.portName, containerPort: app.port, protocol: 'TCP' }],
                env: wordpressEnv(storefrontUrl),
                resources: plan.containers.app,
                // Apache's pid and lock files and PHP's temporary files go to
                // emptyDirs; WordPress itself writes only to its claim.
                securityContext: containerSecurityContext(),
                startupProbe: { tcpSocket: { port: app.portName }, periodSeconds: 5, failureThreshold: 60 },
                readinessProbe: { httpGet: { path: '/wp-login.php', port: app.portName }, periodSeconds: 10, timeoutSeconds: 5 },
                livenessProbe: { tcpSocket: { port: app.portName }, periodSeconds: 20, failureThreshold: 6 },
                volumeMounts: [
                  { name: 'content', mountPath: '/var/www/html' },
                  { name: 'tmp', mountPath: '/tmp' },
                  { name: 'apache-run', mountPath: '/var/run/apache2' },
                  { name: 'apache-lock', mountPath: '/var/lock/apache2' },
                ],
              },
            ],
            volumes: [
              { name: 'content', persistentVolumeClaim: { claimName: app.claim } },
              { name: 'tmp', emptyDir: { sizeLimit: '1Gi' } },
              { name: 'apache-run', emptyDir: { medium: 'Memory', sizeLimit: '16Mi' } },
              { name: 'apache-lock', emptyDir: { medium: 'Memory', sizeLimit: '16Mi' } },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: app.name, namespace, labels },
      spec: {
        type: 'ClusterIP',
        selector,
        ports: [{ name: app.portName, port: app.port, targetPort: app.portName, protocol: 'TCP' }],
      },
    },
  ];
}
