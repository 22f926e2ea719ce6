import type { V1Service, V1StatefulSet } from '@kubernetes/client-node';

import { containerSecurityContext, podSecurityContext } from '../common/security.js';
import { componentLabels, componentSelector, podAnnotations } from '../labels.js';
import type { PlanSpec } from '../plans.js';
import type { BlueprintStore, EngineConfig } from '../types.js';
import { SECRET_KEYS, WOO } from './names.js';
import { fromSecret } from './wordpress-env.js';

const db = WOO.database;

/** MariaDB: a one-replica StatefulSet with its own claim, behind a headless Service. */
export function databaseManifests(
  store: BlueprintStore,
  config: EngineConfig,
  namespace: string,
  plan: PlanSpec,
): [V1Service, V1StatefulSet] {
  const labels = componentLabels(store, config, 'database', db.name);
  const selector = componentSelector(store, 'database');
  const annotations = podAnnotations(config, 'database');
  return [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: db.name, namespace, labels },
      spec: {
        clusterIP: 'None',
        selector,
        ports: [{ name: 'mysql', port: db.port, targetPort: 'mysql', protocol: 'TCP' }],
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: db.name, namespace, labels },
      spec: {
        serviceName: db.name,
        replicas: 1,
        selector: { matchLabels: selector },
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' },
        template: {
          metadata: { labels, ...(annotations ? { annotations } : {}) },
          spec: {
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: podSecurityContext({ uid: db.uid, gid: db.gid }),
            terminationGracePeriodSeconds: 60,
            containers: [
              {
                name: 'mariadb',
                image: config.woocommerce.images.mariadb,
                imagePullPolicy: 'IfNotPresent',
                ports: [{ name: 'mysql', containerPort: db.port, protocol: 'TCP' }],
                env: [
                  fromSecret('MARIADB_ROOT_PASSWORD', SECRET_KEYS.databaseRootPassword),
                  { name: 'MARIADB_DATABASE', value: db.schema },
                  { name: 'MARIADB_USER', value: db.user },
                  fromSecret('MARIADB_PASSWORD', SECRET_KEYS.databasePassword),
                  { name: 'MARIADB_AUTO_UPGRADE', value: '1' },
                ],
                resources: plan.containers.database,
                securityContext: containerSecurityContext(),
                // healthcheck.sh ships with the image and uses the healthcheck
                // account the entrypoint creates on first start.
                startupProbe: {
                  exec: { command: ['healthcheck.sh', '--connect', '--innodb_initialized'] },
                  periodSeconds: 5,
                  failureThreshold: 60,
                },
                readinessProbe: {
                  exec: { command: ['healthcheck.sh', '--connect', '--innodb_initialized'] },
                  periodSeconds: 10,
                  timeoutSeconds: 5,
                },
                livenessProbe: {
                  exec: { command: ['healthcheck.sh', '--connect'] },
                  periodSeconds: 20,
                  timeoutSeconds: 5,
                  failureThreshold: 6,
                },
                volumeMounts: [
                  { name: db.claimTemplate, mountPath: '/var/lib/mysql' },
                  { name: 'run', mountPath: '/run/mysqld' },
                  { name: 'tmp', mountPath: '/tmp' },
                ],
              },
            ],
            volumes: [
              { name: 'run', emptyDir: { medium: 'Memory', sizeLimit: '16Mi' } },
              { name: 'tmp', emptyDir: { sizeLimit: '1Gi' } },
            ],
          },
        },
        volumeClaimTemplates: [
          {
            apiVersion: 'v1',
            kind: 'PersistentVolumeClaim',
            metadata: { name: db.claimTemplate, labels },
            spec: {
              accessModes: ['ReadWriteOnce'],
              ...(config.storageClassName ? { storageClassName: config.storageClassName } : {}),
              resources: { requests: { storage: plan.storage.database } },
            },
          },
        ],
      },
    },
  ];
}
