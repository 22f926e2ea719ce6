import { ConfigError } from '@storefleet/config';

import { engineConfigFrom } from './engine-config.js';
import { nestLogLevels } from './log-levels.js';
import { loadWorkerConfig } from './worker-config.js';

const required = {
  DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/db',
  REDIS_URL: 'redis://127.0.0.1:6379',
  CREDENTIALS_KEY: Buffer.alloc(32, 7).toString('base64'),
};

function problems(env: Record<string, string>): string {
  try {
    loadWorkerConfig({ ...required, ...env });
  } catch (error) {
    return error instanceof ConfigError ? error.problems.join('\n') : (error as Error).message;
  }
  return '';
}

describe('the worker configuration', () => {
  it('has defaults for everything but the connections and the key', () => {
    const config = loadWorkerConfig(required);
    expect(config).toMatchObject({
      PROVISIONING_CONCURRENCY: 2,
      PROVISIONING_DEADLINE_SECONDS: 600,
      RECONCILE_INTERVAL_SECONDS: 60,
      RECONCILE_DELETE_ORPHANS: false,
      STORE_TLS_ENABLED: false,
      KUBE_QPS: 20,
      KUBE_BURST: 40,
      QUEUE_PREFIX: 'storefleet',
    });
  });

  it('reads booleans and numbers from strings', () => {
    const config = loadWorkerConfig({ ...required, RECONCILE_DELETE_ORPHANS: 'true', STORE_TLS_ENABLED: 'TRUE', KUBE_QPS: '5' });
    expect(config.RECONCILE_DELETE_ORPHANS).toBe(true);
    expect(config.STORE_TLS_ENABLED).toBe(true);
    expect(config.KUBE_QPS).toBe(5);
    expect(loadWorkerConfig({ ...required, RECONCILE_DELETE_ORPHANS: 'false' }).RECONCILE_DELETE_ORPHANS).toBe(false);
  });

  it.each([
    ['WOOCOMMERCE_WORDPRESS_IMAGE', 'wordpress:latest', 'pinned by tag'],
    ['WOOCOMMERCE_MARIADB_IMAGE', 'mariadb', 'pinned by tag'],
    ['STORE_BASE_DOMAIN', 'Stores.Example.com', 'lowercase DNS name'],
    ['STORE_INGRESS_CLASS', 'not a class', 'IngressClass'],
    ['PROVISIONING_DEADLINE_SECONDS', '5', 'PROVISIONING_DEADLINE_SECONDS'],
    ['STORE_POD_ANNOTATIONS', '["x"]', 'JSON object'],
    ['STORE_POD_ANNOTATIONS', '{"a": 1}', 'JSON object of strings'],
  ])('refuses %s=%s', (name, value, message) => {
    const text = problems({ [name]: value });
    expect(text).toContain(name);
    expect(text).toContain(message);
  });

  it('accepts images pinned by digest', () => {
    expect(problems({ WOOCOMMERCE_MARIADB_IMAGE: `mariadb@sha256:${'a'.repeat(64)}` })).toBe('');
  });

  it('refuses a database pool too small for the concurrency (each step holds a lock connection)', () => {
    expect(problems({ PROVISIONING_CONCURRENCY: '10', DATABASE_POOL_SIZE: '10' })).toContain(
      'DATABASE_POOL_SIZE: must be at least 15',
    );
  });

  it('turns the environment into the blueprints’ configuration', () => {
    const engine = engineConfigFrom(
      loadWorkerConfig({
        ...required,
        STORE_TLS_ENABLED: 'true',
        STORE_TLS_CLUSTER_ISSUER: 'letsencrypt',
        STORE_POD_ANNOTATIONS: '{"sidecar.istio.io/inject":"false"}',
        WOOCOMMERCE_PLUGIN_VERSION: '9.8.5',
      }),
    );
    expect(engine).toMatchObject({
      baseDomain: 'localtest.me',
      tls: { enabled: true, clusterIssuer: 'letsencrypt' },
      storageClassName: null,
      podAnnotations: { all: { 'sidecar.istio.io/inject': 'false' } },
      woocommerce: { woocommerceVersion: '9.8.5', storefrontVersion: null },
    });
  });

  it('maps LOG_LEVEL onto Nest’s levels', () => {
    expect(nestLogLevels('warn')).toEqual(['fatal', 'error', 'warn']);
    expect(nestLogLevels('info')).toEqual(['fatal', 'error', 'warn', 'log']);
    expect(nestLogLevels('silent')).toBe(false);
  });
});
