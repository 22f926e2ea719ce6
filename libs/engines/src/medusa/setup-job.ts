import type { V1Job } from '@kubernetes/client-node';

import { containerSecurityContext, podSecurityContext } from '../common/security.js';
import { componentLabels, podAnnotations } from '../labels.js';
import type { BlueprintStore, EngineConfig, MedusaConfig } from '../types.js';
import { waitContainer } from './app.js';
import { fromSecret, medusaEnv } from './env.js';
import { MEDUSA, MEDUSA_CLI, SECRET_KEYS } from './names.js';
import { medusaResources } from './resources.js';

/** The setup Job's command: the same two commands the tests run (e2e/medusa). Both are idempotent. */
export const MEDUSA_SETUP_COMMAND = `${MEDUSA_CLI.join(' ')} db:migrate && exec ${MEDUSA_CLI.join(' ')} exec ./src/scripts/setup.js`;

/**
 * The one-off setup with the store image, once Postgres answers: migrations,
 * the owner's admin login (email and generated password from the Secret),
 * then the seed (region, sales channel, publishable key, stock location,
 * shipping, sample products) and the completion marker Medusa waits for.
 */
export function setupJobManifest(
  store: BlueprintStore,
  config: EngineConfig,
  namespace: string,
  images: MedusaConfig['images'],
  urls: { origins: readonly string[]; adminEmail: string },
): V1Job {
  const labels = componentLabels(store, config, 'setup', MEDUSA.setup.name);
  const annotations = podAnnotations(config, 'setup');
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: MEDUSA.setup.name, namespace, labels },
    spec: {
      backoffLimit: 4,
      activeDeadlineSeconds: 1800,
      template: {
        metadata: { labels, ...(annotations ? { annotations } : {}) },
        spec: {
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: podSecurityContext({ uid: MEDUSA.app.uid, gid: MEDUSA.app.gid }),
          initContainers: [waitContainer(store, images.medusa, 'database')],
          containers: [
            {
              name: 'setup',
              image: images.medusa,
              imagePullPolicy: 'IfNotPresent',
              command: ['/bin/sh', '-c', MEDUSA_SETUP_COMMAND],
              workingDir: MEDUSA.workdir,
              env: [
                ...medusaEnv(urls.origins, config.tls.enabled),
                { name: 'MEDUSA_ADMIN_EMAIL', value: urls.adminEmail },
                fromSecret('MEDUSA_ADMIN_PASSWORD', SECRET_KEYS.adminPassword),
              ],
              resources: medusaResources(store.plan, 'setup'),
              securityContext: containerSecurityContext(),
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            },
          ],
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '512Mi' } }],
        },
      },
    },
  };
}
