import type { V1EnvVar } from '@kubernetes/client-node';

import { MEDUSA, SECRET_KEYS } from './names.js';

export function fromSecret(name: string, key: string): V1EnvVar {
  return { name, valueFrom: { secretKeyRef: { name: MEDUSA.secret, key } } };
}

const db = MEDUSA.database;

/**
 * How Medusa and its tools reach Postgres and Redis. The URLs are assembled
 * by Kubernetes from the Secret's passwords ($(VAR) expansion of variables
 * defined before them), so no password is ever written into a manifest.
 * `ssl_mode=disable`: the database is inside the namespace, and Medusa would
 * otherwise insist on TLS for any host that is not localhost.
 */
export function connectionEnv(): V1EnvVar[] {
  return [
    fromSecret('POSTGRES_PASSWORD', SECRET_KEYS.databasePassword),
    fromSecret('REDIS_PASSWORD', SECRET_KEYS.redisPassword),
    {
      name: 'DATABASE_URL',
      value: `postgres://${db.user}:$(POSTGRES_PASSWORD)@${db.name}:${db.port}/${db.schema}?ssl_mode=disable`,
    },
    { name: 'REDIS_URL', value: `redis://:$(REDIS_PASSWORD)@${MEDUSA.cache.name}:${MEDUSA.cache.port}/0` },
  ];
}

/**
 * Everything Medusa's configuration (stores/medusa/medusa-config.ts) reads, for the server and the setup Job.
 * `origins`: every origin the store is served on, canonical first (common/ingress.ts storeOrigins): all are
 * allowed by CORS (comma-separated, as Medusa reads them), the canonical one is its public URL.
 */
export function medusaEnv(origins: readonly string[], tls: boolean): V1EnvVar[] {
  const cors = origins.join(',');
  return [
    { name: 'NODE_ENV', value: 'production' },
    { name: 'MEDUSA_DISABLE_TELEMETRY', value: 'true' },
    { name: 'HOME', value: '/tmp' },
    ...connectionEnv(),
    fromSecret('JWT_SECRET', SECRET_KEYS.jwtSecret),
    fromSecret('COOKIE_SECRET', SECRET_KEYS.cookieSecret),
    { name: 'STORE_CORS', value: cors },
    { name: 'ADMIN_CORS', value: cors },
    { name: 'AUTH_CORS', value: cors },
    { name: 'MEDUSA_PUBLIC_URL', value: origins[0] ?? '' },
    { name: 'MEDUSA_SECURE_COOKIES', value: String(tls) },
  ];
}

/**
 * Medusa booted for a one-off command that needs only the database (a
 * restore Job's last step: its pod reaches the database and nothing else of
 * the store): no REDIS_URL, so medusa-config.ts uses the in-memory modules.
 * (medusaEnv keeps its own order: a reordered env would restart every store.)
 */
export function medusaDatabaseOnlyEnv(): V1EnvVar[] {
  const serverOnly = new Set([
    'REDIS_PASSWORD',
    'REDIS_URL',
    'STORE_CORS',
    'ADMIN_CORS',
    'AUTH_CORS',
    'MEDUSA_PUBLIC_URL',
    'MEDUSA_SECURE_COOKIES',
  ]);
  return medusaEnv([], false).filter((v) => !serverOnly.has(v.name));
}
