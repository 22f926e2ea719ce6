import type { V1EnvVar } from '@kubernetes/client-node';

import { saltKey, SECRET_KEYS, WOO, WORDPRESS_SALTS } from './names.js';

export function fromSecret(name: string, key: string): V1EnvVar {
  return { name, valueFrom: { secretKeyRef: { name: WOO.secret, key } } };
}

/**
 * The environment the official WordPress image turns into wp-config.php (read
 * at run time, so WP-CLI in the setup Job gets the same settings from it).
 */
export function wordpressEnv(storefrontUrl: string): V1EnvVar[] {
  const home = storefrontUrl.replace(/\/$/, '');
  return [
    { name: 'WORDPRESS_DB_HOST', value: `${WOO.database.name}:${WOO.database.port}` },
    { name: 'WORDPRESS_DB_NAME', value: WOO.database.schema },
    { name: 'WORDPRESS_DB_USER', value: WOO.database.user },
    fromSecret('WORDPRESS_DB_PASSWORD', SECRET_KEYS.databasePassword),
    ...WORDPRESS_SALTS.map((salt) => fromSecret(`WORDPRESS_${salt}`, saltKey(salt))),
    {
      name: 'WORDPRESS_CONFIG_EXTRA',
      value: [`define('WP_HOME', '${home}');`, `define('WP_SITEURL', '${home}');`, "define('DISALLOW_FILE_EDIT', true);"].join(
        '\n',
      ),
    },
  ];
}
