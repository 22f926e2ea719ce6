import type {
  V1Container,
  V1Deployment,
  V1EnvVar,
  V1PersistentVolumeClaim,
  V1Service,
  V1Volume,
  V1VolumeMount,
} from '@kubernetes/client-node';

import { UPLOAD_LIMIT_MIB } from '../common/ingress.js';
import { containerSecurityContext, podSecurityContext, UNPRIVILEGED_PORTS_SYSCTL } from '../common/security.js';
import { componentLabels, componentSelector, podAnnotations } from '../labels.js';
import type { PlanSpec } from '../plans.js';
import type { BlueprintStore, EngineConfig } from '../types.js';
import { WOO } from './names.js';
import { wordpressEnv } from './wordpress-env.js';

const app = WOO.app;

/**
 * Prepares the claim before WordPress or WP-CLI touch it, as www-data (the
 * pod's user): creates the content directory so www-data owns it, and moves
 * a WordPress tree from the claim's root into it (stores created before the
 * content lived in a subdirectory). Each entry moves with one rename, so a
 * kill at any point leaves every entry in one place or the other, and the
 * next start moves the rest.
 */
export const PREPARE_CONTENT_SCRIPT = String.raw`set -eu
cd /claim
mkdir -p ${app.contentSubPath}
for entry in * .[!.]* ..?*; do
  case "$entry" in ${app.contentSubPath} | lost+found) continue ;; esac
  [ -e "$entry" ] || [ -L "$entry" ] || continue
  if [ -e "${app.contentSubPath}/$entry" ]; then
    echo "prepare-content: left $entry at the claim's root: ${app.contentSubPath}/$entry exists" >&2
    continue
  fi
  mv "$entry" ${app.contentSubPath}/
done
`;

/** PHP settings of WordPress: uploads up to the store's upload limit (the ingress allows the same). */
export const WORDPRESS_PHP_INI = [
  `upload_max_filesize = ${UPLOAD_LIMIT_MIB}M`,
  `post_max_size = ${UPLOAD_LIMIT_MIB}M`,
  'max_execution_time = 120',
  '',
].join('\n');

/**
 * Writes WORDPRESS_PHP_INI into an emptyDir that the WordPress container
 * mounts into PHP's conf.d (a ConfigMap would need the worker to be allowed
 * ConfigMaps, which it is not).
 */
export function phpSettingsContainer(image: string): V1Container {
  return initScriptContainer(
    'php-settings',
    image,
    'printf "%s" "$PHP_SETTINGS" > /php/storefleet.ini',
    [{ name: 'php-config', mountPath: '/php' }],
    [{ name: 'PHP_SETTINGS', value: WORDPRESS_PHP_INI }],
  );
}

/** A small init container of the WordPress image that runs one shell script, locked down like every container. */
function initScriptContainer(
  name: string,
  image: string,
  script: string,
  volumeMounts: V1VolumeMount[],
  env?: V1EnvVar[],
): V1Container {
  return {
    name,
    image,
    imagePullPolicy: 'IfNotPresent',
    command: ['/bin/sh', '-c', script],
    ...(env ? { env } : {}),
    resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
    securityContext: containerSecurityContext(),
    volumeMounts,
  };
}

/** The init container that prepares the claim, for the app and the setup Job alike (whichever starts first). */
export function prepareContentContainer(image: string): V1Container {
  return initScriptContainer('prepare-content', image, PREPARE_CONTENT_SCRIPT, [{ name: 'content', mountPath: '/claim' }]);
}

/**
 * Brings the claim's WordPress core files to the image's (an upgrade, or a
 * rollback): the official image copies WordPress onto the claim only when the
 * claim has none, so a new image tag alone would run the old core. Everything
 * but wp-content (themes, plugins, uploads) is copied from the image's
 * /usr/src/wordpress, and wp-includes/version.php LAST: the guard compares
 * that file, so a kill before the end leaves it different and the next run
 * copies again. A claim without WordPress yet is left to the app's entrypoint.
 */
export const SYNC_CORE_SCRIPT = String.raw`set -eu
src="${'$'}{WORDPRESS_SOURCE:-/usr/src/wordpress}"
cd "${'$'}{WORDPRESS_TARGET:-/var/www/html}"
if [ ! -f wp-includes/version.php ]; then echo "sync-core: no WordPress on the claim yet"; exit 0; fi
if cmp -s "$src/wp-includes/version.php" wp-includes/version.php; then echo "sync-core: core files are the image's"; exit 0; fi
echo "sync-core: copying the image's WordPress core onto the claim"
tar --create --file - --directory "$src" --exclude ./wp-content --exclude ./wp-includes/version.php . | tar --extract --no-same-owner --file -
cp "$src/wp-includes/version.php" wp-includes/version.php.storefleet
mv wp-includes/version.php.storefleet wp-includes/version.php
echo "sync-core: done"
`;

/** The setup Job's init container that puts the image's core files on the claim (SYNC_CORE_SCRIPT). */
export function syncCoreContainer(image: string): V1Container {
  return initScriptContainer('sync-core', image, SYNC_CORE_SCRIPT, [CONTENT_MOUNT]);
}

/** The claim's content directory at /var/www/html. */
export const CONTENT_MOUNT: V1VolumeMount = { name: 'content', mountPath: '/var/www/html', subPath: app.contentSubPath };
export const CONTENT_VOLUME: V1Volume = { name: 'content', persistentVolumeClaim: { claimName: app.claim } };

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
            initContainers: [
              prepareContentContainer(config.woocommerce.images.wordpress),
              phpSettingsContainer(config.woocommerce.images.wordpress),
            ],
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
                  CONTENT_MOUNT,
                  // The image reads every .ini in conf.d; "zz-" sorts after its own.
                  {
                    name: 'php-config',
                    mountPath: '/usr/local/etc/php/conf.d/zz-storefleet.ini',
                    subPath: 'storefleet.ini',
                    readOnly: true,
                  },
                  { name: 'tmp', mountPath: '/tmp' },
                  { name: 'apache-run', mountPath: '/var/run/apache2' },
                  { name: 'apache-lock', mountPath: '/var/lock/apache2' },
                ],
              },
            ],
            volumes: [
              CONTENT_VOLUME,
              { name: 'php-config', emptyDir: { medium: 'Memory', sizeLimit: '1Mi' } },
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
