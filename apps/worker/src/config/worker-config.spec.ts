import { ConfigError, engineVersions } from '@storefleet/config';

import { engineConfigFrom } from './engine-config.js';
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

  it('puts store pods on the real node only when STORE_REAL_NODE is true', () => {
    expect(engineConfigFrom(loadWorkerConfig(required)).podScheduling).toBeUndefined();
    expect(engineConfigFrom(loadWorkerConfig({ ...required, STORE_REAL_NODE: 'false' })).podScheduling).toBeUndefined();
    expect(engineConfigFrom(loadWorkerConfig({ ...required, STORE_REAL_NODE: 'true' })).podScheduling).toEqual({
      nodeSelector: { 'storefleet.dev/real-node': 'true' },
      tolerations: [{ key: 'storefleet.dev/real-node', operator: 'Exists', effect: 'NoSchedule' }],
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
    ['WOOCOMMERCE_MARIADB_IMAGE', 'docker.io/library/mariadb', 'pinned by tag'],
    // Short names: CRI-O refuses them under short-name enforcing.
    ['WOOCOMMERCE_MARIADB_IMAGE', 'mariadb:11.4.8', 'fully qualified'],
    ['MEDUSA_IMAGE', 'storefleet/medusa:0.1.0', 'fully qualified'],
    ['STORE_INGRESS_POD_LABELS', '["traefik"]', 'JSON object'],
    ['STORE_INGRESS_PORTS', '80;443', 'comma-separated list of ports'],
    ['STORE_INGRESS_PORTS', '80,70000', 'between 1 and 65535'],
    ['STORE_EGRESS_EXCLUDE_CIDRS', '203.0.113.7', 'CIDRs'],
    ['STORE_EGRESS_EXCLUDE_CIDRS', '203.0.113.7/33', 'is not a CIDR'],
    ['STORE_BASE_DOMAIN', 'Stores.Example.com', 'lowercase DNS name'],
    ['STORE_INGRESS_CLASS', 'not a class', 'IngressClass'],
    ['PROVISIONING_DEADLINE_SECONDS', '5', 'PROVISIONING_DEADLINE_SECONDS'],
    ['STORE_POD_ANNOTATIONS', '["x"]', 'JSON object'],
    ['STORE_POD_ANNOTATIONS', '{"a": 1}', 'JSON object of strings'],
    ['WOOCOMMERCE_VERSIONS', '6.9.0-php8.3-apache', 'is not a woocommerce version'],
    ['WOOCOMMERCE_VERSIONS', 'latest/10.3.0', 'is not a woocommerce version'],
    ['MEDUSA_VERSIONS', '0.2.0,latest', '"latest" is not a medusa version'],
    ['MEDUSA_VERSIONS', '0.2.0,0.2.0', 'lists a version twice'],
  ])('refuses %s=%s', (name, value, message) => {
    const text = problems({ [name]: value });
    expect(text).toContain(name);
    expect(text).toContain(message);
  });

  it('reads the engine versions allow-lists (empty by default: stores run the configured images)', () => {
    expect(engineVersions(loadWorkerConfig(required))).toEqual({ woocommerce: [], medusa: [] });
    const config = loadWorkerConfig({
      ...required,
      WOOCOMMERCE_VERSIONS: '6.8.3-php8.3-apache/10.2.2, 6.9.0-php8.3-apache/10.3.0',
      MEDUSA_VERSIONS: '0.2.0',
    });
    expect(engineVersions(config)).toEqual({
      woocommerce: ['6.8.3-php8.3-apache/10.2.2', '6.9.0-php8.3-apache/10.3.0'],
      medusa: ['0.2.0'],
    });
  });

  it('accepts images pinned by digest', () => {
    expect(problems({ WOOCOMMERCE_MARIADB_IMAGE: `docker.io/library/mariadb@sha256:${'a'.repeat(64)}` })).toBe('');
    expect(problems({ MEDUSA_IMAGE: 'localhost:5000/storefleet/medusa:0.1.0' })).toBe('');
  });

  it('refuses a database pool too small for the concurrency (each step holds a lock connection)', () => {
    expect(problems({ PROVISIONING_CONCURRENCY: '10', DATABASE_POOL_SIZE: '10' })).toContain(
      'DATABASE_POOL_SIZE: must be at least 20',
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
        STORE_INGRESS_POD_LABELS: '{"app.kubernetes.io/name":"traefik"}',
        STORE_INGRESS_PORTS: '8000,8443',
        STORE_EGRESS_EXCLUDE_CIDRS: '203.0.113.7/32,2001:db8::7/128',
      }),
    );
    expect(engine).toMatchObject({
      baseDomain: 'localtest.me',
      tls: { enabled: true, clusterIssuer: 'letsencrypt' },
      storageClassName: null,
      podAnnotations: { all: { 'sidecar.istio.io/inject': 'false' } },
      woocommerce: { woocommerceVersion: '9.8.5', storefrontVersion: null },
      ingressPodLabels: { 'app.kubernetes.io/name': 'traefik' },
      ingressPorts: [8000, 8443],
      egressExcludeCidrs: ['203.0.113.7/32', '2001:db8::7/128'],
    });
  });
});
