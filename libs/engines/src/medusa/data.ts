import type { V1Service, V1StatefulSet } from '@kubernetes/client-node';

import { containerSecurityContext, podSecurityContext } from '../common/security.js';
import { componentLabels, componentSelector, podAnnotations } from '../labels.js';
import type { PlanSpec } from '../plans.js';
import type { BlueprintStore, Component, EngineConfig, MedusaConfig } from '../types.js';
import { fromSecret } from './env.js';
import { MEDUSA, SECRET_KEYS } from './names.js';
import { medusaResources } from './resources.js';

const db = MEDUSA.database;
const cache = MEDUSA.cache;

/** Writes Redis's configuration, password included, to a private file and starts Redis with it. */
export const REDIS_START = [
  'umask 077',
  `printf 'requirepass "%s"\\nappendonly yes\\ndir /data\\nsave ""\\n' "$REDIS_PASSWORD" > /run/redis/redis.conf`,
  'exec redis-server /run/redis/redis.conf',
].join(' && ');

function headlessService(
  store: BlueprintStore,
  config: EngineConfig,
  namespace: string,
  component: Component,
  name: string,
  port: { name: string; port: number },
): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, labels: componentLabels(store, config, component, name) },
    spec: {
      clusterIP: 'None',
      selector: componentSelector(store, component),
      ports: [{ name: port.name, port: port.port, targetPort: port.name, protocol: 'TCP' }],
    },
  };
}

function claimTemplate(
  store: BlueprintStore,
  config: EngineConfig,
  component: Component,
  name: string,
  storage: string,
): NonNullable<V1StatefulSet['spec']>['volumeClaimTemplates'] {
  return [
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: MEDUSA.database.claimTemplate, labels: componentLabels(store, config, component, name) },
      spec: {
        accessModes: ['ReadWriteOnce'],
        ...(config.storageClassName ? { storageClassName: config.storageClassName } : {}),
        resources: { requests: { storage } },
      },
    },
  ];
}

/**
 * The database step of a Medusa store: Postgres (the store's data) and Redis
 * (events, workflow state, locks, cache and admin sessions), each a
 * one-replica StatefulSet with its own claim behind a headless Service.
 */
export function dataManifests(
  store: BlueprintStore,
  config: EngineConfig,
  namespace: string,
  plan: PlanSpec,
  images: MedusaConfig['images'],
): [V1Service, V1StatefulSet, V1Service, V1StatefulSet] {
  const dbLabels = componentLabels(store, config, 'database', db.name);
  const cacheLabels = componentLabels(store, config, 'cache', cache.name);
  const dbAnnotations = podAnnotations(config, 'database');
  const cacheAnnotations = podAnnotations(config, 'cache');
  const pgReady = ['pg_isready', '--host=127.0.0.1', `--username=${db.user}`, `--dbname=${db.schema}`];
  return [
    headlessService(store, config, namespace, 'database', db.name, { name: 'postgres', port: db.port }),
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: db.name, namespace, labels: dbLabels },
      spec: {
        serviceName: db.name,
        replicas: 1,
        selector: { matchLabels: componentSelector(store, 'database') },
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' },
        template: {
          metadata: { labels: dbLabels, ...(dbAnnotations ? { annotations: dbAnnotations } : {}) },
          spec: {
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            // The official image runs initdb and the server as whatever user it is started as.
            securityContext: podSecurityContext({ uid: db.uid, gid: db.gid }),
            terminationGracePeriodSeconds: 60,
            containers: [
              {
                name: 'postgres',
                image: images.postgres,
                imagePullPolicy: 'IfNotPresent',
                ports: [{ name: 'postgres', containerPort: db.port, protocol: 'TCP' }],
                env: [
                  { name: 'POSTGRES_DB', value: db.schema },
                  { name: 'POSTGRES_USER', value: db.user },
                  fromSecret('POSTGRES_PASSWORD', SECRET_KEYS.databasePassword),
                  // A subdirectory: the claim's root may hold lost+found, which initdb refuses.
                  { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
                ],
                resources: medusaResources(store.plan, 'postgres'),
                securityContext: containerSecurityContext(),
                startupProbe: { exec: { command: pgReady }, periodSeconds: 5, failureThreshold: 60 },
                readinessProbe: { exec: { command: pgReady }, periodSeconds: 10, timeoutSeconds: 5 },
                livenessProbe: { exec: { command: pgReady }, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 6 },
                volumeMounts: [
                  { name: db.claimTemplate, mountPath: '/var/lib/postgresql/data' },
                  { name: 'run', mountPath: '/var/run/postgresql' },
                  { name: 'tmp', mountPath: '/tmp' },
                ],
              },
            ],
            volumes: [
              { name: 'run', emptyDir: { medium: 'Memory', sizeLimit: '16Mi' } },
              { name: 'tmp', emptyDir: { sizeLimit: '256Mi' } },
            ],
          },
        },
        volumeClaimTemplates: claimTemplate(store, config, 'database', db.name, plan.storage.database),
      },
    },
    headlessService(store, config, namespace, 'cache', cache.name, { name: 'redis', port: cache.port }),
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: cache.name, namespace, labels: cacheLabels },
      spec: {
        serviceName: cache.name,
        replicas: 1,
        selector: { matchLabels: componentSelector(store, 'cache') },
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' },
        template: {
          metadata: { labels: cacheLabels, ...(cacheAnnotations ? { annotations: cacheAnnotations } : {}) },
          spec: {
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: podSecurityContext({ uid: cache.uid, gid: cache.gid }),
            containers: [
              {
                name: 'redis',
                image: images.redis,
                imagePullPolicy: 'IfNotPresent',
                // The password goes into a file only this user can read, not onto
                // the command line (/proc/<pid>/cmdline is world-readable).
                // Append-only file on the claim: queued events and workflow state survive a restart.
                command: ['sh', '-c', REDIS_START],
                ports: [{ name: 'redis', containerPort: cache.port, protocol: 'TCP' }],
                env: [
                  fromSecret('REDIS_PASSWORD', SECRET_KEYS.redisPassword),
                  // redis-cli (the probes) reads the password from here.
                  fromSecret('REDISCLI_AUTH', SECRET_KEYS.redisPassword),
                ],
                resources: medusaResources(store.plan, 'redis'),
                securityContext: containerSecurityContext(),
                startupProbe: { exec: { command: ['redis-cli', 'ping'] }, periodSeconds: 2, failureThreshold: 60 },
                readinessProbe: { exec: { command: ['redis-cli', 'ping'] }, periodSeconds: 10, timeoutSeconds: 5 },
                livenessProbe: { tcpSocket: { port: 'redis' }, periodSeconds: 20, failureThreshold: 6 },
                volumeMounts: [
                  { name: cache.claimTemplate, mountPath: '/data' },
                  { name: 'config', mountPath: '/run/redis' },
                ],
              },
            ],
            volumes: [{ name: 'config', emptyDir: { medium: 'Memory', sizeLimit: '1Mi' } }],
          },
        },
        volumeClaimTemplates: claimTemplate(store, config, 'cache', cache.name, cache.storage),
      },
    },
  ];
}
