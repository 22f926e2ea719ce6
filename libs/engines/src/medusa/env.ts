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

/** Everything Medusa's configuration (stores/medusa/medusa-config.ts) reads, for the server and the setup Job. */
export function medusaEnv(origin: string, tls: boolean): V1EnvVar[] {
  return [
    { name: 'NODE_ENV', value: 'production' },
    { name: 'MEDUSA_DISABLE_TELEMETRY', value: 'true' },
    { name: 'HOME', value: '/tmp' },
    ...connectionEnv(),
    fromSecret('JWT_SECRET', SECRET_KEYS.jwtSecret),
    fromSecret('COOKIE_SECRET', SECRET_KEYS.cookieSecret),
    { name: 'STORE_CORS', value: origin },
    { name: 'ADMIN_CORS', value: origin },
    { name: 'AUTH_CORS', value: origin },
    { name: 'MEDUSA_PUBLIC_URL', value: origin },
    { name: 'MEDUSA_SECURE_COOKIES', value: String(tls) },
  ];
}
