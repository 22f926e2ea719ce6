// Medusa configuration for a Storefleet store. Everything comes from the
// environment, which the blueprint (libs/engines/src/medusa) fills from the
// store's Secrets and host; nothing store-specific is baked into the image.
import { defineConfig } from '@medusajs/framework/utils';

const production = process.env.NODE_ENV === 'production';

/** Secrets must be given in production: Medusa would otherwise sign with a public default. */
function secret(name: 'JWT_SECRET' | 'COOKIE_SECRET'): string | undefined {
  const value = process.env[name];
  if (!value && production) throw new Error(`${name} must be set (medusa-config.ts)`);
  return value;
}

const redisUrl = process.env.REDIS_URL || undefined;

// With Redis, events, cache, locks and long-running workflows survive restarts
// and are shared between replicas; without it (a quick local try) Medusa's
// in-memory defaults are used.
const redisModules = redisUrl
  ? [
      { resolve: '@medusajs/medusa/event-bus-redis', options: { redisUrl } },
      { resolve: '@medusajs/medusa/cache-redis', options: { redisUrl } },
      { resolve: '@medusajs/medusa/workflow-engine-redis', options: { redis: { redisUrl } } },
      {
        resolve: '@medusajs/medusa/locking',
        options: {
          providers: [
            { resolve: '@medusajs/medusa/locking-redis', id: 'locking-redis', is_default: true, options: { redisUrl } },
          ],
        },
      },
    ]
  : [];

// Uploaded images live in ./static (a volume in Kubernetes), which Medusa
// serves at /static; their links use the store's public address.
const publicUrl = process.env.MEDUSA_PUBLIC_URL?.replace(/\/+$/, '');
const fileModules = publicUrl
  ? [
      {
        resolve: '@medusajs/medusa/file',
        options: {
          providers: [
            {
              resolve: '@medusajs/medusa/file-local',
              id: 'local',
              options: { upload_dir: 'static', backend_url: `${publicUrl}/static` },
            },
          ],
        },
      },
    ]
  : [];

export default defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    // The store's own Postgres, in its namespace, speaks no TLS (neither does the
    // official image by default). In production Medusa otherwise connects with
    // SSL and every connection fails ("timed out"); the URL's ssl_mode is not read.
    // Found on real pods (e2e/real-node); natively the host's Debian Postgres has SSL on.
    databaseDriverOptions: { connection: { ssl: false } },
    // Sessions (admin logins) in Redis as well, so any replica can serve them.
    redisUrl,
    // The admin's session cookie is Secure in production; a store served over
    // plain HTTP (a local cluster without TLS) turns that off explicitly.
    ...(process.env.MEDUSA_SECURE_COOKIES === 'false' ? { cookieOptions: { secure: false } } : {}),
    workerMode: (process.env.MEDUSA_WORKER_MODE as 'shared' | 'worker' | 'server' | undefined) ?? 'shared',
    http: {
      storeCors: process.env.STORE_CORS ?? '',
      adminCors: process.env.ADMIN_CORS ?? '',
      authCors: process.env.AUTH_CORS ?? '',
      jwtSecret: secret('JWT_SECRET'),
      cookieSecret: secret('COOKIE_SECRET'),
    },
  },
  admin: {
    // Served by Medusa itself at /app on the store's own host; it calls the
    // admin API on the same origin.
    path: '/app',
    backendUrl: process.env.MEDUSA_BACKEND_URL || '/',
    disable: process.env.MEDUSA_ADMIN_DISABLED === 'true',
  },
  modules: [...redisModules, ...fileModules],
});
